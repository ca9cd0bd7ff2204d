package dev.fulcrum.config;

import dev.fulcrum.error.BadInputException;
import com.typesafe.config.Config;
import java.util.List;

/** The {@code data} block: where rows come from and how strictly they are validated. */
public record DataConfig(String input, String format, String label, List<String> features,
                         List<String> idColumns, BadRowPolicy onBadRow, GenerateConfig generate) {

    public enum BadRowPolicy { FAIL, QUARANTINE }

    public boolean generated() {
        return "generate".equals(input);
    }

    static DataConfig from(Config c) {
        Keys k = new Keys(c, "data");
        String input = k.string("input");
        if (input.isBlank()) {
            throw new BadInputException("data.input must be a path, a Hadoop URI or \"generate\"; got an empty string");
        }
        String policy = k.oneOf("onBadRow", "fail", "quarantine");
        return new DataConfig(input, k.oneOf("format", "auto", "csv", "parquet"), k.string("label"),
                k.strings("features"), k.strings("idColumns"), BadRowPolicy.valueOf(policy.toUpperCase()),
                GenerateConfig.from(c.getConfig("generate"), "data.generate"));
    }
}
