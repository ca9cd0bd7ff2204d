package dev.fulcrum.config;

import dev.fulcrum.data.CsvOptions;
import dev.fulcrum.data.DataConfig;
import dev.fulcrum.data.GenerateConfig;
import dev.fulcrum.error.BadInputException;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import dev.fulcrum.data.ColumnRules;
import java.util.List;
import java.util.Locale;

/** Reads the {@code data} block (with {@code data.generate}) into a {@link DataConfig}. */
public final class DataReader {
    /** {@code data.format} and {@code data.generate.format}; a string in DataConfig (see there). */
    enum Format { AUTO, CSV, PARQUET }

    private DataReader() {
    }

    public static DataConfig read(ConfigReader r) {
        String input = r.string("input");
        if (input.isBlank()) {
            throw new BadInputException(r.path("input")
                    + " must be a path, a Hadoop URI or \"generate\"; got an empty string");
        }
        return new DataConfig(input, format(r.oneOf("format", Format.class)), r.string("label"),
                r.strings("features"), r.strings("idColumns"), r.oneOf("onBadRow", DataConfig.BadRowPolicy.class),
                generate(r.block("generate")), csv(r.block("csv")), rules(r));
    }

    /** {@code data.categorical} (auto or a list), {@code data.encoding}, {@code data.required}, {@code data.impute}. */
    static ColumnRules rules(ConfigReader r) {
        List<String> categorical;
        ConfigValue v = r.value("categorical");
        if (v.valueType() == ConfigValueType.STRING && "auto".equals(v.unwrapped())) {
            categorical = null;
        } else if (v.valueType() == ConfigValueType.LIST) {
            categorical = r.strings("categorical");
        } else {
            throw r.mustBe("categorical", "auto or a list of column names, e.g. [merchant, country]");
        }
        List<String> required = r.strings("required");
        String label = r.string("label");
        if ((categorical != null && categorical.contains(label)) || required.contains(label)) {
            throw new BadInputException(r.path(categorical != null && categorical.contains(label) ? "categorical" : "required")
                    + " must not name the label column " + label + "; the label is always a required 0/1 column");
        }
        ConfigReader imp = r.block("impute");
        ColumnRules.Impute strategy = imp.oneOf("strategy", ColumnRules.Impute.class);
        double constant = imp.number("constant");
        return new ColumnRules(categorical, required, strategy, constant, imp.bool("indicator"),
                r.oneOf("encoding", ColumnRules.Encoding.class), r.numberAbove("targetSmoothing", 0));
    }

    /** {@code data.csv}: one-character delimiter and quote that differ, any nullValue. */
    public static CsvOptions csv(ConfigReader c) {
        char delimiter = oneChar(c, "delimiter");
        char quote = oneChar(c, "quote");
        if (delimiter == quote) {
            throw new BadInputException(c.path("quote") + " must differ from " + c.path("delimiter") + "; both are \""
                    + CsvOptions.spell(delimiter) + "\"");
        }
        return new CsvOptions(delimiter, quote, c.string("nullValue"));
    }

    private static char oneChar(ConfigReader c, String key) {
        String s = c.string(key);
        if (s.length() != 1 || s.charAt(0) == '\n' || s.charAt(0) == '\r') {
            throw new BadInputException(c.path(key) + " must be one character (not a line break), e.g. \",\", \";\" or \"\\t\"; got "
                    + c.render(key));
        }
        return s.charAt(0);
    }

    public static GenerateConfig generate(ConfigReader g) {
        return new GenerateConfig(g.longAtLeast("rows", 1), g.number("fraudRate", 0, false, 0.5, false),
                g.anyLong("seed"), g.intAtLeast("partitions", 1),
                format(g.oneOf("format", java.util.EnumSet.of(Format.CSV, Format.PARQUET))));
    }

    private static String format(Format f) {
        return f.name().toLowerCase(Locale.ROOT);
    }
}
