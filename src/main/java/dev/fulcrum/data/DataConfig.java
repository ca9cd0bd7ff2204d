package dev.fulcrum.data;

import java.util.List;

/**
 * The {@code data} block: where rows come from and how strictly they are validated.
 *
 * @param format csv | parquet | auto (a string, as {@code fulcrum score --input-format} passes it through)
 * @param csv    how CSV lines split ({@code data.csv}); unused for Parquet
 * @param rules  categorical columns and empty cells ({@code data.categorical}, {@code data.required},
 *               {@code data.impute})
 */
public record DataConfig(String input, String format, String label, List<String> features,
                         List<String> idColumns, BadRowPolicy onBadRow, GenerateConfig generate, CsvOptions csv,
                         ColumnRules rules) {

    /** {@code data.onBadRow}. */
    public enum BadRowPolicy { FAIL, QUARANTINE }

    /** The value of {@code data.input} that asks for generated data. */
    public static final String GENERATE = "generate";

    public DataConfig {
        if (csv == null) {
            throw new IllegalArgumentException("csv options are required; use CsvOptions.DEFAULT");
        }
        if (rules == null) {
            throw new IllegalArgumentException("column rules are required; use ColumnRules.STRICT");
        }
    }

    /** Every feature numeric, every cell required ({@link ColumnRules#STRICT}). */
    public DataConfig(String input, String format, String label, List<String> features, List<String> idColumns,
                      BadRowPolicy onBadRow, GenerateConfig generate, CsvOptions csv) {
        this(input, format, label, features, idColumns, onBadRow, generate, csv, ColumnRules.STRICT);
    }

    public boolean generated() {
        return GENERATE.equals(input);
    }

    public DataConfig withRules(ColumnRules r) {
        return new DataConfig(input, format, label, features, idColumns, onBadRow, generate, csv, r);
    }
}
