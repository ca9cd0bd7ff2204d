package dev.fulcrum.results;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.fulcrum.eval.ScoreSummary;

/**
 * What one evaluated split measured: threshold-free metrics (exact over every distinct score when
 * {@code exact}), recall at precision 0.9 / precision at recall 0.9, and the confusion-matrix
 * metrics at the tuned threshold and at 0.5. {@code prAuc} is average precision.
 */
@JsonPropertyOrder({"rows", "positives", "negatives", "distinctScores", "exact", "rocAuc", "prAuc", "brier",
        "recallAtPrecision0.9", "precisionAtRecall0.9", "atThreshold", "at0.5"})
public record SplitMetrics(long rows, long positives, long negatives, long distinctScores, boolean exact,
                           double rocAuc, double prAuc, double brier,
                           @JsonProperty("recallAtPrecision0.9") double recallAtPrecision90,
                           @JsonProperty("precisionAtRecall0.9") double precisionAtRecall90,
                           AtThreshold atThreshold,
                           @JsonProperty("at0.5") AtThreshold atHalf) {
    /** The fixed operating point of {@code recallAtPrecision0.9} and {@code precisionAtRecall0.9}. */
    public static final double OPERATING_POINT = 0.9;

    public static SplitMetrics of(ScoreSummary s, double threshold) {
        return new SplitMetrics(s.rows(), s.positives(), s.negatives(), s.distinctScores(), s.exact(), s.rocAuc(),
                s.averagePrecision(), s.brier(), s.recallAtPrecision(OPERATING_POINT),
                s.precisionAtRecall(OPERATING_POINT), AtThreshold.of(s, threshold), AtThreshold.of(s, 0.5));
    }
}
