package dev.fulcrum.compare;

import dev.fulcrum.eval.BinaryMetrics;
import dev.fulcrum.eval.ConfusionMatrix;
import dev.fulcrum.eval.ScoreSummary;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What one (cell, seed) run measured on the test split, the threshold having been tuned on the
 * validation split only. {@code bayesPrAuc} is the Bayes-optimal scorer's PR-AUC on the same test
 * rows (NaN for data that carries no Bayes score); {@code prCurve} is kept for the HTML overlay
 * only and never written to compare.json. {@code caught} / {@code falseAlarms} are the test
 * confusion matrix's TP / FP at the tuned threshold: "frauds recovered out of testPositives", the
 * figure the focal-loss literature compares on. A failed run has {@code error} set and NaN metrics.
 */
public record RunMetrics(long seed, double prAuc, double rocAuc, double recallAtPrecision90, double f1,
                         double threshold, long caught, long falseAlarms, double trainSeconds, long testRows,
                         long testPositives, double bayesPrAuc, int bestEpoch, List<double[]> prCurve,
                         String error) {

    /** Metrics of a scored test split at the threshold chosen on validation. */
    public static RunMetrics of(long seed, ScoreSummary test, double threshold, double trainSeconds,
                                double bayesPrAuc, int bestEpoch) {
        ConfusionMatrix tuned = test.at(threshold);
        return new RunMetrics(seed, test.averagePrecision(), test.rocAuc(),
                test.recallAtPrecision(BinaryMetrics.OPERATING_POINT), tuned.f1(), threshold, tuned.tp(), tuned.fp(),
                trainSeconds, test.rows(), test.positives(), bayesPrAuc, bestEpoch, test.prCurve(), null);
    }

    public static RunMetrics failed(long seed, long testRows, long testPositives, String error) {
        return new RunMetrics(seed, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, 0, 0, Double.NaN,
                testRows, testPositives, Double.NaN, 0, List.of(), error);
    }

    /** PR-AUC as a fraction of the Bayes-optimal PR-AUC on the same test rows; NaN without one. */
    public double bayesFraction() {
        return bayesPrAuc > 0 ? prAuc / bayesPrAuc : Double.NaN;
    }

    public boolean ok() {
        return error == null;
    }

    Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("seed", seed);
        m.put("testRows", testRows);
        m.put("testPositives", testPositives);
        if (error != null) {
            m.put("error", error);
            return m;
        }
        m.put("prAuc", prAuc);
        m.put("rocAuc", rocAuc);
        m.put("recallAtPrecision0.9", recallAtPrecision90);
        m.put("f1AtTunedThreshold", f1);
        m.put("threshold", threshold);
        m.put("caughtAtTunedThreshold", caught);
        m.put("falseAlarmsAtTunedThreshold", falseAlarms);
        m.put("trainSeconds", trainSeconds);
        if (bestEpoch > 0) {
            m.put("bestEpoch", bestEpoch);
        }
        if (Double.isFinite(bayesPrAuc)) {
            m.put("bayesPrAuc", bayesPrAuc);
            m.put("prAucFractionOfBayes", bayesFraction());
        }
        return m;
    }
}
