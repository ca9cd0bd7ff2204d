package dev.fulcrum.segeval;

import dev.fulcrum.error.BadInputException;
import dev.fulcrum.images.ImageRows;
import java.io.Serializable;
import java.util.HashMap;
import java.util.Map;
import org.apache.spark.sql.Row;

/**
 * Scores one image against its truth mask: a pure function of the pixels, shipped to the
 * executors by {@link SegEvaluation}.
 *
 * <p>A pixel is predicted foreground iff {@code prob >= threshold} (the rule of
 * {@link dev.fulcrum.eval.BinaryEvaluator}, so pooled pixel counts agree with its summary).
 * Dice/IoU and the empty-mask convention: {@link ImageScore}.
 *
 * <p>Lesions are the connected components of the truth mask; predicted components those of the
 * thresholded prediction, under the same {@link Connectivity}. A true component and a predicted
 * one <em>match</em> when they share at least one pixel and, if {@code minLesionIoU > 0}, their
 * IoU is at least {@code minLesionIoU}. A true lesion is detected if some predicted component
 * matches it; a predicted component matching no true lesion is a false-positive component. With
 * an IoU bound, a lesion the prediction splits into pieces each below the bound is missed.
 */
public final class ImageScores implements Serializable {
    private static final long serialVersionUID = 1L;
    /** Lesion matching by any overlap, the lenient rule of detection-style lesion counts. */
    public static final double ANY_OVERLAP = 0.0;

    private final Connectivity connectivity;
    private final double minLesionIoU;

    /**
     * @param minLesionIoU in [0, 1]; 0 ({@link #ANY_OVERLAP}) means one shared pixel is enough
     */
    public ImageScores(Connectivity connectivity, double minLesionIoU) {
        if (connectivity == null) {
            throw new IllegalArgumentException("connectivity must be FOUR or EIGHT; got null");
        }
        if (!(minLesionIoU >= 0 && minLesionIoU <= 1)) {
            throw new IllegalArgumentException("minLesionIoU must be in [0,1]; got " + minLesionIoU);
        }
        this.connectivity = connectivity;
        this.minLesionIoU = minLesionIoU;
    }

    /** 8-connected lesions matched by any overlap. */
    public static ImageScores standard() {
        return new ImageScores(Connectivity.EIGHT, ANY_OVERLAP);
    }

    public Connectivity connectivity() {
        return connectivity;
    }

    public double minLesionIoU() {
        return minLesionIoU;
    }

    /** The lesion rule in words, for provenance. */
    public String lesionRule() {
        return connectivity.name().toLowerCase(java.util.Locale.ROOT) + "-connected components; a true lesion is "
                + "detected when a predicted component shares >= 1 pixel with it"
                + (minLesionIoU > 0 ? " and their IoU is >= " + minLesionIoU : "");
    }

    /**
     * Scores a row of the {@link ImageRows} layout with a {@link ImageRows#PROB} column.
     *
     * @throws BadInputException naming the image and column when the row is malformed
     */
    public ImageScore score(Row row, double threshold) {
        float[][] px = read(row);
        return scoreChecked(row.getString(row.fieldIndex(ImageRows.ID)), row.getInt(row.fieldIndex(ImageRows.WIDTH)),
                row.getInt(row.fieldIndex(ImageRows.HEIGHT)), px[0], px[1], threshold);
    }

    /** {mask, prob} of a row, validated by {@link #check}. */
    static float[][] read(Row row) {
        String id = row.getString(row.fieldIndex(ImageRows.ID));
        if (row.isNullAt(row.fieldIndex(ImageRows.MASK)) || row.isNullAt(row.fieldIndex(ImageRows.PROB))) {
            throw new BadInputException("image " + id + ": " + ImageRows.MASK + " and " + ImageRows.PROB
                    + " must both be present; got a null array");
        }
        float[] mask = ImageRows.floats(row, ImageRows.MASK);
        float[] prob = ImageRows.floats(row, ImageRows.PROB);
        check(id, row.getInt(row.fieldIndex(ImageRows.WIDTH)), row.getInt(row.fieldIndex(ImageRows.HEIGHT)), mask, prob);
        return new float[][] {mask, prob};
    }

    /** Sizes match, the mask is 0/1, every probability is in [0,1]. */
    static void check(String id, int width, int height, float[] mask, float[] prob) {
        long n = (long) width * height;
        if (width <= 0 || height <= 0 || mask.length != n || prob.length != n) {
            throw new BadInputException("image " + id + ": " + width + "x" + height + " needs " + n
                    + " pixels in " + ImageRows.MASK + " and " + ImageRows.PROB + "; got " + mask.length + " and "
                    + prob.length + " (the prediction must keep the image size)");
        }
        for (int i = 0; i < mask.length; i++) {
            if (mask[i] != 0f && mask[i] != 1f) {
                throw new BadInputException(pixel(id, ImageRows.MASK, i, width) + " must be 0 or 1; got " + mask[i]);
            }
            if (!(prob[i] >= 0f && prob[i] <= 1f)) {
                throw new BadInputException(pixel(id, ImageRows.PROB, i, width)
                        + " must be a probability in [0,1]; got " + prob[i]);
            }
        }
    }

    /**
     * @param mask 0/1 truth flags, row-major
     * @param prob foreground probabilities in [0, 1], row-major
     * @throws BadInputException naming the image, column and pixel when sizes or values are wrong
     */
    public ImageScore score(String id, int width, int height, float[] mask, float[] prob, double threshold) {
        check(id, width, height, mask, prob);
        return scoreChecked(id, width, height, mask, prob, threshold);
    }

    private ImageScore scoreChecked(String id, int width, int height, float[] mask, float[] prob, double threshold) {
        if (Double.isNaN(threshold)) {
            throw new IllegalArgumentException("threshold must be a number; got NaN");
        }
        boolean[] truth = new boolean[mask.length];
        boolean[] pred = new boolean[mask.length];
        long tp = 0;
        long fp = 0;
        long fn = 0;
        for (int i = 0; i < mask.length; i++) {
            truth[i] = mask[i] == 1f;
            pred[i] = prob[i] >= threshold;
            if (truth[i] && pred[i]) {
                tp++;
            } else if (pred[i]) {
                fp++;
            } else if (truth[i]) {
                fn++;
            }
        }
        ConnectedComponents t = ConnectedComponents.label(truth, width, height, connectivity);
        ConnectedComponents q = ConnectedComponents.label(pred, width, height, connectivity);
        // Overlap of every (true, predicted) pair that touches: at most one entry per overlapping pixel.
        Map<Long, Integer> overlap = new HashMap<>();
        for (int i = 0; i < mask.length; i++) {
            int a = t.labelAt(i);
            int b = q.labelAt(i);
            if (a > 0 && b > 0) {
                overlap.merge(((long) a << 32) | b, 1, Integer::sum);
            }
        }
        boolean[] detected = new boolean[t.count() + 1];
        boolean[] matched = new boolean[q.count() + 1];
        for (Map.Entry<Long, Integer> e : overlap.entrySet()) {
            int a = (int) (e.getKey() >>> 32);
            int b = (int) (e.getKey() & 0xffffffffL);
            int ov = e.getValue();
            double iou = (double) ov / (t.size(a) + q.size(b) - ov);
            if (iou >= minLesionIoU) {
                detected[a] = true;
                matched[b] = true;
            }
        }
        int found = 0;
        for (int a = 1; a <= t.count(); a++) {
            found += detected[a] ? 1 : 0;
        }
        int spurious = 0;
        for (int b = 1; b <= q.count(); b++) {
            spurious += matched[b] ? 0 : 1;
        }
        return new ImageScore(id, width, height, tp, fp, fn, t.count(), found, q.count(), spurious);
    }

    private static String pixel(String id, String column, int i, int width) {
        return "image " + id + ": " + column + " at pixel (x=" + (i % width) + ", y=" + (i / width) + ")";
    }
}
