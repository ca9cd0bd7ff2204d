package dev.fulcrum.compare;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.fulcrum.results.SplitMetrics;
import dev.fulcrum.eval.ConfusionMatrix;
import dev.fulcrum.eval.ScoreSummary;
import java.util.List;

/**
 * What one (cell, seed) run measured on the test split, the threshold having been tuned on the
 * validation split only. {@code bayesPrAuc} is the Bayes-optimal scorer's PR-AUC on the same test
 * rows (NaN for data that carries no Bayes score); {@code prCurve} is kept for the HTML overlay
 * only and never written to compare.json. {@code caught} / {@code falseAlarms} are the test
 * confusion matrix's TP / FP at the tuned threshold: "frauds recovered out of testPositives", the
 * figure the focal-loss literature compares on. A failed run has {@code error} set and NaN metrics
 * (null in compare.json).
 */
@JsonPropertyOrder({"seed", "testRows", "testPositives", "error", "prAuc", "rocAuc", "recallAtPrecision0.9",
        "f1AtTunedThreshold", "threshold", "caughtAtTunedThreshold", "falseAlarmsAtTunedThreshold", "trainSeconds",
        "bestEpoch", "bayesPrAuc", "prAucFractionOfBayes"})
public record RunMetrics(long seed, double prAuc, double rocAuc,
                         @JsonProperty("recallAtPrecision0.9") double recallAtPrecision90,
                         @JsonProperty("f1AtTunedThreshold") double f1,
                         double threshold,
                         @JsonProperty("caughtAtTunedThreshold") long caught,
                         @JsonProperty("falseAlarmsAtTunedThreshold") long falseAlarms,
                         double trainSeconds, long testRows, long testPositives, double bayesPrAuc, int bestEpoch,
                         @JsonIgnore List<double[]> prCurve,
                         @JsonInclude(JsonInclude.Include.NON_NULL) String error) {

    /** Metrics of a scored test split at the threshold chosen on validation. */
    public static RunMetrics of(long seed, ScoreSummary test, double threshold, double trainSeconds,
                                double bayesPrAuc, int bestEpoch) {
        ConfusionMatrix tuned = test.at(threshold);
        return new RunMetrics(seed, test.averagePrecision(), test.rocAuc(),
                test.recallAtPrecision(SplitMetrics.OPERATING_POINT), tuned.f1(), threshold, tuned.tp(), tuned.fp(),
                trainSeconds, test.rows(), test.positives(), bayesPrAuc, bestEpoch, test.prCurve(), null);
    }

    public static RunMetrics failed(long seed, long testRows, long testPositives, String error) {
        return new RunMetrics(seed, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, 0, 0, Double.NaN,
                testRows, testPositives, Double.NaN, 0, List.of(), error);
    }

    /** PR-AUC as a fraction of the Bayes-optimal PR-AUC on the same test rows; NaN without one. */
    @JsonProperty("prAucFractionOfBayes")
    public double bayesFraction() {
        return bayesPrAuc > 0 ? prAuc / bayesPrAuc : Double.NaN;
    }

    @JsonIgnore
    public boolean ok() {
        return error == null;
    }
}
