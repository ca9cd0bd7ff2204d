package dev.fulcrum.sampling;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;
import scala.Tuple3;

import static org.apache.spark.sql.functions.col;

/**
 * Distributed "rank within stratum" without a single-partition window: units (rows or groups) are
 * range-sorted by {@code (stratum, order, tie)}, each partition reports its per-stratum weight
 * sums (partitions x strata numbers, tiny), the driver turns them into starting offsets, and a
 * second pass gives every unit its exclusive cumulative weight {@code start} inside its stratum.
 * An {@link Assigner} maps {@code (start, weight, total)} to a bucket (a split). Because the
 * tie key is a content hash, the result does not depend on how the input was partitioned.
 *
 * <p>Input columns: {@link #STRATUM} (string), {@link #ORDER} (double), {@link #TIE} (long),
 * {@link #WEIGHT} (long). Output: the input plus {@link #BUCKET} (int), persisted
 * MEMORY_AND_DISK (the caller may unpersist it once the buckets are written).
 */
final class OrderedAssignment {
    static final String STRATUM = "_fulcrum_stratum";
    static final String ORDER = "_fulcrum_order";
    static final String TIE = "_fulcrum_tie";
    static final String WEIGHT = "_fulcrum_weight";
    static final String BUCKET = "_fulcrum_bucket";

    /**
     * A seeded hash of a row's scaled features rounded to float32, for orders that must not depend
     * on partitioning. float32 because fitting the scaler again (a resumed run, a train run
     * reproducing a comparison cell) can change scaled features in their last double bits — Spark
     * merges the partial sums in task completion order — and the choice of rows must not follow;
     * DL4J trains on float32 anyway.
     */
    static org.apache.spark.sql.Column contentHash(long seed) {
        return org.apache.spark.sql.functions.xxhash64(org.apache.spark.sql.functions.lit(seed),
                org.apache.spark.ml.functions.vector_to_array(org.apache.spark.sql.functions.col(ClassBalance.FEATURES),
                        "float32"));
    }

    /** Bucket of a unit given its exclusive cumulative weight, its weight and the stratum total. */
    @FunctionalInterface
    interface Assigner extends Serializable {
        int bucket(long start, long weight, long total);
    }

    private OrderedAssignment() {
    }

    /**
     * Midpoint rule: a unit belongs to the first bucket whose cumulative fraction exceeds
     * {@code (start + weight/2) / total}. With unit weights this rounds each bucket's size to the
     * nearest integer, so each bucket is exact to within one row per stratum.
     */
    static Assigner byCumulativeFractions(double[] cumulative) {
        double[] cuts = cumulative.clone();
        return (start, weight, total) -> {
            double mid = (start + weight / 2.0) / total;
            for (int i = 0; i < cuts.length; i++) {
                if (mid < cuts[i]) {
                    return i;
                }
            }
            return cuts.length;
        };
    }

    static Dataset<Row> assign(Dataset<Row> units, Assigner assigner) {
        StructType schema = units.schema();
        int iStratum = schema.fieldIndex(STRATUM);
        int iWeight = schema.fieldIndex(WEIGHT);
        JavaRDD<Row> sorted = units.sort(col(STRATUM), col(ORDER), col(TIE)).toJavaRDD()
                .persist(StorageLevel.MEMORY_AND_DISK());
        try {
            List<Tuple3<Integer, String, Long>> sums = sorted.mapPartitionsWithIndex(
                    (Integer idx, Iterator<Row> it) -> {
                        Map<String, Long> m = new HashMap<>();
                        while (it.hasNext()) {
                            Row r = it.next();
                            m.merge(r.getString(iStratum), r.getLong(iWeight), Long::sum);
                        }
                        List<Tuple3<Integer, String, Long>> out = new ArrayList<>();
                        m.forEach((k, v) -> out.add(new Tuple3<>(idx, k, v)));
                        return out.iterator();
                    }, true).collect();
            int parts = sorted.getNumPartitions();
            List<Map<String, Long>> perPart = new ArrayList<>();
            for (int p = 0; p < parts; p++) {
                perPart.add(new HashMap<>());
            }
            for (Tuple3<Integer, String, Long> t : sums) {
                perPart.get(t._1()).put(t._2(), t._3());
            }
            // Offsets: partitions of a range sort are in key order, so a stratum's start in
            // partition p is the sum of its weights in partitions 0..p-1.
            HashMap<String, Long> running = new HashMap<>();
            List<HashMap<String, Long>> offsets = new ArrayList<>();
            for (int p = 0; p < parts; p++) {
                offsets.add(new HashMap<>(running));
                perPart.get(p).forEach((k, v) -> running.merge(k, v, Long::sum));
            }
            HashMap<String, Long> totals = running;
            JavaRDD<Row> assigned = sorted.mapPartitionsWithIndex((Integer idx, Iterator<Row> it) -> {
                HashMap<String, Long> run = new HashMap<>(offsets.get(idx));
                return new Iterator<Row>() {
                    @Override
                    public boolean hasNext() {
                        return it.hasNext();
                    }

                    @Override
                    public Row next() {
                        Row r = it.next();
                        String s = r.getString(iStratum);
                        long w = r.getLong(iWeight);
                        long start = run.getOrDefault(s, 0L);
                        run.put(s, start + w);
                        Object[] vals = new Object[r.length() + 1];
                        for (int i = 0; i < r.length(); i++) {
                            vals[i] = r.get(i);
                        }
                        vals[r.length()] = assigner.bucket(start, w, totals.get(s));
                        return RowFactory.create(vals);
                    }
                };
            }, true);
            Dataset<Row> result = units.sparkSession()
                    .createDataFrame(assigned, schema.add(BUCKET, DataTypes.IntegerType, false))
                    .persist(StorageLevel.MEMORY_AND_DISK());
            result.count();
            return result;
        } finally {
            sorted.unpersist(false);
        }
    }
}
