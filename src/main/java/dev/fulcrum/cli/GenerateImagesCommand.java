package dev.fulcrum.cli;

import dev.fulcrum.config.JobConfig;
import dev.fulcrum.images.ImageGenSpec;
import dev.fulcrum.images.ImageGenerator;
import dev.fulcrum.jobs.Sessions;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "generate-images", mixinStandardHelpOptions = true,
        description = {"Write hard synthetic segmentation data: <out>/images/<id>.png (8-bit grey) and",
                "<out>/masks/<id>.png (0/255). Small low-contrast soft-edged ellipses (0.5-5% of the image) on a",
                "textured, unevenly lit background; some images have an empty mask. Rendered by Spark tasks,",
                "deterministic by seed, published at once (nothing appears at <out> until all files are written)."})
final class GenerateImagesCommand implements Callable<Integer> {
    @Option(names = "--out", required = true, description = "Output directory or Hadoop URI; must not exist or be empty.")
    String out;
    @Option(names = "--count", defaultValue = "200", description = "Images to generate (default: ${DEFAULT-VALUE}).")
    int count;
    @Option(names = "--width", defaultValue = "64", description = "Image width in pixels, >= 16 (default: ${DEFAULT-VALUE}).")
    int width;
    @Option(names = "--height", defaultValue = "64", description = "Image height in pixels, >= 16 (default: ${DEFAULT-VALUE}).")
    int height;
    @Option(names = "--seed", defaultValue = "42", description = "Random seed (default: ${DEFAULT-VALUE}).")
    long seed;
    @Option(names = "--empty-fraction", defaultValue = "0.15",
            description = "Expected share of images with an empty mask, in [0, 1] (default: ${DEFAULT-VALUE}).")
    double emptyFraction;
    @Option(names = "--contrast", defaultValue = "0.08",
            description = "Mean intensity step of a blob over its local background, in (0, 0.5] (default: ${DEFAULT-VALUE}).")
    double contrast;
    @Option(names = "--noise", defaultValue = "0.03",
            description = "Standard deviation of the per-pixel noise, in [0, 0.5] (default: ${DEFAULT-VALUE}).")
    double noise;
    @Option(names = "--master", description = "Spark master when not run by spark-submit (default: local[*]).")
    String master;
    @Option(names = "--verbose", description = "Print stack traces for input errors.")
    boolean verbose;

    @Override
    public Integer call() {
        // validated before Spark starts
        ImageGenSpec spec = new ImageGenSpec(count, width, height, seed, emptyFraction, contrast, noise, 0);
        List<String> sets = master == null ? List.of() : List.of("spark.master=\"" + master + "\"");
        boolean owned = SparkSession.getDefaultSession().isEmpty(); // embedded callers keep their session
        SparkSession spark = Sessions.create(JobConfig.sparkOnly(sets));
        try {
            long t = System.nanoTime();
            ImageGenerator.Summary s = ImageGenerator.generate(spark, spec, out);
            System.out.printf("wrote %d images %dx%d (%d with foreground, mean foreground %.2f%% of those images; "
                            + "%d empty; seed %d) to %s in %.1fs%n", s.images(), width, height, s.withForeground(),
                    s.meanForegroundPercent(), s.images() - s.withForeground(), seed, s.outDir(),
                    (System.nanoTime() - t) / 1e9);
            return 0;
        } finally {
            if (owned) {
                spark.stop();
            }
        }
    }
}
