package dev.fulcrum.report;

import dev.fulcrum.results.AtThreshold;
import dev.fulcrum.results.SplitMetrics;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The rows of the report's validation-vs-test table: each metric of {@link SplitMetrics} under its
 * metrics.json name ({@code atThreshold · f1} for the nested ones), read through the record.
 */
final class MetricRows {
    private static final Map<String, Function<SplitMetrics, Object>> ROWS = rows();
    static final List<String> NAMES = List.copyOf(ROWS.keySet());

    private MetricRows() {
    }

    /** The value of metric {@code name} in {@code s}, or null when {@code s} is absent. */
    static Object value(SplitMetrics s, String name) {
        return s == null ? null : ROWS.get(name).apply(s);
    }

    private static Map<String, Function<SplitMetrics, Object>> rows() {
        Map<String, Function<SplitMetrics, Object>> r = new LinkedHashMap<>();
        r.put("rows", SplitMetrics::rows);
        r.put("positives", SplitMetrics::positives);
        r.put("negatives", SplitMetrics::negatives);
        r.put("distinctScores", SplitMetrics::distinctScores);
        r.put("exact", SplitMetrics::exact);
        r.put("rocAuc", SplitMetrics::rocAuc);
        r.put("prAuc", SplitMetrics::prAuc);
        r.put("brier", SplitMetrics::brier);
        r.put("recallAtPrecision0.9", SplitMetrics::recallAtPrecision90);
        r.put("precisionAtRecall0.9", SplitMetrics::precisionAtRecall90);
        for (var at : List.<Map.Entry<String, Function<SplitMetrics, AtThreshold>>>of(
                Map.entry("atThreshold", SplitMetrics::atThreshold), Map.entry("at0.5", SplitMetrics::atHalf))) {
            Function<SplitMetrics, AtThreshold> g = at.getValue();
            for (var f : atThresholdFields()) {
                r.put(at.getKey() + " · " + f.getKey(), s -> g.apply(s) == null ? null : f.getValue().apply(g.apply(s)));
            }
        }
        return r;
    }

    private static List<Map.Entry<String, Function<AtThreshold, Object>>> atThresholdFields() {
        List<Map.Entry<String, Function<AtThreshold, Object>>> f = new ArrayList<>();
        f.add(Map.entry("threshold", AtThreshold::threshold));
        f.add(Map.entry("tp", AtThreshold::tp));
        f.add(Map.entry("fp", AtThreshold::fp));
        f.add(Map.entry("tn", AtThreshold::tn));
        f.add(Map.entry("fn", AtThreshold::fn));
        f.add(Map.entry("precision", AtThreshold::precision));
        f.add(Map.entry("recall", AtThreshold::recall));
        f.add(Map.entry("f1", AtThreshold::f1));
        f.add(Map.entry("f2", AtThreshold::f2));
        f.add(Map.entry("mcc", AtThreshold::mcc));
        f.add(Map.entry("balancedAccuracy", AtThreshold::balancedAccuracy));
        f.add(Map.entry("gmean", AtThreshold::gmean));
        f.add(Map.entry("specificity", AtThreshold::specificity));
        f.add(Map.entry("accuracy", AtThreshold::accuracy));
        return f;
    }
}
