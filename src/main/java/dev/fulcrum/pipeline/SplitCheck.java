package dev.fulcrum.pipeline;

import dev.fulcrum.data.ClassCounts;
import dev.fulcrum.error.BadInputException;
import dev.fulcrum.sampling.SplitSpec;
import dev.fulcrum.sampling.StratifiedSplitter;
import java.util.Locale;

/**
 * What the stages after the split need of it, checked before any training: both classes in the
 * training split (there is nothing to learn otherwise), and in validation (early stopping and the
 * threshold are tuned on it) and test (PR-AUC, recall and the confusion matrix are measured on
 * it). A split that misses a class fails here, in seconds, rather than after training, where a
 * rerun or a {@code --resume} would fail the same way.
 */
final class SplitCheck {
    private SplitCheck() {
    }

    static void requireBothClasses(ClassCounts all, ClassCounts train, ClassCounts validation, ClassCounts test,
                                   SplitSpec spec) {
        String missing = missing("train", train) + missing("validation", validation) + missing("test", test);
        if (missing.isEmpty()) {
            return;
        }
        String counts = String.format(Locale.ROOT, "train %d/%d, validation %d/%d, test %d/%d positives/rows",
                train.positives(), train.total(), validation.positives(), validation.total(), test.positives(),
                test.total());
        String fix;
        if (spec.groupBy() != null || spec.timeColumn() != null) {
            fix = "with split.groupBy / split.timeColumn the classes follow the groups or the time order; provide "
                    + "data with positives throughout, or change the split fractions";
        } else {
            fix = String.format(Locale.ROOT, "with fractions %s/%s/%s a class needs at least %d rows to reach every "
                            + "split; provide more rows of it or change the split fractions",
                    num(spec.train()), num(spec.validation()), num(spec.test()),
                    minimumRows(spec));
        }
        throw new BadInputException("split: " + missing.substring(2) + " (" + counts + "; the input has "
                + all.positives() + " positive and " + all.negatives() + " negative rows). Training needs both classes, "
                + "validation needs them to tune the threshold and stop early, test to measure the model; " + fix);
    }

    /**
     * The fewest rows of one class for which the stratified split's per-class cuts
     * ({@link StratifiedSplitter#rowsPerSplit}) leave at least one row in each split.
     */
    static long minimumRows(SplitSpec spec) {
        for (long n = 3; n < 1_000_000; n++) {
            long[] rows = StratifiedSplitter.rowsPerSplit(spec, n);
            if (rows[0] >= 1 && rows[1] >= 1 && rows[2] >= 1) {
                return n;
            }
        }
        return 1_000_000;
    }

    private static String missing(String split, ClassCounts c) {
        if (c.total() == 0) {
            return "; the " + split + " split is empty";
        }
        if (c.positives() == 0) {
            return "; the " + split + " split has no positive rows";
        }
        if (c.negatives() == 0) {
            return "; the " + split + " split has no negative rows";
        }
        return "";
    }

    private static String num(double d) {
        return d == Math.rint(d) ? String.valueOf((long) d) : String.valueOf(d);
    }
}
