package dev.fulcrum.results;

/** The decision threshold a run chose, by which strategy, on which split (always validation). */
public record ThresholdChoice(String strategy, double value, String chosenOn) {
}
