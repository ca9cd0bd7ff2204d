package dev.fulcrum.compare;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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

        Map<String, Object> toMap(int rank) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("rank", rank);
            m.put("name", name);
            m.put("kind", kind);
            m.put("loss", loss);
            m.put("sampling", sampling);
            m.put("prAuc", prAuc().toMap());
            m.put("rocAuc", stat(RunMetrics::rocAuc).toMap());
            m.put("recallAtPrecision0.9", stat(RunMetrics::recallAtPrecision90).toMap());
            m.put("f1AtTunedThreshold", stat(RunMetrics::f1).toMap());
            m.put("caughtAtTunedThreshold", stat(RunMetrics::caught).toMap());
            m.put("falseAlarmsAtTunedThreshold", stat(RunMetrics::falseAlarms).toMap());
            m.put("trainSeconds", stat(RunMetrics::trainSeconds).toMap());
            MeanStd bayes = stat(RunMetrics::bayesFraction);
            if (bayes.n() > 0) {
                m.put("prAucFractionOfBayes", bayes.toMap());
            }
            m.put("failedRuns", runs.stream().filter(r -> !r.ok()).count());
            m.put("runs", runs.stream().map(RunMetrics::toMap).toList());
            return m;
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
    public List<Map<String, Object>> toMaps() {
        List<Map<String, Object>> out = new ArrayList<>();
        for (int i = 0; i < entries.size(); i++) {
            out.add(entries.get(i).toMap(i + 1));
        }
        return out;
    }
}
