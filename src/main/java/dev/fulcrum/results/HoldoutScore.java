package dev.fulcrum.results;

import com.fasterxml.jackson.annotation.JsonIgnore;

/** One registered model version scored on the retrain holdout, at its own bundle's threshold. */
public record HoldoutScore(String version, double prAuc, double rocAuc, double threshold, String networkSha256) {

    /** The value of a {@code registry.metric} name: {@code pr-auc} or {@code roc-auc}. */
    @JsonIgnore
    public double value(String metric) {
        return switch (metric) {
            case "pr-auc" -> prAuc;
            case "roc-auc" -> rocAuc;
            default -> throw new IllegalArgumentException("registry.metric must be pr-auc or roc-auc; got " + metric);
        };
    }
}
