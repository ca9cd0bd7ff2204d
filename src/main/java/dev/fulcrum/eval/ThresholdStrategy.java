package dev.fulcrum.eval;

import dev.fulcrum.error.BadInputException;
import java.util.List;

/**
 * How the decision threshold is chosen on the validation split; the job block
 * {@code evaluation { threshold { ... } }}:
 * <pre>
 * strategy = max-f1                                  # default when the block is empty
 * strategy = max-fbeta,        beta = 2              # beta finite, > 0
 * strategy = target-recall,    recall = 0.9          # in (0,1]
 * strategy = target-precision, precision = 0.9       # in (0,1]
 * strategy = min-cost,         costFN = 100, costFP = 1   # finite, >= 0, not both 0
 * strategy = fixed,            value = 0.5           # in [0,1]
 * </pre>
 * Read from a job file by {@code dev.fulcrum.config.ThresholdReader}, which rejects keys the
 * chosen strategy does not use (they are usually typos). See {@link ThresholdSelector} for what
 * each strategy picks.
 */
public final class ThresholdStrategy {
    /** The strategies and the keys each one needs. */
    public enum Kind {
        MAX_F1("max-f1"), MAX_FBETA("max-fbeta", "beta"), TARGET_RECALL("target-recall", "recall"),
        TARGET_PRECISION("target-precision", "precision"), MIN_COST("min-cost", "costFN", "costFP"),
        FIXED("fixed", "value");

        final String id;
        final List<String> keys;

        Kind(String id, String... keys) {
            this.id = id;
            this.keys = List.of(keys);
        }

        public String id() {
            return id;
        }

        /** The parameter keys the strategy takes, e.g. {@code [costFN, costFP]}. */
        public List<String> keys() {
            return keys;
        }
    }

    /** Path of the block in the job file, named in error messages. */
    public static final String DEFAULT_PATH = "evaluation.threshold";

    private final Kind kind;
    private final double a;
    private final double b;

    private ThresholdStrategy(Kind kind, double a, double b) {
        this.kind = kind;
        this.a = a;
        this.b = b;
    }

    public static ThresholdStrategy maxF1() {
        return new ThresholdStrategy(Kind.MAX_F1, Double.NaN, Double.NaN);
    }

    public static ThresholdStrategy maxFbeta(double beta) {
        return validated(Kind.MAX_FBETA, beta, Double.NaN, DEFAULT_PATH);
    }

    public static ThresholdStrategy targetRecall(double recall) {
        return validated(Kind.TARGET_RECALL, recall, Double.NaN, DEFAULT_PATH);
    }

    public static ThresholdStrategy targetPrecision(double precision) {
        return validated(Kind.TARGET_PRECISION, precision, Double.NaN, DEFAULT_PATH);
    }

    public static ThresholdStrategy minCost(double costFN, double costFP) {
        return validated(Kind.MIN_COST, costFN, costFP, DEFAULT_PATH);
    }

    public static ThresholdStrategy fixed(double value) {
        return validated(Kind.FIXED, value, Double.NaN, DEFAULT_PATH);
    }

    /**
     * The strategy with its parameters, validated; messages name {@code <path>.<key>}.
     *
     * @param a    beta, recall, precision, costFN or value, as the kind takes (ignored by max-f1)
     * @param b    costFP for min-cost (ignored otherwise)
     * @param path the block's path in the job file, e.g. {@value #DEFAULT_PATH}
     */
    public static ThresholdStrategy of(Kind kind, double a, double b, String path) {
        return kind == Kind.MAX_F1 ? maxF1() : validated(kind, a, kind == Kind.MIN_COST ? b : Double.NaN, path);
    }

    private static ThresholdStrategy validated(Kind kind, double a, double b, String path) {
        switch (kind) {
            case MAX_FBETA -> require(a > 0 && Double.isFinite(a), path + ".beta must be > 0", a);
            case TARGET_RECALL -> require(a > 0 && a <= 1, path + ".recall must be in (0, 1]", a);
            case TARGET_PRECISION -> require(a > 0 && a <= 1, path + ".precision must be in (0, 1]", a);
            case FIXED -> require(a >= 0 && a <= 1, path + ".value must be in [0, 1]", a);
            case MIN_COST -> {
                require(a >= 0 && Double.isFinite(a), path + ".costFN must be >= 0", a);
                require(b >= 0 && Double.isFinite(b), path + ".costFP must be >= 0", b);
                if (a == 0 && b == 0) {
                    throw new BadInputException(path + ".costFN and " + path
                            + ".costFP must not both be 0; got 0 and 0; e.g. costFN = 100, costFP = 1");
                }
            }
            case MAX_F1 -> {
            }
        }
        return new ThresholdStrategy(kind, a, b);
    }

    private static void require(boolean ok, String rule, double got) {
        if (!ok) {
            throw new BadInputException(rule + "; got " + fmt(got));
        }
    }

    private static String fmt(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
    }

    public Kind kind() {
        return kind;
    }

    /** beta, recall, precision, costFN or value, depending on the kind; NaN for max-f1. */
    double first() {
        return a;
    }

    /** costFP for min-cost; NaN otherwise. */
    double second() {
        return b;
    }

    /** E.g. {@code max-fbeta(beta=2)}, {@code min-cost(costFN=100, costFP=1)}. */
    public String describe() {
        return switch (kind) {
            case MAX_F1 -> kind.id;
            case MIN_COST -> kind.id + "(costFN=" + fmt(a) + ", costFP=" + fmt(b) + ")";
            default -> kind.id + "(" + kind.keys.get(0) + "=" + fmt(a) + ")";
        };
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ThresholdStrategy t && t.kind == kind
                && Double.compare(t.a, a) == 0 && Double.compare(t.b, b) == 0;
    }

    @Override
    public int hashCode() {
        return kind.hashCode() * 31 + Double.hashCode(a) * 17 + Double.hashCode(b);
    }

    @Override
    public String toString() {
        return describe();
    }
}
