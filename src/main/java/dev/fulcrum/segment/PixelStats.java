package dev.fulcrum.segment;

import dev.fulcrum.images.ImageRows;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Pixel counts of a set of image rows, summed on the executors: what the loss's class balance
 * (weighted BCE's auto weight) and the local-vs-Spark choice are computed from.
 */
public record PixelStats(long rows, long pixels, long positives) {

    public long negatives() {
        return pixels - positives;
    }

    public double positiveRate() {
        return pixels == 0 ? 0 : (double) positives / pixels;
    }

    public static PixelStats of(Dataset<Row> images) {
        long[] sums = images.select(ImageRows.MASK).javaRDD().map(r -> {
            java.util.List<Float> m = r.getList(0);
            long fg = 0;
            for (Float v : m) {
                if (v >= 0.5f) {
                    fg++;
                }
            }
            return new long[] {1, m.size(), fg};
        }).fold(new long[3], (a, b) -> new long[] {a[0] + b[0], a[1] + b[1], a[2] + b[2]});
        return new PixelStats(sums[0], sums[1], sums[2]);
    }
}
