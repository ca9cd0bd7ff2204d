package dev.fulcrum.tune;

import java.util.ArrayList;
import java.util.List;

/**
 * Where a trial stands after a rung, however it was trained: validation AP after each epoch so
 * far, the best epoch, whether early stopping ended it, wall seconds over all its rungs, and the
 * epochs it had already trained when each rung started (0 for the first: a continued trial
 * starts each rung where the last one ended).
 */
public record TrialProgress(List<Double> validationAp, int bestEpoch, boolean stopped, double seconds,
                            List<Integer> rungStarts) {

    public TrialProgress {
        validationAp = List.copyOf(validationAp);
        rungStarts = List.copyOf(rungStarts);
    }

    public int epochs() {
        return validationAp.size();
    }

    /** Validation AP of the best epoch; NaN before any epoch. */
    public double best() {
        return bestEpoch == 0 ? Double.NaN : validationAp.get(bestEpoch - 1);
    }

    /** {@code rungStarts} of {@code before} (null: none yet) with {@code start} appended. */
    static List<Integer> startsAfter(TrialProgress before, int start) {
        List<Integer> s = new ArrayList<>(before == null ? List.of() : before.rungStarts());
        s.add(start);
        return s;
    }
}
