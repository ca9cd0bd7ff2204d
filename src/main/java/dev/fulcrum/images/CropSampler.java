package dev.fulcrum.images;

import static org.apache.spark.sql.functions.col;

import dev.fulcrum.error.BadInputException;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Foreground-biased crops: the segmentation analogue of oversampling the minority class. With
 * foreground at 0.5-5% of the pixels, uniform crops are mostly background; centring each crop, with
 * probability {@code foregroundBias}, on a random foreground pixel (uniform over the image's
 * foreground pixels, the crop shifted to stay inside the image) lets the loss see the rare class often.
 * For the TRAINING split only: validation and test must be scored on whole images as they come.
 *
 * <p>Crop {@code k} of image {@code id} draws from a stream seeded by (seed, id, k): the same crops
 * for any partitioning, and adding crops per image keeps the earlier ones. An image without
 * foreground gets uniform crops only. Output rows are in {@link ImageRows#SCHEMA} with id
 * {@code <id>#<k>}.
 */
public final class CropSampler {
    private CropSampler() {
    }

    /**
     * @throws BadInputException naming an image smaller than the crop (before any crop is drawn)
     */
    public static Dataset<Row> sample(Dataset<Row> train, CropSpec spec) {
        int size = spec.size();
        List<Row> small = train.filter(col(ImageRows.WIDTH).lt(size).or(col(ImageRows.HEIGHT).lt(size)))
                .select(ImageRows.ID, ImageRows.WIDTH, ImageRows.HEIGHT).limit(1).collectAsList();
        if (!small.isEmpty()) {
            Row r = small.get(0);
            throw new BadInputException("crop.size " + size + " does not fit image " + r.getString(0) + " ("
                    + r.getInt(1) + "x" + r.getInt(2) + "); choose crop.size <= the smallest image side or drop "
                    + "the smaller images");
        }
        int crops = spec.cropsPerImage();
        double bias = spec.foregroundBias();
        long seed = spec.seed();
        JavaRDD<Row> out = train.select(ImageRows.ID, ImageRows.WIDTH, ImageRows.HEIGHT, ImageRows.IMAGE, ImageRows.MASK)
                .toJavaRDD().flatMap(r -> {
                    String id = r.getString(0);
                    int w = r.getInt(1);
                    int h = r.getInt(2);
                    float[] image = ImageRows.floats(r, ImageRows.IMAGE);
                    float[] mask = ImageRows.floats(r, ImageRows.MASK);
                    List<Row> rows = new ArrayList<>(crops);
                    for (int k = 0; k < crops; k++) {
                        int[] o = origin(seed, id, k, w, h, mask, size, bias);
                        rows.add(ImageRows.row(id + "#" + k, size, size, cut(image, w, o, size), cut(mask, w, o, size)));
                    }
                    return rows.iterator();
                });
        return train.sparkSession().createDataFrame(out, ImageRows.SCHEMA);
    }

    /** The top-left corner {x, y} of crop {@code k} of image {@code id}. */
    static int[] origin(long seed, String id, int k, int w, int h, float[] mask, int size, double bias) {
        SplittableRandom r = new SplittableRandom(ImageGenerator.mix(ImageGenerator.mix(seed ^ ImageGenerator.mix(hash(id))) + k));
        boolean centred = r.nextDouble() < bias;
        int fg = 0;
        if (centred) {
            for (float v : mask) {
                fg += v > 0 ? 1 : 0;
            }
        }
        if (centred && fg > 0) {
            int pick = r.nextInt(fg);
            int i = -1;
            while (pick >= 0) {
                if (mask[++i] > 0) {
                    pick--;
                }
            }
            int cx = i % w;
            int cy = i / w;
            return new int[] {clamp(cx - size / 2, w - size), clamp(cy - size / 2, h - size)};
        }
        return new int[] {r.nextInt(w - size + 1), r.nextInt(h - size + 1)};
    }

    private static int clamp(int v, int max) {
        return Math.max(0, Math.min(max, v));
    }

    private static float[] cut(float[] src, int w, int[] o, int size) {
        float[] out = new float[size * size];
        for (int y = 0; y < size; y++) {
            System.arraycopy(src, (o[1] + y) * w + o[0], out, y * size, size);
        }
        return out;
    }

    /** 64-bit FNV-1a of the id's UTF-16 units: String.hashCode's 32 bits would pair up ids in large sets. */
    static long hash(String id) {
        long x = 0xcbf29ce484222325L;
        for (int i = 0; i < id.length(); i++) {
            x ^= id.charAt(i);
            x *= 0x100000001b3L;
        }
        return x;
    }
}
