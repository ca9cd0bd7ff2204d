package dev.fulcrum.compare;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * The comparison's result: one {@link Entry} per grid cell or baseline with its per-seed runs,
 * aggregated to mean ± std over seeds and sorted by mean test PR-AUC (best first; entries with no
 * successful run last, then by name so the order is deterministic).
 */
public final class Leaderboard {
    /** One competitor: a grid cell ({@code kind = network}) or an MLlib baseline. */
    public record Entry(String name, String kind, String loss, String sampling, List<RunMetrics> runs) {
        public MeanStd stat(ToDoubleFunction<RunMetrics> metric) {
            return MeanStd.of(runs.stream().filter(RunMetrics::ok).mapToDouble(metric).toArray());
        }

        public MeanStd prAuc() {
            return stat(RunMetrics::prAuc);
        }

        /** The entry's row in compare.json at {@code rank}. */
        public LeaderboardRow row(int rank) {
            MeanStd bayes = stat(RunMetrics::bayesFraction);
            return new LeaderboardRow(rank, name, kind, loss, sampling, prAuc(), stat(RunMetrics::rocAuc),
                    stat(RunMetrics::recallAtPrecision90), stat(RunMetrics::f1), stat(RunMetrics::caught),
                    stat(RunMetrics::falseAlarms), stat(RunMetrics::trainSeconds), bayes.n() > 0 ? bayes : null,
                    runs.stream().filter(r -> !r.ok()).count(), runs);
        }
    }

    static final Comparator<Entry> ORDER = Comparator
            .comparingDouble((Entry e) -> {
                double m = e.prAuc().mean();
                return Double.isNaN(m) ? Double.POSITIVE_INFINITY : -m;
            })
            .thenComparing(Entry::name);

    private final List<Entry> entries;

    public Leaderboard(List<Entry> entries) {
        List<Entry> sorted = new ArrayList<>(entries);
        sorted.sort(ORDER);
        this.entries = List.copyOf(sorted);
    }

    /** Best first. */
    public List<Entry> entries() {
        return entries;
    }

    /** Ranked rows for compare.json. */
    public List<LeaderboardRow> rows() {
        List<LeaderboardRow> out = new ArrayList<>();
        for (int i = 0; i < entries.size(); i++) {
            out.add(entries.get(i).row(i + 1));
        }
        return List.copyOf(out);
    }
}
