package dev.fulcrum.sampling;

import dev.fulcrum.error.BadInputException;

/**
 * The job file's {@code split { train = 0.6, validation = 0.2, test = 0.2, seed = 7, groupBy = null,
 * timeColumn = null }} block, validated before Spark starts.
 *
 * <ul>
 *   <li>{@code groupBy}: rows sharing this key (e.g. a card id) always land in the same split, so a
 *       model is never tested on an entity it trained on.</li>
 *   <li>{@code timeColumn}: train on the past, test on the future (a global time cut, see
 *       {@link StratifiedSplitter}).</li>
 * </ul>
 */
public final class SplitSpec {
    /** Tolerance on {@code train + validation + test == 1}. */
    public static final double SUM_TOLERANCE = 1e-9;

    private final double train;
    private final double validation;
    private final double test;
    private final long seed;
    private final String groupBy;
    private final String timeColumn;

    private SplitSpec(double train, double validation, double test, long seed, String groupBy, String timeColumn) {
        this.train = train;
        this.validation = validation;
        this.test = test;
        this.seed = seed;
        this.groupBy = groupBy;
        this.timeColumn = timeColumn;
    }

    /** Validating factory; {@code dev.fulcrum.config.SplitReader} reads the job file's block into it. */
    public static SplitSpec of(double train, double validation, double test, long seed, String groupBy,
                               String timeColumn) {
        checkFraction("split.train", train);
        checkFraction("split.validation", validation);
        checkFraction("split.test", test);
        double sum = train + validation + test;
        if (Math.abs(sum - 1.0) > SUM_TOLERANCE) {
            throw new BadInputException("split: train + validation + test must sum to 1; got " + train + " + "
                    + validation + " + " + test + " = " + sum);
        }
        return new SplitSpec(train, validation, test, seed, groupBy, timeColumn);
    }

    public static SplitSpec of(double train, double validation, double test, long seed) {
        return of(train, validation, test, seed, null, null);
    }

    private static void checkFraction(String path, double v) {
        if (!(v > 0.0 && v < 1.0)) {
            throw new BadInputException(path + " must be in (0, 1); got " + v);
        }
    }

    public double train() {
        return train;
    }

    public double validation() {
        return validation;
    }

    public double test() {
        return test;
    }

    public long seed() {
        return seed;
    }

    /** The grouping column, or {@code null}. */
    public String groupBy() {
        return groupBy;
    }

    /** The time column for a time-ordered split, or {@code null}. */
    public String timeColumn() {
        return timeColumn;
    }

    @Override
    public String toString() {
        return "split(train=" + train + ", validation=" + validation + ", test=" + test + ", seed=" + seed
                + (groupBy == null ? "" : ", groupBy=" + groupBy)
                + (timeColumn == null ? "" : ", timeColumn=" + timeColumn) + ")";
    }
}
