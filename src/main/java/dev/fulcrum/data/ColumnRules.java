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
 * @param encoding    how the categorical columns become network inputs ({@code data.encoding})
 * @param smoothing   {@link Encoding#TARGET}'s pseudo-rows per level ({@code data.targetSmoothing})
 */
public record ColumnRules(List<String> categorical, List<String> required, Impute impute, double constant,
                          boolean indicator, Encoding encoding, double smoothing) implements Serializable {
    /** {@code data.impute.strategy}. */
    public enum Impute { NONE, MEDIAN, MEAN, CONSTANT }

    /**
     * {@code data.encoding}: a 0/1 input per level (one-hot), or one input per column, the level's
     * smoothed positive rate on the training split (target; {@code features.TargetEncoder}).
     */
    public enum Encoding { ONEHOT, TARGET }

    /** The default {@code data.targetSmoothing}. */
    public static final double DEFAULT_SMOOTHING = 20;

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
        if (!(smoothing > 0) || !Double.isFinite(smoothing)) {
            throw new IllegalArgumentException("the target-encoding smoothing must be a finite number > 0; got "
                    + smoothing);
        }
    }

    /** One-hot categorical columns. */
    public ColumnRules(List<String> categorical, List<String> required, Impute impute, double constant,
                       boolean indicator) {
        this(categorical, required, impute, constant, indicator, Encoding.ONEHOT, DEFAULT_SMOOTHING);
    }

    public boolean autoCategorical() {
        return categorical == null;
    }

    /** These rules with the categorical columns fixed (what a trained model records for scoring). */
    public ColumnRules withCategorical(List<String> columns) {
        return new ColumnRules(columns, required, impute, constant, indicator, encoding, smoothing);
    }

    /** May an empty cell of the numeric feature {@code column} pass as a value? */
    boolean numericMayBeMissing(String column) {
        return impute != Impute.NONE && !required.contains(column);
    }
}
