package dev.fulcrum.images;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.udf;
import static org.apache.spark.sql.functions.when;
import static org.apache.spark.sql.functions.xxhash64;

import dev.fulcrum.error.BadInputException;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.api.java.UDF2;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.storage.StorageLevel;

/**
 * Splits images (never pixels: the pixels of one image are correlated, so a pixel-level split
 * would test on what it trained on) into train / validation / test, stratified by foreground:
 * {@value #EMPTY} (no foreground pixel), {@value #SMALL} (foreground share below the size cut) and
 * {@value #LARGE}. Each stratum is divided exactly ({@link #counts}: largest remainder, so every
 * split gets {@code floor} or {@code ceil} of its share), the images of a stratum taken in the
 * order of a seeded hash of their id. The result depends on the seed and the ids only, not on the
 * partitioning.
 *
 * <p>Only (id, foreground share) keys are ranked: a window per stratum over those small rows, the
 * assignment cached, and the images joined to it; no image reaches the driver.
 */
public final class ImageSplitter {
    public static final String EMPTY = "empty";
    public static final String SMALL = "small";
    public static final String LARGE = "large";
    static final String SHARE = "_fulcrum_fg_share";
    static final String STRATUM = "_fulcrum_stratum";
    static final String PART = "_fulcrum_part";

    private ImageSplitter() {
    }

    /**
     * @param sizeCut    the foreground share that separated small from large
     * @param perStratum per stratum (empty, small, large; absent when it has no image), the images
     *                   in train, validation and test
     * @param assignment (id, part 0/1/2) cached; {@link #release} drops it
     */
    public record ImageSplits(Dataset<Row> train, Dataset<Row> validation, Dataset<Row> test, double sizeCut,
                              Map<String, long[]> perStratum, Dataset<Row> assignment) {
        public void release() {
            assignment.unpersist();
        }
    }

    /** Splits rows in {@link ImageRows#SCHEMA} (extra columns are kept) by image id. */
    public static ImageSplits split(Dataset<Row> images, ImageSplitSpec spec) {
        Dataset<Row> keys = images.select(col(ImageRows.ID),
                expr("aggregate(" + ImageRows.MASK + ", 0D, (acc, x) -> acc + IF(x > 0, 1D, 0D)) / size("
                        + ImageRows.MASK + ")").as(SHARE)).persist(StorageLevel.MEMORY_AND_DISK());
        try {
            List<Row> twice = keys.groupBy(ImageRows.ID).count().filter(col("count").gt(1)).limit(1).collectAsList();
            if (!twice.isEmpty()) {
                throw new BadInputException("image id " + twice.get(0).getString(0) + " occurs "
                        + twice.get(0).getLong(1) + " times; a split by image needs unique ids (rename the files)");
            }
            double cut = spec.sizeCut() != null ? spec.sizeCut() : median(keys);
            Column stratum = when(col(SHARE).equalTo(0), lit(EMPTY)).when(col(SHARE).lt(cut), lit(SMALL))
                    .otherwise(lit(LARGE));
            Dataset<Row> strata = keys.withColumn(STRATUM, stratum);
            Map<String, long[]> per = new TreeMap<>();
            HashMap<String, long[]> cuts = new HashMap<>();
            for (Row r : strata.groupBy(STRATUM).count().collectAsList()) {
                long[] c = counts(spec.fractions(), r.getLong(1));
                per.put(r.getString(0), c);
                cuts.put(r.getString(0), new long[] {c[0], c[0] + c[1]});
            }
            UDF2<String, Integer, Integer> part = (s, rank) -> {
                long[] c = cuts.get(s);
                return rank <= c[0] ? 0 : rank <= c[1] ? 1 : 2;
            };
            // rank 1.. within the stratum by the seeded hash, the id breaking (improbable) ties
            Column rank = row_number().over(Window.partitionBy(STRATUM).orderBy(xxhash64(lit(spec.seed()),
                    col(ImageRows.ID)), col(ImageRows.ID)));
            Dataset<Row> assignment = strata.select(col(ImageRows.ID).as("_fulcrum_key"),
                    udf(part, DataTypes.IntegerType).apply(col(STRATUM), rank).as(PART))
                    .persist(StorageLevel.MEMORY_AND_DISK());
            assignment.count();
            Column[] original = Arrays.stream(images.columns()).map(c -> images.col("`" + c + "`")).toArray(Column[]::new);
            Dataset<Row> joined = images.join(assignment, images.col(ImageRows.ID).equalTo(assignment.col("_fulcrum_key")));
            return new ImageSplits(joined.filter(col(PART).equalTo(0)).select(original),
                    joined.filter(col(PART).equalTo(1)).select(original),
                    joined.filter(col(PART).equalTo(2)).select(original), cut, Collections.unmodifiableMap(per),
                    assignment);
        } finally {
            keys.unpersist();
        }
    }

    /** The median foreground share of the images that have foreground (1 when none has: all are empty). */
    private static double median(Dataset<Row> keys) {
        Dataset<Row> nonEmpty = keys.filter(col(SHARE).gt(0));
        if (nonEmpty.isEmpty()) {
            return 1.0;
        }
        return nonEmpty.stat().approxQuantile(SHARE, new double[] {0.5}, 0.0)[0]; // error 0: exact
    }

    /**
     * How a stratum of {@code n} images is divided: {@code floor(f_j * n)} each, then one more for
     * the splits with the largest remainders (train first on ties) until they sum to {@code n}.
     */
    public static long[] counts(double[] fractions, long n) {
        long[] c = new long[fractions.length];
        double[] rest = new double[fractions.length];
        long left = n;
        for (int j = 0; j < c.length; j++) {
            double q = fractions[j] * n;
            c[j] = (long) Math.floor(q + 1e-9); // 0.15 * 20 is 2.9999999999999996 in binary
            rest[j] = q - c[j];
            left -= c[j];
        }
        Integer[] order = new Integer[c.length];
        for (int j = 0; j < c.length; j++) {
            order[j] = j;
        }
        Arrays.sort(order, (a, b) -> rest[a] != rest[b] ? Double.compare(rest[b], rest[a]) : Integer.compare(a, b));
        for (int k = 0; left > 0; k = (k + 1) % c.length, left--) {
            c[order[k]]++;
        }
        return c;
    }
}
