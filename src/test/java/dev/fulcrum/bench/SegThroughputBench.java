package dev.fulcrum.bench;

import dev.fulcrum.images.ImageRows;
import dev.fulcrum.loss.LossDice;
import dev.fulcrum.unet.SegFit;
import dev.fulcrum.unet.SegTrainer;
import dev.fulcrum.unet.SegTrainingSpec;
import dev.fulcrum.unet.UNetSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Training throughput of {@link SegTrainer}, local vs spark on local[2]: a depth-3 U-Net
 * (baseFilters 8, batch norm) on 64x64 synthetic disc images. Args: [images=128] [epochs=3].
 * Prints images/s per mode (SegFit.examplesPerSecond: training time only, first epoch included);
 * with a third argument writes them and the spark / local ratio there as JSON (scripts/bench/segmentation.sh).
 * Run: {@code source scripts/bench/lib/common.sh && bench_java dev.fulcrum.bench.SegThroughputBench 64 2}.
 *
 * <p>Measured 2026-12-03 on the shared 2-core dev machine under load average ≈ 13 (other builds), so
 * only a floor: 64 images, 2 epochs, batch 8, averagingFrequency 4, OMP_NUM_THREADS=1 — local 2.6
 * images/s (≈ 25 s/epoch), spark 2.3 images/s (≈ 26–30 s/epoch).
 */
public final class SegThroughputBench {
    private SegThroughputBench() {
    }

    public static void main(String[] args) {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 128;
        int epochs = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        int size = 64;
        SparkSession spark = SparkSession.builder().master("local[2]").appName("seg-bench")
                .config("spark.ui.enabled", "false").config("spark.driver.host", "127.0.0.1")
                .config("spark.serializer", "org.apache.spark.serializer.KryoSerializer")
                .config("spark.kryo.registrator", "org.nd4j.kryo.Nd4jRegistrator").getOrCreate();
        Random r = new Random(1);
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            float[] img = new float[size * size];
            float[] mask = new float[size * size];
            double cx = 10 + r.nextDouble() * 44;
            double cy = 10 + r.nextDouble() * 44;
            for (int y = 0; y < size; y++) {
                for (int x = 0; x < size; x++) {
                    boolean in = (x - cx) * (x - cx) + (y - cy) * (y - cy) <= 64;
                    mask[y * size + x] = in ? 1 : 0;
                    img[y * size + x] = (float) Math.min(1, (in ? 0.6 : 0.2) + 0.4 * r.nextDouble());
                }
            }
            rows.add(ImageRows.row("b" + i, size, size, img, mask));
        }
        Dataset<Row> train = spark.createDataFrame(rows, ImageRows.SCHEMA).repartition(2).cache();
        train.count();
        UNetSpec unet = new UNetSpec(3, 8, false, true, 0, 0.005, 0, 1);
        java.util.Map<String, Object> out = new java.util.LinkedHashMap<>();
        out.put("images", n);
        out.put("epochs", epochs);
        out.put("net", "U-Net depth 3, baseFilters 8, batch norm; 64x64; batch 8; averagingFrequency 4; local[2]");
        for (SegTrainingSpec.Mode mode : SegTrainingSpec.Mode.values()) {
            SegTrainingSpec spec = new SegTrainingSpec(mode, epochs, 8, 4, 2, 0, 1, unet);
            SegFit fit = SegTrainer.fit(spark, train, spec, new LossDice(1.0, size * size), (e, net, l) -> -l);
            System.out.printf("%s: %.1f images/s over %d epochs of %d images (%s)%n", mode, fit.examplesPerSecond(),
                    epochs, n, fit.epochs());
            out.put(mode + "ImagesPerSecond", fit.examplesPerSecond());
            out.put(mode + "EpochSeconds", fit.epochs().stream().map(e -> e.seconds()).toList());
        }
        out.put("sparkOverLocal", (double) out.get("sparkImagesPerSecond") / (double) out.get("localImagesPerSecond"));
        if (args.length > 2) {
            try {
                java.nio.file.Files.writeString(java.nio.file.Path.of(args[2]), dev.fulcrum.report.Json.write(out));
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
        spark.stop();
    }
}
