package dev.fulcrum.results;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Map;

/**
 * {@code metrics.json} of a train run. {@code bayesOptimal} is present for generated data only;
 * {@code calibration} says how scores became probabilities (null in older runs);
 * {@code timings} holds seconds per stage and {@code total}. {@code rejected} is null for a published
 * model, else why the run's model was not published (its report is kept, the model is not).
 */
public record TrainMetrics(String runId, String job, DataSummary data, List<StageRecord> stages, String loss,
                           String sampling, TrainingSummary training, ThresholdChoice threshold,
                           SplitMetrics validation, SplitMetrics test,
                           @JsonInclude(JsonInclude.Include.NON_NULL) BayesComparison bayesOptimal,
                           @JsonInclude(JsonInclude.Include.NON_NULL) CalibrationSummary calibration,
                           Map<String, Double> timings,
                           @JsonInclude(JsonInclude.Include.NON_NULL) String rejected,
                           @JsonInclude(JsonInclude.Include.NON_NULL) EnsembleSummary ensemble) {
}
