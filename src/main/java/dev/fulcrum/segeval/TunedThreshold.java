package dev.fulcrum.segeval;

import dev.fulcrum.results.ThresholdChoice;

/**
 * The threshold {@link SegThreshold#tune} chose and the mean per-image Dice it reached on the
 * validation images.
 *
 * @param strategy the rule in words, e.g. {@code max-mean-image-dice over 99 candidates 0.01..0.99}
 */
public record TunedThreshold(double threshold, double meanDice, long images, int candidates, String strategy) {

    /** The provenance record metrics.json carries; tuning always runs on validation. */
    public ThresholdChoice choice() {
        return new ThresholdChoice(strategy, threshold, "validation");
    }
}
