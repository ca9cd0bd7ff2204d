package dev.fulcrum.results;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Map;

/**
 * {@code metrics.json} of a train run. {@code bayesOptimal} is present for generated data only;
 * {@code timings} holds seconds per stage and {@code total}.
 */
public record TrainMetrics(String runId, String job, DataSummary data, List<StageRecord> stages, String loss,
                           String sampling, TrainingSummary training, ThresholdChoice threshold,
                           SplitMetrics validation, SplitMetrics test,
                           @JsonInclude(JsonInclude.Include.NON_NULL) BayesComparison bayesOptimal,
                           Map<String, Double> timings) {
}
