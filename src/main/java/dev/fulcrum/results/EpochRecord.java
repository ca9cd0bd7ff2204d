package dev.fulcrum.results;

/**
 * One training epoch: mean training loss, validation metrics after it, wall time of the fit and
 * training throughput.
 */
public record EpochRecord(int epoch, double loss, double validationPrAuc, double validationRocAuc,
                          double validationLoss, double seconds, double examplesPerSecond) {
}
