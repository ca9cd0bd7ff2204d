package dev.fulcrum.images;

import dev.fulcrum.io.AtomicDirectory;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Hard synthetic segmentation data with a known answer: small, soft-edged, low-contrast ellipses
 * on a textured, unevenly lit background, so that no global threshold separates them and a model
 * has to learn local contrast.
 *
 * <p>Per image, from a random stream seeded by (seed, index) only — the data is the same for any
 * number of Spark tasks:
 * <ul>
 *   <li>background: a base level in [0.35, 0.65], a linear illumination gradient of random direction
 *       (amplitude 0.1–0.25 across the image), five random low-frequency sinusoids (1–4 cycles per
 *       image, amplitude 0.02–0.06 each) and Gaussian pixel noise of sd {@code noise};</li>
 *   <li>with probability {@code emptyFraction} nothing else (an empty mask); otherwise 1–3 ellipses
 *       (axis ratio 1–2.5, random orientation) covering together 0.5–5% of the image (log-uniform
 *       target, redrawn until the rasterised mask lands in that range). Each adds
 *       {@code ±contrast·[0.7, 1.3]} times a soft profile {@code 1/(1+exp(-(1-d)·b/0.8))}, d the
 *       ellipse's normalised radius and b its minor semi-axis in pixels: about 1.5 pixels of blur;</li>
 *   <li>the mask is that soft shape thresholded at 0.5 (d <= 1 for some ellipse); the image is clipped
 *       to [0, 1].</li>
 * </ul>
 */
public final class ImageGenerator {
    static final double MIN_FOREGROUND = 0.005;
    static final double MAX_FOREGROUND = 0.05;
    static final int MAX_BLOBS = 3;
    static final int WAVES = 5;
    static final double EDGE_PIXELS = 0.8;
    private static final int ATTEMPTS = 64;

    private ImageGenerator() {
    }

    /** One rendered image with its mask, row-major; {@code foreground} counts the mask's pixels. */
    public static final class Sample {
        private final String id;
        private final float[] image;
        private final float[] mask;
        private final int foreground;

        Sample(String id, float[] image, float[] mask, int foreground) {
            this.id = id;
            this.image = image;
            this.mask = mask;
            this.foreground = foreground;
        }

        public String id() {
            return id;
        }

        public float[] image() {
            return image;
        }

        public float[] mask() {
            return mask;
        }

        public int foreground() {
            return foreground;
        }
    }

    /** What {@link #generate} wrote. {@code meanForegroundPercent} is over the images with foreground. */
    public record Summary(long images, long withForeground, double meanForegroundPercent, String outDir) {
    }

    /** The id of image {@code index} of {@code count}: {@code img-00042}, wider when count > 100000 so ids sort. */
    public static String id(int index, int count) {
        int digits = Math.max(5, String.valueOf(Math.max(0, count - 1)).length());
        return "img-" + String.format("%0" + digits + "d", index);
    }

    /** Image {@code index} of the data set {@code spec} describes: a pure function of (spec, index). */
    public static Sample render(ImageGenSpec spec, int index) {
        return render(spec.seed(), index, spec.count(), spec.width(), spec.height(), spec.emptyFraction(),
                spec.contrast(), spec.noise());
    }

    static Sample render(long seed, int index, int count, int w, int h, double emptyFraction, double contrast,
                         double noise) {
        SplittableRandom r = new SplittableRandom(mix(mix(seed) + index));
        int n = w * h;
        float[] background = background(r, w, h, noise);
        boolean empty = r.nextDouble() < emptyFraction;
        float[] image = new float[n];
        float[] mask = new float[n];
        int fg = 0;
        if (!empty) {
            double[] shade = new double[n];
            int lo = Math.max(1, (int) Math.ceil(MIN_FOREGROUND * n));
            int hi = Math.max(lo, (int) Math.floor(MAX_FOREGROUND * n));
            for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
                java.util.Arrays.fill(shade, 0);
                java.util.Arrays.fill(mask, 0f);
                fg = blobs(r, w, h, contrast, shade, mask);
                if (fg >= lo && fg <= hi) {
                    break;
                }
            }
            for (int i = 0; i < n; i++) {
                image[i] = clip(background[i] + shade[i]);
            }
        } else {
            for (int i = 0; i < n; i++) {
                image[i] = clip(background[i]);
            }
        }
        return new Sample(id(index, count), image, mask, fg);
    }

    private static float[] background(SplittableRandom r, int w, int h, double noise) {
        double base = 0.35 + 0.3 * r.nextDouble();
        double gradient = 0.1 + 0.15 * r.nextDouble();
        double gAngle = 2 * Math.PI * r.nextDouble();
        double scale = Math.max(w, h);
        double[] freq = new double[WAVES];
        double[] cos = new double[WAVES];
        double[] sin = new double[WAVES];
        double[] phase = new double[WAVES];
        double[] amp = new double[WAVES];
        for (int k = 0; k < WAVES; k++) {
            freq[k] = 2 * Math.PI * (1 + 3 * r.nextDouble()) / scale;
            double a = 2 * Math.PI * r.nextDouble();
            cos[k] = Math.cos(a);
            sin[k] = Math.sin(a);
            phase[k] = 2 * Math.PI * r.nextDouble();
            amp[k] = 0.02 + 0.04 * r.nextDouble();
        }
        float[] out = new float[w * h];
        double gc = Math.cos(gAngle);
        double gs = Math.sin(gAngle);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                double v = base + gradient * ((x / (double) w - 0.5) * gc + (y / (double) h - 0.5) * gs);
                for (int k = 0; k < WAVES; k++) {
                    v += amp[k] * Math.sin(freq[k] * (x * cos[k] + y * sin[k]) + phase[k]);
                }
                out[y * w + x] = (float) (v + noise * r.nextGaussian());
            }
        }
        return out;
    }

    /** Adds 1-3 soft ellipses to {@code shade}, marks d <= 1 in {@code mask}; returns the mask's pixel count. */
    private static int blobs(SplittableRandom r, int w, int h, double contrast, double[] shade, float[] mask) {
        int n = w * h;
        int k = 1 + r.nextInt(MAX_BLOBS);
        // log-uniform total share, kept inside the bounds so rasterisation rarely leaves them
        double share = Math.exp(Math.log(0.007) + r.nextDouble() * (Math.log(0.04) - Math.log(0.007)));
        double cap = Math.min(w, h) / 2.0 - 1;
        for (int b = 0; b < k; b++) {
            double area = share * n / k;
            double ratio = 1 + 1.5 * r.nextDouble();
            double minor = Math.min(cap, Math.sqrt(area / (Math.PI * ratio)));
            double major = Math.min(cap, area / (Math.PI * minor));
            double angle = Math.PI * r.nextDouble();
            double cx = centre(r, w, major);
            double cy = centre(r, h, major);
            double delta = (r.nextBoolean() ? 1 : -1) * contrast * (0.7 + 0.6 * r.nextDouble());
            double ca = Math.cos(angle);
            double sa = Math.sin(angle);
            int x0 = Math.max(0, (int) Math.floor(cx - major - 4));
            int x1 = Math.min(w - 1, (int) Math.ceil(cx + major + 4));
            int y0 = Math.max(0, (int) Math.floor(cy - major - 4));
            int y1 = Math.min(h - 1, (int) Math.ceil(cy + major + 4));
            for (int y = y0; y <= y1; y++) {
                for (int x = x0; x <= x1; x++) {
                    double dx = x - cx;
                    double dy = y - cy;
                    double u = (dx * ca + dy * sa) / major;
                    double v = (-dx * sa + dy * ca) / minor;
                    double d = Math.sqrt(u * u + v * v);
                    double soft = 1 / (1 + Math.exp(-(1 - d) * minor / EDGE_PIXELS));
                    shade[y * w + x] += delta * soft;
                    if (d <= 1) {
                        mask[y * w + x] = 1f;
                    }
                }
            }
        }
        int fg = 0;
        for (int i = 0; i < n; i++) {
            fg += mask[i] > 0 ? 1 : 0;
        }
        return fg;
    }

    /** A centre at least {@code radius + 1} pixels from both edges when it fits, else the middle. */
    private static double centre(SplittableRandom r, int size, double radius) {
        double lo = radius + 1;
        double hi = size - 1 - radius - 1;
        return hi > lo ? lo + (hi - lo) * r.nextDouble() : (size - 1) / 2.0;
    }

    private static float clip(double v) {
        return (float) Math.max(0, Math.min(1, v));
    }

    /** SplitMix64's finaliser: nearby (seed, index) pairs get unrelated streams. */
    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }

    /** The data set as rows in {@link ImageRows#SCHEMA}, rendered in Spark tasks (no PNG round trip). */
    public static Dataset<Row> rows(SparkSession spark, ImageGenSpec spec) {
        long seed = spec.seed();
        int count = spec.count();
        int w = spec.width();
        int h = spec.height();
        double empty = spec.emptyFraction();
        double contrast = spec.contrast();
        double noise = spec.noise();
        JavaRDD<Row> rows = indices(spark, spec).map(i -> {
            Sample s = render(seed, i, count, w, h, empty, contrast, noise);
            return ImageRows.row(s.id(), w, h, s.image(), s.mask());
        });
        return spark.createDataFrame(rows, ImageRows.SCHEMA);
    }

    /**
     * Renders the data set in Spark tasks and publishes {@code outDir/images/<id>.png} (8-bit grey)
     * and {@code outDir/masks/<id>.png} (0/255) at once, through the Hadoop FileSystem API.
     *
     * @throws dev.fulcrum.error.BadInputException when {@code outDir} exists and is not an empty directory
     */
    public static Summary generate(SparkSession spark, ImageGenSpec spec, String outDir) {
        AtomicDirectory dir = PngOutput.start(outDir, spark.sparkContext().hadoopConfiguration(), false, "--out",
                "images", "masks");
        try {
            ShippedConf conf = new ShippedConf(spark.sparkContext().hadoopConfiguration());
            String temp = dir.temp().toString();
            long seed = spec.seed();
            int count = spec.count();
            int w = spec.width();
            int h = spec.height();
            double empty = spec.emptyFraction();
            double contrast = spec.contrast();
            double noise = spec.noise();
            double n = (double) w * h;
            // per task: images, with foreground, sum of foreground shares
            double[] totals = indices(spark, spec).mapPartitions(it -> {
                Path root = new Path(temp);
                double[] t = new double[3];
                try (FileSystem fs = PngOutput.openForTask(root, conf.get())) {
                    while (it.hasNext()) {
                        Sample s = render(seed, it.next(), count, w, h, empty, contrast, noise);
                        PngOutput.write(fs, new Path(root, "images/" + s.id() + ".png"), Png.encodeGrey(s.image(), w, h));
                        PngOutput.write(fs, new Path(root, "masks/" + s.id() + ".png"), Png.encodeGrey(s.mask(), w, h));
                        t[0]++;
                        t[1] += s.foreground() > 0 ? 1 : 0;
                        t[2] += s.foreground() / n;
                    }
                }
                return List.of(t).iterator();
            }).reduce((a, b) -> new double[] {a[0] + b[0], a[1] + b[1], a[2] + b[2]});
            PngOutput.publish(dir);
            return new Summary((long) totals[0], (long) totals[1],
                    totals[1] == 0 ? 0 : 100 * totals[2] / totals[1], dir.target().toString());
        } catch (RuntimeException e) {
            throw PngOutput.failure(dir, "--out", e);
        } finally {
            dir.abandon();
        }
    }

    private static JavaRDD<Integer> indices(SparkSession spark, ImageGenSpec spec) {
        List<Integer> all = new ArrayList<>(spec.count());
        IntStream.range(0, spec.count()).forEach(all::add);
        return JavaSparkContext.fromSparkContext(spark.sparkContext()).parallelize(all, spec.tasks());
    }
}
