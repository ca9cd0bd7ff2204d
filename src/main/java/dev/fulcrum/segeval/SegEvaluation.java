package dev.fulcrum.segeval;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.expr;

import dev.fulcrum.error.BadInputException;
import dev.fulcrum.eval.BinaryEvaluator;
import dev.fulcrum.eval.ConfusionMatrix;
import dev.fulcrum.eval.ScoreSummary;
import dev.fulcrum.images.ImageRows;
import dev.fulcrum.results.ThresholdChoice;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Evaluation of predicted masks at one threshold, computed on the executors: each image becomes
 * one {@link ImageScore} (a few counts), and only those are collected, O(images); the pixel
 * PR/ROC curves come from {@link BinaryEvaluator} over the exploded (prob, mask) pixels, whose
 * {@code groupBy(score)} aggregates map-side, so no pixel reaches the driver either.
 *
 * <p>The scored data set is read twice (images, then pixels) and BinaryEvaluator runs its own
 * three jobs over the pixels: persist {@code scored} when prediction is costly.
 */
public final class SegEvaluation {
    static final String PIXEL_RULE = "a pixel is predicted foreground iff prob >= threshold";
    static final String EMPTY_MASK = "per-image Dice = IoU = 1 when truth and prediction are both empty, 0 when only "
            + "one is (MONAI DiceMetric ignore_empty=False); imagesWithForeground leaves empty-truth images out "
            + "(MONAI's default ignore_empty=True)";
    static final String MEDIAN = "median of an even count is the mean of the two middle values";
    static final String PIXEL_CURVES = "exact over every pixel: prAuc is average precision (scikit-learn "
            + "average_precision_score), rocAuc as roc_auc_score, ties entering together";

    private final List<ImageScore> images;
    private final ScoreSummary pixels;
    private final double threshold;
    private final ImageScores rules;

    SegEvaluation(List<ImageScore> images, ScoreSummary pixels, double threshold, ImageScores rules) {
        List<ImageScore> sorted = new ArrayList<>(images);
        sorted.sort(Comparator.comparing(ImageScore::id));
        this.images = Collections.unmodifiableList(sorted);
        this.pixels = pixels;
        this.threshold = threshold;
        this.rules = rules;
    }

    /** {@link #evaluate(Dataset, double, ImageScores)} with {@link ImageScores#standard()}. */
    public static SegEvaluation evaluate(Dataset<Row> scored, double threshold) {
        return evaluate(scored, threshold, ImageScores.standard());
    }

    /**
     * @param scored    rows with {@link ImageRows#ID}, {@code WIDTH}, {@code HEIGHT}, {@code MASK}
     *                  and {@link ImageRows#PROB} (other columns are ignored)
     * @param threshold pixel threshold, usually from {@link SegThreshold#tune} on validation
     * @throws BadInputException when a column is missing, the data set is empty, or an image is
     *                           malformed (the message names the first such image and pixel)
     */
    public static SegEvaluation evaluate(Dataset<Row> scored, double threshold, ImageScores rules) {
        if (Double.isNaN(threshold)) {
            throw new IllegalArgumentException("threshold must be a number; got NaN");
        }
        Dataset<Row> input = select(scored);
        List<ImageScore> images = input.javaRDD().map(row -> {
            try {
                return rules.score(row, threshold);
            } catch (BadInputException e) {
                return ImageScore.invalid(String.valueOf(row.get(0)), e.getMessage());
            }
        }).collect();
        if (images.isEmpty()) {
            throw new BadInputException("segmentation evaluation: no image to evaluate; got an empty data set");
        }
        long bad = images.stream().filter(s -> s.problem() != null).count();
        if (bad > 0) {
            String first = images.stream().filter(s -> s.problem() != null).map(ImageScore::problem)
                    .sorted().findFirst().orElseThrow();
            throw new BadInputException(bad + " of " + images.size() + " images cannot be evaluated; first: " + first);
        }
        // The images were validated above: zip_with sees equal lengths, 0/1 masks and probabilities.
        Dataset<Row> pairs = input
                .select(expr("explode(zip_with(" + ImageRows.PROB + ", " + ImageRows.MASK
                        + ", (p, m) -> named_struct('s', p, 'y', m)))").as("px"))
                .select(col("px.s").as("s"), col("px.y").as("y"));
        ScoreSummary pixels = BinaryEvaluator.summarize(pairs, "s", "y");
        return new SegEvaluation(images, pixels, threshold, rules);
    }

    static Dataset<Row> select(Dataset<Row> scored) {
        List<String> have = Arrays.asList(scored.schema().fieldNames());
        for (String c : new String[] {ImageRows.ID, ImageRows.WIDTH, ImageRows.HEIGHT, ImageRows.MASK, ImageRows.PROB}) {
            if (!have.contains(c)) {
                throw new BadInputException("scored images: expected column " + c + " among (" + String.join(", ", have)
                        + "); found none (run the predictor first, it adds " + ImageRows.PROB + ")");
            }
        }
        return scored.select(col(ImageRows.ID).cast("string"), col(ImageRows.WIDTH).cast("int"),
                col(ImageRows.HEIGHT).cast("int"), col(ImageRows.MASK), col(ImageRows.PROB));
    }

    /** Per-image scores, sorted by id. */
    public List<ImageScore> images() {
        return images;
    }

    /** Exact summary of every (prob, mask) pixel. */
    public ScoreSummary pixels() {
        return pixels;
    }

    public double threshold() {
        return threshold;
    }

    public ImageScores rules() {
        return rules;
    }

    /** Pixel confusion counts at the threshold, pooled over the images. */
    public ConfusionMatrix pooled() {
        long tp = 0;
        long fp = 0;
        long fn = 0;
        long tn = 0;
        for (ImageScore s : images) {
            tp += s.tp();
            fp += s.fp();
            fn += s.fn();
            tn += s.tn();
        }
        return new ConfusionMatrix(tp, fp, tn, fn);
    }

    /**
     * The metrics.json record.
     *
     * @param choice how the threshold was chosen; its value must be this evaluation's threshold
     */
    public SegMetrics metrics(ThresholdChoice choice) {
        if (choice == null || Double.compare(choice.value(), threshold) != 0) {
            throw new IllegalArgumentException("threshold choice must carry the evaluated threshold " + threshold
                    + "; got " + (choice == null ? null : choice.value()));
        }
        List<ImageScore> fg = images.stream().filter(ImageScore::hasForeground).toList();
        ConfusionMatrix cm = pooled();
        long trueLesions = 0;
        long detected = 0;
        long fpComponents = 0;
        for (ImageScore s : images) {
            trueLesions += s.trueLesions();
            detected += s.detectedLesions();
            fpComponents += s.falsePositiveComponents();
        }
        SegMetrics.Pixels px = new SegMetrics.Pixels(pixels.positives(), pixels.negatives(), cm.tp(), cm.fp(),
                cm.fn(), cm.tn(), cm.precision(), cm.recall(), cm.f1(), pixels.averagePrecision(), pixels.rocAuc());
        SegMetrics.Lesions lesions = new SegMetrics.Lesions(trueLesions, detected,
                trueLesions == 0 ? Double.NaN : (double) detected / trueLesions, fpComponents,
                (double) fpComponents / images.size());
        SegMetrics.Conventions conv = new SegMetrics.Conventions(PIXEL_RULE, EMPTY_MASK, MEDIAN, rules.lesionRule(),
                PIXEL_CURVES);
        return new SegMetrics(choice, overlap(images), overlap(fg), px, lesions, conv);
    }

    static SegMetrics.Overlap overlap(List<ImageScore> scores) {
        double[] dice = scores.stream().mapToDouble(ImageScore::dice).toArray();
        double[] iou = scores.stream().mapToDouble(ImageScore::iou).toArray();
        return new SegMetrics.Overlap(scores.size(), mean(dice), median(dice), mean(iou), median(iou));
    }

    /** Arithmetic mean; NaN for no value. */
    static double mean(double[] v) {
        if (v.length == 0) {
            return Double.NaN;
        }
        double s = 0;
        for (double x : v) {
            s += x;
        }
        return s / v.length;
    }

    /** Median (mean of the two middle values for an even count); NaN for no value. */
    static double median(double[] v) {
        if (v.length == 0) {
            return Double.NaN;
        }
        double[] s = v.clone();
        Arrays.sort(s);
        int m = s.length / 2;
        return s.length % 2 == 1 ? s[m] : (s[m - 1] + s[m]) / 2;
    }
}
