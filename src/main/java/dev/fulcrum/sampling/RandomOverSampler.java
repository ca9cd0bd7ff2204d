package dev.fulcrum.sampling;

import dev.fulcrum.error.BadInputException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.StructType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

/**
 * Adds copies of minority rows drawn uniformly with replacement until minority/majority equals
 * {@code ratio}: {@code floor(ratio * n_majority) - n_minority} copies (imbalanced-learn's count).
 * Minority rows are numbered in a seeded content-hash order; the driver draws how many copies each
 * number gets (an int per minority row, never majority data), and executors emit the copies.
 */
public final class RandomOverSampler implements Resampler {
    private static final Logger LOG = LoggerFactory.getLogger(RandomOverSampler.class);
    private final double ratio;
    private final String path;

    public RandomOverSampler(double ratio) {
        this(ratio, "oversample.ratio");
    }

    RandomOverSampler(double ratio, String path) {
        ClassBalance.checkRatio(ratio, path);
        this.ratio = ratio;
        this.path = path;
    }

    @Override
    public String describe() {
        return "oversample(ratio=" + ratio + ")";
    }

    @Override
    public Dataset<Row> resample(Dataset<Row> train, long seed) {
        long t0 = System.nanoTime();
        ClassBalance b = ClassBalance.of(train, describe());
        long extra = (long) (ratio * b.majority()) - b.minority();
        if (extra < 0) {
            throw new BadInputException(path + " would remove minority rows (oversampling only adds); got ratio " + ratio
                    + " but the split already has minority/majority = " + (double) b.minority() / b.majority());
        }
        if (extra == 0) {
            return train;
        }
        if (b.minority() > Integer.MAX_VALUE) {
            throw new IllegalStateException("oversample: more than 2^31 minority rows are not supported");
        }
        int n = (int) b.minority();
        int[] copies = new int[n];
        SplittableRandom rng = new SplittableRandom(seed);
        for (long i = 0; i < extra; i++) {
            copies[rng.nextInt(n)]++;
        }
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(train.sparkSession().sparkContext());
        Broadcast<int[]> bc = jsc.broadcast(copies);
        Dataset<Row> minority = train.where(col(ClassBalance.LABEL).equalTo(b.minorityLabel()));
        Dataset<Row> units = minority
                .withColumn(OrderedAssignment.STRATUM, lit("minority"))
                .withColumn(OrderedAssignment.ORDER, lit(0.0))
                .withColumn(OrderedAssignment.TIE, OrderedAssignment.contentHash(seed))
                .withColumn(OrderedAssignment.WEIGHT, lit(1L));
        // The bucket is the row's rank among the minority rows.
        Dataset<Row> ranked = OrderedAssignment.assign(units, (start, w, total) -> (int) start);
        StructType schema = train.schema();
        int width = schema.size();
        int iRank = ranked.schema().fieldIndex(OrderedAssignment.BUCKET);
        var dups = ranked.toJavaRDD().flatMap((Row r) -> {
            int c = bc.value()[r.getInt(iRank)];
            List<Row> out = new ArrayList<>(c);
            Object[] vals = new Object[width];
            for (int i = 0; i < width; i++) {
                vals[i] = r.get(i);
            }
            for (int i = 0; i < c; i++) {
                out.add(RowFactory.create(vals));
            }
            Iterator<Row> it = out.iterator();
            return it;
        });
        Dataset<Row> out = train.unionByName(train.sparkSession().createDataFrame(dups, schema));
        LOG.info("{}: in minority={} majority={}; out minority={} majority={} ({} ms)", describe(), b.minority(),
                b.majority(), b.minority() + extra, b.majority(), (System.nanoTime() - t0) / 1_000_000);
        return out;
    }
}
