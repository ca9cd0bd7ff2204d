package dev.fulcrum.compare;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * One ranked entry of compare.json: mean ± sample std over seeds of each test metric (failed runs
 * left out and counted), and every run. {@code prAucFractionOfBayes} only for generated data.
 */
public record LeaderboardRow(int rank, String name, String kind, String loss, String sampling, MeanStd prAuc,
                             MeanStd rocAuc,
                             @JsonProperty("recallAtPrecision0.9") MeanStd recallAtPrecision90,
                             MeanStd f1AtTunedThreshold, MeanStd caughtAtTunedThreshold,
                             MeanStd falseAlarmsAtTunedThreshold, MeanStd trainSeconds,
                             @JsonInclude(JsonInclude.Include.NON_NULL) MeanStd prAucFractionOfBayes,
                             long failedRuns, List<RunMetrics> runs) {
}
