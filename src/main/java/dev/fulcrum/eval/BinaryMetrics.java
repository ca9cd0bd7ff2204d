package dev.fulcrum.eval;

import java.util.LinkedHashMap;

/** The numbers of {@code metrics.json} for one evaluated split. */
public final class BinaryMetrics {
    /** Fixed operating points reported as recall@precision and precision@recall. */
    public static final double OPERATING_POINT = 0.9;

    private BinaryMetrics() {
    }

    /**
     * Ordered, JSON-friendly map (values are Long, Double, String, Boolean or nested maps; NaN
     * and infinities become null):
     * <pre>
     * rows, positives, negatives, distinctScores, exact, rocAuc, prAuc (= average precision),
     * brier, recallAtPrecision0.9, precisionAtRecall0.9,
     * atThreshold {threshold, tp, fp, tn, fn, precision, recall, f1, f2, mcc, balancedAccuracy,
     *              gmean, specificity, accuracy},
     * at0.5 {same keys}
     * </pre>
     */
    public static LinkedHashMap<String, Object> toMap(ScoreSummary s, double threshold) {
        LinkedHashMap<String, Object> m = new LinkedHashMap<>();
        m.put("rows", s.rows());
        m.put("positives", s.positives());
        m.put("negatives", s.negatives());
        m.put("distinctScores", s.distinctScores());
        m.put("exact", s.exact());
        m.put("rocAuc", num(s.rocAuc()));
        m.put("prAuc", num(s.averagePrecision()));
        m.put("brier", num(s.brier()));
        m.put("recallAtPrecision0.9", num(s.recallAtPrecision(OPERATING_POINT)));
        m.put("precisionAtRecall0.9", num(s.precisionAtRecall(OPERATING_POINT)));
        m.put("atThreshold", atThreshold(s, threshold));
        m.put("at0.5", atThreshold(s, 0.5));
        return m;
    }

    /** Confusion matrix and the threshold-dependent metrics at one threshold. */
    public static LinkedHashMap<String, Object> atThreshold(ScoreSummary s, double threshold) {
        ConfusionMatrix cm = s.at(threshold);
        LinkedHashMap<String, Object> m = new LinkedHashMap<>();
        m.put("threshold", num(threshold));
        m.put("tp", cm.tp());
        m.put("fp", cm.fp());
        m.put("tn", cm.tn());
        m.put("fn", cm.fn());
        m.put("precision", num(cm.precision()));
        m.put("recall", num(cm.recall()));
        m.put("f1", num(cm.f1()));
        m.put("f2", num(cm.fbeta(2)));
        m.put("mcc", num(cm.mcc()));
        m.put("balancedAccuracy", num(cm.balancedAccuracy()));
        m.put("gmean", num(cm.gmean()));
        m.put("specificity", num(cm.specificity()));
        m.put("accuracy", num(cm.accuracy()));
        return m;
    }

    private static Double num(double v) {
        return Double.isFinite(v) ? v : null;
    }
}
