package dev.fulcrum.sampling;

import com.typesafe.config.Config;
import dev.fulcrum.error.BadInputException;
import java.util.Set;

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
    public static final long DEFAULT_SEED = 7L;
    private static final Set<String> KEYS = Set.of("train", "validation", "test", "seed", "groupBy", "timeColumn");

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

    /** Validating factory for code (tests, the CLI); same rules as {@link #parse}. */
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

    public static SplitSpec parse(Config splitBlock) {
        ConfigReads.rejectUnknownKeys(splitBlock, "split", KEYS);
        for (String k : new String[] {"train", "validation", "test"}) {
            if (!splitBlock.hasPath(k)) {
                throw new BadInputException("split." + k + " is required; got nothing; e.g. split { train = 0.6, "
                        + "validation = 0.2, test = 0.2 }");
            }
        }
        return of(ConfigReads.getDouble(splitBlock, "train", "split.train", 0),
                ConfigReads.getDouble(splitBlock, "validation", "split.validation", 0),
                ConfigReads.getDouble(splitBlock, "test", "split.test", 0),
                ConfigReads.getLong(splitBlock, "seed", "split.seed", DEFAULT_SEED),
                ConfigReads.getStringOrNull(splitBlock, "groupBy", "split.groupBy"),
                ConfigReads.getStringOrNull(splitBlock, "timeColumn", "split.timeColumn"));
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
