package dev.fulcrum.jobs;

import dev.fulcrum.bundle.ModelLocator;
import dev.fulcrum.bundle.SegBundle;
import dev.fulcrum.error.BadInputException;
import dev.fulcrum.images.ImageReader;
import dev.fulcrum.images.MaskWriter;
import dev.fulcrum.images.OnBadImage;
import dev.fulcrum.unet.SegPredictor;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code fulcrum score} with a segmentation bundle: verifies the bundle ({@link SegBundle#load}),
 * reads the PNG images of {@code --input} ({@code <input>/images/<id>.png}, or the PNGs directly in
 * {@code <input>}; masks are not needed and ignored), predicts on the executors (the network
 * restored once per partition, images padded to the U-Net's size multiple and cropped back) and
 * writes {@code <output>/<id>.png} masks (0/255 at the bundle's threshold) and
 * {@code <output>/prob/<id>.png} probabilities atomically: a failed run leaves no partial output and
 * the previous output, if replaced, intact.
 */
public final class SegScoreJob {
    private static final Logger LOG = LoggerFactory.getLogger(SegScoreJob.class);

    public record Request(String model, String registry, String input, String output, boolean overwrite,
                          boolean quarantine, boolean requireSigned) {
    }

    public record Outcome(String output, String modelDir, long images, long quarantined, long foregroundPixels,
                          double seconds, double imagesPerSecond) {
    }

    private SegScoreJob() {
    }

    /** Whether {@code model} names a run whose bundle is a segmentation bundle. */
    public static boolean handles(String model, String registry, Configuration hadoop) {
        try {
            return SegBundle.isSegmentation(ModelLocator.resolve(model, registry, hadoop), hadoop);
        } catch (BadInputException e) {
            return false; // the tabular path reports the unresolvable model in its own words
        }
    }

    public static Outcome run(SparkSession spark, Request req) {
        long t0 = System.nanoTime();
        Configuration hadoop = spark.sparkContext().hadoopConfiguration();
        String modelDir = ModelLocator.resolve(req.model(), req.registry(), hadoop);
        SegBundle.Loaded bundle = SegBundle.load(modelDir, hadoop, req.requireSigned());
        LOG.info("segmenting with " + modelDir + " (pixel threshold " + bundle.threshold() + ")");
        ImageReader.Result in = ImageReader.readImages(spark, req.input(),
                req.quarantine() ? OnBadImage.QUARANTINE : OnBadImage.FAIL);
        try {
            if (in.kept() == 0) {
                throw new BadInputException("--input " + req.input() + ": no image to segment (" + in.quarantinedTotal()
                        + " quarantined: " + in.quarantined() + ")");
            }
            if (in.quarantinedTotal() > 0) {
                LOG.warn(in.quarantinedTotal() + " image(s) left out: " + in.quarantined());
            }
            Dataset<Row> predicted = SegPredictor.predict(in.images(), bundle.network(), 8);
            MaskWriter.Written w = MaskWriter.write(predicted, req.output(), bundle.threshold(), true, req.overwrite());
            double seconds = (System.nanoTime() - t0) / 1e9;
            LOG.info(String.format(java.util.Locale.ROOT, "segmented %d images in %.1fs -> %s", w.masks(), seconds,
                    w.outDir()));
            return new Outcome(w.outDir(), bundle.dir(), w.masks(), in.quarantinedTotal(), w.foregroundPixels(),
                    seconds, w.masks() / seconds);
        } finally {
            in.release();
        }
    }
}
