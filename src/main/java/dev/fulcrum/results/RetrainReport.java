package dev.fulcrum.results;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * retrain.json of a registered version: both models on the same holdout, the rule applied
 * ({@code metric}, {@code margin}) and its outcome. {@code champion} is absent when there was none.
 */
public record RetrainReport(String model, String time, String run, Holdout holdout, String metric, double margin,
                            @JsonInclude(JsonInclude.Include.NON_NULL) HoldoutScore champion,
                            HoldoutScore challenger, boolean promoted, String reason, String championAfter) {

    /** The fresh holdout: the test split of the data this run used, re-derived by the split seed. */
    public record Holdout(String input, long rows, String split) {
    }
}
