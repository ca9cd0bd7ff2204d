package dev.fulcrum.tune;

import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Which trials go on to the next rung: the best {@code ceil(n / reduction)} by validation AP (the
 * best epoch's), ties to the lower trial id; a trial whose AP is NaN (it diverged) ranks last.
 * Synchronous successive halving: a rung starts once the one before it has finished, which on a
 * small cluster loses little and keeps the search deterministic for a seed.
 */
public final class SuccessiveHalving {
    private SuccessiveHalving() {
    }

    /** @param best validation AP per trial id, for the trials of the rung that ended */
    public static List<Integer> promote(Map<Integer, Double> best, int reduction) {
        int keep = (int) Math.ceil(best.size() / (double) reduction);
        return best.keySet().stream().sorted(ranking(best)).limit(keep).sorted().toList();
    }

    /** Best first. */
    public static Comparator<Integer> ranking(Map<Integer, Double> best) {
        return Comparator.<Integer>comparingDouble(id -> {
            double v = best.get(id);
            return Double.isNaN(v) ? Double.POSITIVE_INFINITY : -v;
        }).thenComparing(Comparator.naturalOrder());
    }
}
