package dev.fulcrum.results;

import dev.fulcrum.data.ClassCounts;

/**
 * One data stage of a run (ingest, a split, a resampler): rows per class in and out and its wall
 * time. {@code in} is null for the first stage, which has no input rows of its own.
 */
public record StageRecord(String stage, ClassCounts in, ClassCounts out, double seconds) {
}
