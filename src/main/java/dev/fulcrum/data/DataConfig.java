package dev.fulcrum.data;

import java.util.List;

/**
 * The {@code data} block: where rows come from and how strictly they are validated.
 *
 * @param format csv | parquet | auto (a string, as {@code fulcrum score --input-format} passes it through)
 */
public record DataConfig(String input, String format, String label, List<String> features,
                         List<String> idColumns, BadRowPolicy onBadRow, GenerateConfig generate) {

    /** {@code data.onBadRow}. */
    public enum BadRowPolicy { FAIL, QUARANTINE }

    /** The value of {@code data.input} that asks for generated data. */
    public static final String GENERATE = "generate";

    public boolean generated() {
        return GENERATE.equals(input);
    }
}
