package dev.fulcrum.results;

import dev.fulcrum.eval.Reliability;
import java.util.Map;

/**
 * How scores became probabilities: the method and its fitted parameters (as bundle.json holds
 * them; fitted on validation), and on each split the Brier score of raw scores vs calibrated
 * probabilities with a 10-bin reliability diagram of both.
 */
public record CalibrationSummary(String method, String fitted, Map<String, Object> parameters,
                                 Reliability validation, Reliability test) {
}
