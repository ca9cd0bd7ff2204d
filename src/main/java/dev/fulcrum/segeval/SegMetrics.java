package dev.fulcrum.segeval;

import dev.fulcrum.results.ThresholdChoice;

/**
 * The segmentation part of {@code metrics.json} (Jackson via {@link dev.fulcrum.report.Json}:
 * a mean over no image is NaN and becomes null). Built by {@link SegEvaluation#metrics}; the
 * {@link Conventions} say in words how every number was defined, so the file stands alone.
 *
 * @param threshold              the pixel threshold, how it was chosen and on which split
 * @param allImages              per-image Dice / IoU over every image (empty-mask convention applies)
 * @param imagesWithForeground   the same over images whose truth mask is not empty
 */
public record SegMetrics(ThresholdChoice threshold, Overlap allImages, Overlap imagesWithForeground, Pixels pixels,
                         Lesions lesions, Conventions conventions) {

    /** Mean and median of per-image Dice and IoU over {@code images} images. */
    public record Overlap(long images, double meanDice, double medianDice, double meanIoU, double medianIoU) {
    }

    /**
     * Pixel-level metrics pooled over all images: counts, precision / recall / F1 at the threshold
     * (0 for a zero denominator, as {@link dev.fulcrum.eval.ConfusionMatrix}) and the exact
     * threshold-free PR-AUC (average precision) and ROC-AUC over every pixel.
     */
    public record Pixels(long positives, long negatives, long tp, long fp, long fn, long tn, double precision,
                         double recall, double f1, double prAuc, double rocAuc) {
    }

    /**
     * Lesion-level detection: {@code recall} = detected / trueLesions pooled over images (NaN
     * without a true lesion); false-positive components per image over all images.
     */
    public record Lesions(long trueLesions, long detected, double recall, long falsePositiveComponents,
                          double falsePositiveComponentsPerImage) {
    }

    /** How the numbers above are defined. */
    public record Conventions(String pixelRule, String emptyMask, String median, String lesions, String pixelCurves) {
    }
}
