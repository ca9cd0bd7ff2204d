package dev.fulcrum.segment;

import dev.fulcrum.results.ThresholdChoice;
import dev.fulcrum.segeval.SegMetrics;
import java.util.List;
import java.util.Map;

/**
 * metrics.json of a segmentation run: where the images came from and what validation left out,
 * the split by image, how the U-Net was trained (mode and why, the epoch kept, the per-epoch
 * history), the pixel threshold and how it was chosen, validation and test metrics, timings and,
 * for a run that did not publish its model, why.
 */
public record SegRunMetrics(String runId, String job, Data data, Split split, String loss, Training training,
                            ThresholdChoice threshold, SegMetrics validation, SegMetrics test,
                            Map<String, Double> timings, String rejected) {

    /** Images read / generated and quarantined (by reason). */
    public record Data(String source, long images, long quarantined, Map<String, Long> quarantinedByReason) {
    }

    /** Images per split and the training rows the network saw (crops or whole images). */
    public record Split(long seed, long trainImages, long validationImages, long testImages, long trainingRows,
                        int rowWidth, int rowHeight, double trainingForegroundRate) {
    }

    /** How the network was trained. */
    public record Training(String mode, String modeReason, int bestEpoch, double bestValidationDice,
                           boolean stoppedEarly, double examplesPerSecond, List<Epoch> epochs) {
    }

    /** One epoch: mean training loss, validation mean Dice (at threshold 0.5), seconds. */
    public record Epoch(int epoch, double trainLoss, double validationDice, double seconds) {
    }
}
