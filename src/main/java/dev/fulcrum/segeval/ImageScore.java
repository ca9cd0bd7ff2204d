package dev.fulcrum.segeval;

import java.io.Serializable;

/**
 * What one image contributes to the evaluation: pixel counts at the threshold and lesion counts,
 * a few dozen bytes, so the driver collects one per image and never a pixel. A plain
 * Serializable class, not a record, because it travels from the executors (Kryo).
 *
 * <p>Empty-mask convention (MONAI's {@code DiceMetric(ignore_empty=False)}): when truth and
 * prediction are both empty, Dice = IoU = 1 (nothing to find, nothing claimed); when only one
 * of them is empty, both are 0. Averages "over images with foreground" leave the empty-truth
 * images out, as MONAI's default {@code ignore_empty=True} does.
 */
public final class ImageScore implements Serializable {
    private static final long serialVersionUID = 1L;

    private final String id;
    private final int width;
    private final int height;
    private final long tp;
    private final long fp;
    private final long fn;
    private final int trueLesions;
    private final int detectedLesions;
    private final int predictedComponents;
    private final int falsePositiveComponents;
    /** Why the image could not be scored, or null. */
    private final String problem;

    ImageScore(String id, int width, int height, long tp, long fp, long fn, int trueLesions,
            int detectedLesions, int predictedComponents, int falsePositiveComponents) {
        this(id, width, height, tp, fp, fn, trueLesions, detectedLesions, predictedComponents,
                falsePositiveComponents, null);
    }

    private ImageScore(String id, int width, int height, long tp, long fp, long fn, int trueLesions,
            int detectedLesions, int predictedComponents, int falsePositiveComponents, String problem) {
        this.id = id;
        this.width = width;
        this.height = height;
        this.tp = tp;
        this.fp = fp;
        this.fn = fn;
        this.trueLesions = trueLesions;
        this.detectedLesions = detectedLesions;
        this.predictedComponents = predictedComponents;
        this.falsePositiveComponents = falsePositiveComponents;
        this.problem = problem;
    }

    static ImageScore invalid(String id, String problem) {
        return new ImageScore(id, 0, 0, 0, 0, 0, 0, 0, 0, 0, problem);
    }

    public String id() {
        return id;
    }

    public int width() {
        return width;
    }

    public int height() {
        return height;
    }

    /** Foreground pixels predicted foreground. */
    public long tp() {
        return tp;
    }

    /** Background pixels predicted foreground. */
    public long fp() {
        return fp;
    }

    /** Foreground pixels predicted background. */
    public long fn() {
        return fn;
    }

    public long tn() {
        return (long) width * height - tp - fp - fn;
    }

    /** Whether the truth mask has at least one foreground pixel. */
    public boolean hasForeground() {
        return tp + fn > 0;
    }

    /** 2TP / (2TP + FP + FN); 1 when truth and prediction are both empty (class doc). */
    public double dice() {
        long den = 2 * tp + fp + fn;
        return den == 0 ? 1.0 : 2.0 * tp / den;
    }

    /** TP / (TP + FP + FN); 1 when truth and prediction are both empty (class doc). */
    public double iou() {
        long den = tp + fp + fn;
        return den == 0 ? 1.0 : (double) tp / den;
    }

    /** Connected components of the truth mask. */
    public int trueLesions() {
        return trueLesions;
    }

    /** True components matched by a predicted component (see {@link ImageScores}). */
    public int detectedLesions() {
        return detectedLesions;
    }

    /** Connected components of the prediction at the threshold. */
    public int predictedComponents() {
        return predictedComponents;
    }

    /** Predicted components that match no true component. */
    public int falsePositiveComponents() {
        return falsePositiveComponents;
    }

    String problem() {
        return problem;
    }

    @Override
    public String toString() {
        return "ImageScore(" + id + ", " + width + "x" + height + ", tp=" + tp + ", fp=" + fp + ", fn=" + fn
                + ", dice=" + dice() + ", lesions=" + detectedLesions + "/" + trueLesions
                + ", fpComponents=" + falsePositiveComponents + ")";
    }
}
