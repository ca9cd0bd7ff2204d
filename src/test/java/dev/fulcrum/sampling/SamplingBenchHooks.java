package dev.fulcrum.sampling;

import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * What the sampling benchmark ({@link dev.fulcrum.bench.SamplingBench}) needs from the package's
 * internals: the two neighbour searches timed on the same minority rows, and the recall of the
 * approximate one. Test source in the sampling package so the search classes stay package-private
 * and no benchmark code ships in the jar.
 */
public final class SamplingBenchHooks {
    /** Timings in seconds and recall@k of the approximate search. */
    public record Knn(double exactSeconds, double approxSeconds, double recall) {
    }

    private SamplingBenchHooks() {
    }

    public static Knn knnComparison(Dataset<Row> train, int k, int tables, int blockSize, long seed) {
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(train.sparkSession().sparkContext());
        ClassBalance b = ClassBalance.of(train, "bench");
        MinorityMatrix mm = MinorityMatrix.collect(train, b.minorityLabel());
        long t = System.nanoTime();
        int[][] exact = ExactKnn.neighbours(jsc, mm, k);
        double exactS = (System.nanoTime() - t) / 1e9;
        t = System.nanoTime();
        int[][] approx = ApproxKnn.neighbours(jsc, mm, k, new ApproxKnn.Params(tables, blockSize), seed);
        double approxS = (System.nanoTime() - t) / 1e9;
        return new Knn(exactS, approxS, KnnRecall.of(approx, exact));
    }
}
