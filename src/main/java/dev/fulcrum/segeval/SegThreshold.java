package dev.fulcrum.segeval;

import dev.fulcrum.error.BadInputException;
import dev.fulcrum.images.ImageRows;
import java.io.Serializable;
import java.util.Locale;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Chooses the pixel threshold on validation images by maximising the <em>mean per-image Dice</em>
 * over a grid of candidates.
 *
 * <p>Why mean per-image Dice and not pooled pixel F1: it is the headline number of the report,
 * and pooled F1 is dominated by the images with the largest lesions, so a threshold tuned for it
 * may give up the small lesions that per-image Dice (one vote per image) protects. Images with an
 * empty truth mask count with the convention of {@link ImageScore} (1 if nothing is predicted,
 * else 0), so spurious foreground on healthy images is penalised.
 *
 * <p>Why a grid and not every distinct probability: mean Dice changes only at distinct scores,
 * but those are up to one per pixel; a fixed grid (default 0.01, 0.02, ..., 0.99) is one pass
 * in which every image contributes its exact Dice at every candidate (a per-image histogram of
 * its pixels between consecutive candidates, so O(pixels · log candidates)), and the driver
 * receives one array of sums. Ties (within 1e-12, summation order differs between partitionings)
 * go to the candidate closest to 0.5, then the lower one, so the choice is deterministic.
 */
public final class SegThreshold {
    /** Tolerance under which two mean Dice values are a tie. */
    static final double TIE = 1e-12;

    private SegThreshold() {
    }

    /** The default candidates 0.01, 0.02, ..., 0.99. */
    public static double[] defaultGrid() {
        double[] g = new double[99];
        for (int i = 0; i < g.length; i++) {
            g[i] = (i + 1) / 100.0;
        }
        return g;
    }

    /** {@link #tune(Dataset, double[])} over {@link #defaultGrid()}. */
    public static TunedThreshold tune(Dataset<Row> validationScored) {
        return tune(validationScored, defaultGrid());
    }

    /**
     * @param validationScored validation images with {@code mask} and {@code prob} (layout of
     *                         {@link ImageRows})
     * @param candidates       strictly ascending thresholds in [0, 1]
     * @throws BadInputException when a column is missing, there is no image, or an image is
     *                           malformed (names the first one)
     */
    public static TunedThreshold tune(Dataset<Row> validationScored, double[] candidates) {
        double[] grid = checkGrid(candidates);
        Dataset<Row> input = SegEvaluation.select(validationScored);
        DiceSums total = input.javaRDD().map(row -> DiceSums.of(row, grid))
                .treeAggregate(new DiceSums(grid.length), DiceSums::merge, DiceSums::merge);
        if (total.problem != null) {
            throw new BadInputException(total.problems + " validation images cannot be used to tune the threshold; "
                    + "first: " + total.problem);
        }
        if (total.images == 0) {
            throw new BadInputException("threshold tuning: no validation image; got an empty data set");
        }
        int best = 0;
        for (int k = 1; k < grid.length; k++) {
            double d = total.dice[k] - total.dice[best];
            boolean tie = Math.abs(d) <= TIE * total.images;
            if (!tie && d > 0 || tie && Math.abs(grid[k] - 0.5) < Math.abs(grid[best] - 0.5)) {
                best = k;
            }
        }
        String strategy = String.format(Locale.ROOT, "max-mean-image-dice over %d candidates %s..%s", grid.length,
                grid[0], grid[grid.length - 1]);
        return new TunedThreshold(grid[best], total.dice[best] / total.images, total.images, grid.length, strategy);
    }

    private static double[] checkGrid(double[] candidates) {
        if (candidates == null || candidates.length == 0) {
            throw new IllegalArgumentException("candidates must hold at least one threshold; got none");
        }
        for (int k = 0; k < candidates.length; k++) {
            if (!(candidates[k] >= 0 && candidates[k] <= 1) || k > 0 && !(candidates[k] > candidates[k - 1])) {
                throw new IllegalArgumentException("candidates must be strictly ascending in [0,1]; got "
                        + java.util.Arrays.toString(candidates));
            }
        }
        return candidates.clone();
    }

    /** Sum over images of the Dice at every candidate; a plain class because it leaves the executors. */
    static final class DiceSums implements Serializable {
        private static final long serialVersionUID = 1L;
        double[] dice;
        long images;
        long problems;
        String problem;

        DiceSums(int k) {
            dice = new double[k];
        }

        static DiceSums of(Row row, double[] grid) {
            DiceSums out = new DiceSums(grid.length);
            String id = String.valueOf(row.get(0));
            float[] mask;
            float[] prob;
            try {
                // The same validation as evaluation (sizes, 0/1 mask, probabilities).
                float[][] px = ImageScores.read(row);
                mask = px[0];
                prob = px[1];
            } catch (BadInputException e) {
                out.problems = 1;
                out.problem = e.getMessage();
                return out;
            }
            // bucket b holds the pixels with exactly b candidates <= prob: predicted at candidate k iff b > k.
            long[] fgAt = new long[grid.length + 1];
            long[] bgAt = new long[grid.length + 1];
            long fgTotal = 0;
            for (int i = 0; i < mask.length; i++) {
                int b = bucket(grid, prob[i]);
                if (mask[i] == 1f) {
                    fgAt[b]++;
                    fgTotal++;
                } else {
                    bgAt[b]++;
                }
            }
            long tp = 0;
            long fp = 0;
            for (int k = grid.length - 1; k >= 0; k--) {
                tp += fgAt[k + 1];
                fp += bgAt[k + 1];
                long den = 2 * tp + fp + (fgTotal - tp);
                out.dice[k] = den == 0 ? 1.0 : 2.0 * tp / den;
            }
            out.images = 1;
            return out;
        }

        /** Number of candidates <= p (grid ascending). */
        static int bucket(double[] grid, double p) {
            int lo = 0;
            int hi = grid.length;
            while (lo < hi) {
                int mid = (lo + hi) >>> 1;
                if (grid[mid] <= p) {
                    lo = mid + 1;
                } else {
                    hi = mid;
                }
            }
            return lo;
        }

        DiceSums merge(DiceSums o) {
            for (int k = 0; k < dice.length; k++) {
                dice[k] += o.dice[k];
            }
            images += o.images;
            if (problem == null || o.problem != null && o.problem.compareTo(problem) < 0) {
                problem = o.problem == null ? problem : o.problem;
            }
            problems += o.problems;
            return this;
        }
    }
}
