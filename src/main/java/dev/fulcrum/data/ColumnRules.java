package dev.fulcrum.data;

import java.io.Serializable;
import java.util.List;

/**
 * How a tabular input's feature columns are typed and what an empty cell means
 * ({@code data.categorical}, {@code data.required}, {@code data.impute}).
 *
 * <p>A categorical column is read as a string; an empty cell in it is the level {@link #MISSING_LEVEL}
 * (a value the encoder learns like any other). An empty numeric cell is null, for the imputer in the
 * saved pipeline to fill, unless {@code impute} is {@link Impute#NONE}. A column in {@code required}
 * keeps the strict rule: an empty cell makes the row bad ("column X: missing value"). The label is
 * never categorical nor imputed.
 *
 * @param categorical the categorical feature columns, or null for {@code auto}: a CSV column whose
 *                    non-empty cells are mostly not numbers, a Parquet string column
 * @param required    columns in which an empty cell is a bad row
 * @param impute      what fills an empty numeric cell
 * @param constant    the value for {@link Impute#CONSTANT}
 * @param indicator   add a 0/1 {@code <col>_missing} feature for each imputed numeric column
 */
public record ColumnRules(List<String> categorical, List<String> required, Impute impute, double constant,
                          boolean indicator) implements Serializable {
    /** {@code data.impute.strategy}. */
    public enum Impute { NONE, MEDIAN, MEAN, CONSTANT }

    /** What an empty categorical cell becomes: a level of its own, distinct from any unseen value. */
    public static final String MISSING_LEVEL = "(missing)";

    /** The rules before categorical and missing values were supported: every feature numeric and required. */
    public static final ColumnRules STRICT = new ColumnRules(List.of(), List.of(), Impute.NONE, 0, false);

    public ColumnRules {
        categorical = categorical == null ? null : List.copyOf(categorical);
        required = List.copyOf(required);
        if (!Double.isFinite(constant)) {
            throw new IllegalArgumentException("the constant imputed must be finite; got " + constant);
        }
    }

    public boolean autoCategorical() {
        return categorical == null;
    }

    /** These rules with the categorical columns fixed (what a trained model records for scoring). */
    public ColumnRules withCategorical(List<String> columns) {
        return new ColumnRules(columns, required, impute, constant, indicator);
    }

    /** May an empty cell of the numeric feature {@code column} pass as a value? */
    boolean numericMayBeMissing(String column) {
        return impute != Impute.NONE && !required.contains(column);
    }
}
