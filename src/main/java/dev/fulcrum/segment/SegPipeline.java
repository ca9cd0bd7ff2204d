package dev.fulcrum.segment;

import dev.fulcrum.bundle.SegBundle;
import dev.fulcrum.config.SegJobConfig;
import dev.fulcrum.data.ClassCounts;
import dev.fulcrum.error.BadInputException;
import dev.fulcrum.images.CropSampler;
import dev.fulcrum.images.CropSpec;
import dev.fulcrum.images.ImageGenSpec;
import dev.fulcrum.images.ImageGenerator;
import dev.fulcrum.images.ImageReadSpec;
import dev.fulcrum.images.ImageReader;
import dev.fulcrum.images.ImageRows;
import dev.fulcrum.images.ImageSplitter;
import dev.fulcrum.images.ImageSplitSpec;
import dev.fulcrum.images.ImageSplitter.ImageSplits;
import dev.fulcrum.images.OnBadImage;
import dev.fulcrum.loss.LossSpec;
import dev.fulcrum.results.ThresholdChoice;
import dev.fulcrum.segeval.SegThreshold;
import dev.fulcrum.segeval.TunedThreshold;
import dev.fulcrum.unet.SegFit;
import dev.fulcrum.unet.SegPredictor;
import dev.fulcrum.unet.SegTrainer;
import dev.fulcrum.unet.SegTrainingSpec;
import dev.fulcrum.unet.UNetSpec;
import java.util.Locale;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.lossfunctions.ILossFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The segmentation job's stages, shared by {@code train} and {@code compare}: images (read and
 * validated, or generated) → split by image → foreground-biased crops of the training images →
 * U-Net fit with early stopping on the validation images' mean Dice → pixel threshold tuned on
 * validation → test metrics. Crops change only the training data; validation and test are always
 * whole images.
 */
public final class SegPipeline {
    private static final Logger LOG = LoggerFactory.getLogger(SegPipeline.class);
    /** Validation Dice during training is measured at this threshold; the final one is tuned after. */
    static final double EPOCH_THRESHOLD = 0.5;

    private final SparkSession spark;
    private final SegJobConfig job;

    public SegPipeline(SparkSession spark, SegJobConfig job) {
        this.spark = spark;
        this.job = job;
    }

    /** The images of the job, validated (bad ones quarantined or refused), cached. */
    public SegImages images() {
        long t = System.nanoTime();
        SegJobConfig.Data d = job.data();
        if (d.generated()) {
            SegJobConfig.Generate g = d.generate();
            Dataset<Row> rows = ImageGenerator.rows(spark, new ImageGenSpec(g.count(), g.width(), g.height(), g.seed(),
                    g.emptyFraction(), g.contrast(), g.noise(), 0)).persist(StorageLevel.MEMORY_AND_DISK());
            long n = rows.count();
            return new SegImages(rows, null, n, 0, java.util.Map.of(), "generated: " + n + " images " + g.width() + "x"
                    + g.height() + " (seed " + g.seed() + ")", seconds(t), rows::unpersist);
        }
        ImageReader.Result r = ImageReader.read(spark, new ImageReadSpec(d.input(), d.maskThreshold(), false,
                d.quarantine() ? OnBadImage.QUARANTINE : OnBadImage.FAIL));
        if (r.kept() == 0) {
            throw new BadInputException("data.input " + d.input() + ": no valid image left (" + r.quarantinedTotal()
                    + " quarantined: " + r.quarantined() + "); fix the images or their masks");
        }
        return new SegImages(r.images(), r.quarantine(), r.kept(), r.quarantinedTotal(), r.quarantined(), d.input(),
                seconds(t), r::release);
    }

    /** Train / validation / test by image with the job's fractions and {@code seed}. */
    public ImageSplits split(SegImages images, long seed) {
        SegJobConfig.Split s = job.split();
        return ImageSplitter.split(images.rows(), ImageSplitSpec.of(s.train(), s.validation(), s.test(), seed));
    }

    /** The training rows the network sees: crops of the training images, or the images themselves. */
    public Dataset<Row> trainingRows(ImageSplits splits, long seed) {
        SegJobConfig.Crops c = job.crops();
        if (c.size() == 0) {
            return splits.train();
        }
        return CropSampler.sample(splits.train(), new CropSpec(c.size(), c.perImage(), c.foregroundBias(), seed));
    }

    /** A fitted U-Net and how it was trained. */
    public record Fitted(ComputationGraph graph, byte[] bytes, SegFit fit, String mode, String modeReason, double seconds) {
    }

    /** Fits the U-Net on {@code train} with {@code loss}, keeping the epoch with the best validation mean Dice. */
    public Fitted fit(Dataset<Row> train, Dataset<Row> validation, LossSpec loss, long modelSeed) {
        long t = System.nanoTime();
        Dataset<Row> rows = train.persist(StorageLevel.MEMORY_AND_DISK());
        try {
            PixelStats px = PixelStats.of(rows);
            if (px.positives() == 0) {
                throw new BadInputException("the training images have no foreground pixel at all; a segmentation model "
                        + "needs positives (check data.maskThreshold or the masks)");
            }
            SegJobConfig.UNet m = job.model();
            UNetSpec unet = new UNetSpec(m.depth(), m.baseFilters(), m.attentionGates(), m.batchNorm(), m.dropout(),
                    m.learningRate(), m.l2(), modelSeed);
            SegJobConfig.Training tr = job.training();
            String reason;
            SegTrainingSpec.Mode mode;
            if (tr.mode() == SegJobConfig.Mode.AUTO) {
                double mib = px.pixels() * 2.0 * Float.BYTES / (1 << 20);
                boolean local = mib <= tr.autoLocalMaxMiB();
                mode = local ? SegTrainingSpec.Mode.LOCAL : SegTrainingSpec.Mode.SPARK;
                reason = String.format(Locale.ROOT, "training.mode = auto: %d training rows, %.1f MiB of pixels + masks "
                        + "%s training.autoLocalMaxMiB = %d -> %s", px.rows(), mib, local ? "<=" : ">",
                        tr.autoLocalMaxMiB(), local ? "local (one JVM)" : "spark (parameter averaging)");
            } else {
                mode = tr.mode() == SegJobConfig.Mode.LOCAL ? SegTrainingSpec.Mode.LOCAL : SegTrainingSpec.Mode.SPARK;
                reason = "training.mode = " + mode.name().toLowerCase(Locale.ROOT) + " (set in the job)";
            }
            LOG.info(reason);
            int localMaxMiB = (int) Math.min(Integer.MAX_VALUE, Math.max(1, Math.max(tr.autoLocalMaxMiB(),
                    SegTrainingSpec.DEFAULT_LOCAL_MAX_MIB)));
            SegTrainingSpec spec = new SegTrainingSpec(mode, tr.epochs(), tr.batchSize(), tr.averagingFrequency(),
                    tr.workers(), tr.patience(), modelSeed, localMaxMiB, unet);
            Row size = rows.select(ImageRows.WIDTH, ImageRows.HEIGHT).first();
            int pixelsPerImage = size.getInt(0) * size.getInt(1);
            Dataset<Row> val = validation.persist(StorageLevel.MEMORY_AND_DISK());
            ILossFunction lossFn = loss.build(new ClassCounts(px.negatives(), px.positives()), pixelsPerImage);
            SegFit fit = SegTrainer.fit(spark, rows, spec, lossFn, (epoch, graph, trainLoss) -> {
                // one pass for the mean Dice alone: the exact pixel curves are for the final model
                double dice = SegThreshold.tune(score(val, SegBundle.toBytes(graph)),
                        new double[] {EPOCH_THRESHOLD}).meanDice();
                LOG.info(String.format(Locale.ROOT, "epoch %d: train loss %.5f, validation mean Dice %.4f",
                        epoch, trainLoss, dice));
                return dice;
            });
            val.unpersist();
            return new Fitted(fit.best(), SegBundle.toBytes(fit.best()), fit, mode.name().toLowerCase(Locale.ROOT), reason,
                    seconds(t));
        } finally {
            rows.unpersist();
        }
    }

    /** Images with {@link ImageRows#PROB} added by the network, on the executors. */
    public Dataset<Row> score(Dataset<Row> images, byte[] network) {
        return SegPredictor.predict(images, network, Math.max(1, job.training().batchSize()));
    }

    /** The pixel threshold: the job's fixed value, or tuned for the best validation mean Dice. */
    public ThresholdChoice threshold(Dataset<Row> validationScored) {
        Double fixed = job.evaluation().threshold();
        if (fixed != null) {
            return new ThresholdChoice("fixed", fixed, "validation");
        }
        TunedThreshold tuned = SegThreshold.tune(validationScored);
        return tuned.choice();
    }

    private static double seconds(long t) {
        return (System.nanoTime() - t) / 1e9;
    }
}
