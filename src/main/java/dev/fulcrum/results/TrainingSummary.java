package dev.fulcrum.results;

import java.util.List;

/**
 * How the network was trained: mode (and why: {@code training.mode = auto} resolves it), the
 * parameter-averaging engine (spark mode only), the minibatch size that ran (what
 * {@code training.batchSize = auto} chose), training examples per epoch, the epoch kept (best on the
 * early-stopping metric, measured on validation), whether training stopped early, the epoch a
 * resumed run continued from (0 = fresh) and the per-epoch history.
 */
public record TrainingSummary(String mode, String modeReason, String engine, int batchSize, long examples, int bestEpoch, String earlyStoppingMetric,
                              double bestValue, boolean stoppedEarly, int resumedFrom, List<EpochRecord> epochs) {
}
