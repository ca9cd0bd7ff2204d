package dev.fulcrum.results;

/** The input a run read: where, how many rows per class, how many were quarantined, features used. */
public record DataSummary(String input, long rows, long negatives, long positives, long quarantined, int features) {
}
