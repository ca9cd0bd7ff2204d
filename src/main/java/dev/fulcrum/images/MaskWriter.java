package dev.fulcrum.images;

import static org.apache.spark.sql.functions.col;

import dev.fulcrum.error.BadInputException;
import dev.fulcrum.io.AtomicDirectory;
import java.util.Arrays;
import java.util.List;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Writes predicted masks as PNG files, {@code <outDir>/<id>.png} (255 where {@code prob >= threshold},
 * else 0) and optionally {@code <outDir>/prob/<id>.png} (the probability as 8-bit grey,
 * {@code round(255 p)}), from Spark tasks through the Hadoop FileSystem API. The directory is
 * published at once when every file is written: a reader sees the previous output or the new
 * one, never a mixture, and a failed write leaves the previous output as it was.
 *
 * <p>Refused before anything is written: a duplicate id (two predictions for one file). Refused by
 * the task that meets it: an id that cannot be a file name, a {@code prob} array that does not hold
 * width x height values, a NaN or infinite probability.
 */
public final class MaskWriter {
    public static final String PROB_DIR = "prob";

    private MaskWriter() {
    }

    /** What {@link #write} published. */
    public record Written(long masks, long foregroundPixels, String outDir) {
    }

    /**
     * @param predictions rows with {@link ImageRows#ID}, {@link ImageRows#WIDTH}, {@link ImageRows#HEIGHT}
     *                    and {@link ImageRows#PROB} (array of float, row-major)
     * @param threshold   foreground where {@code prob >= threshold}, in (0, 1)
     * @param replace     replace an existing non-empty {@code outDir} (atomically) instead of refusing it
     */
    public static Written write(Dataset<Row> predictions, String outDir, double threshold, boolean withProbability,
                                boolean replace) {
        if (!(threshold > 0 && threshold < 1)) {
            throw new BadInputException("mask threshold must be in (0, 1); got " + threshold);
        }
        for (String c : List.of(ImageRows.ID, ImageRows.WIDTH, ImageRows.HEIGHT, ImageRows.PROB)) {
            if (!Arrays.asList(predictions.columns()).contains(c)) {
                throw new BadInputException("predictions: expected a column " + c + "; got " + Arrays.toString(predictions.columns()));
            }
        }
        List<Row> twice = predictions.groupBy(ImageRows.ID).count().filter(col("count").gt(1)).limit(1).collectAsList();
        if (!twice.isEmpty()) {
            throw new BadInputException("predictions: image id " + twice.get(0).getString(0) + " occurs "
                    + twice.get(0).getLong(1) + " times; one mask file per id needs unique ids");
        }
        var hadoop = predictions.sparkSession().sparkContext().hadoopConfiguration();
        AtomicDirectory dir = withProbability ? PngOutput.start(outDir, hadoop, replace, "mask output", PROB_DIR)
                : PngOutput.start(outDir, hadoop, replace, "mask output");
        try {
            ShippedConf conf = new ShippedConf(hadoop);
            String temp = dir.temp().toString();
            long[] totals = predictions.select(ImageRows.ID, ImageRows.WIDTH, ImageRows.HEIGHT, ImageRows.PROB)
                    .toJavaRDD().mapPartitions(it -> {
                        Path root = new Path(temp);
                        long[] t = new long[2];
                        try (FileSystem fs = PngOutput.openForTask(root, conf.get())) {
                            while (it.hasNext()) {
                                Row r = it.next();
                                String id = PngOutput.checkFileName(r.getString(0));
                                int w = r.getInt(1);
                                int h = r.getInt(2);
                                float[] p = checked(id, w, h, ImageRows.floats(r, ImageRows.PROB));
                                PngOutput.write(fs, new Path(root, id + ".png"), Png.encodeBinary(p, w, h, threshold));
                                if (withProbability) {
                                    PngOutput.write(fs, new Path(root, PROB_DIR + "/" + id + ".png"), Png.encodeGrey(p, w, h));
                                }
                                t[0]++;
                                for (float v : p) {
                                    t[1] += v >= threshold ? 1 : 0;
                                }
                            }
                        }
                        return List.of(t).iterator();
                    }).fold(new long[2], (a, b) -> new long[] {a[0] + b[0], a[1] + b[1]});
            PngOutput.publish(dir);
            return new Written(totals[0], totals[1], dir.target().toString());
        } catch (RuntimeException e) {
            throw PngOutput.failure(dir, "mask output", e);
        } finally {
            dir.abandon();
        }
    }

    private static float[] checked(String id, int w, int h, float[] p) {
        if (w < 1 || h < 1 || p.length != (long) w * h) {
            throw new BadInputException("predictions: image " + id + " is " + w + "x" + h + " but its " + ImageRows.PROB
                    + " holds " + p.length + " values; expected width x height");
        }
        for (int i = 0; i < p.length; i++) {
            if (!Float.isFinite(p[i])) {
                throw new BadInputException("predictions: image " + id + " has probability " + p[i] + " at (x=" + i % w
                        + ", y=" + i / w + "); a mask needs finite probabilities (check the model's output)");
            }
        }
        return p;
    }
}
