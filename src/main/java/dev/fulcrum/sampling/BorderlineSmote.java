package dev.fulcrum.sampling;

import dev.fulcrum.data.VectorLayout;
import dev.fulcrum.error.BadInputException;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Borderline-SMOTE-1 (Han, Wang and Mao 2005): SMOTE that interpolates only from "danger" minority
 * rows, those near the class border, where a classifier most needs examples. A minority row is in
 * danger when {@code m/2 <= m' < m} of its {@code m} nearest neighbours among all training rows
 * are majority ({@code m' = m} is noise and is left alone). The neighbour of the interpolation is
 * one of the row's {@code k} nearest minority rows, as in {@link Smote}.
 *
 * <p>The m-neighbourhood search scans all training rows with the minority rows broadcast
 * ({@link ScanKnn}); like imbalanced-learn, it searches m+1 and drops the nearest (the row
 * itself). With no danger rows the split is returned unchanged, with a warning.
 */
public final class BorderlineSmote implements Resampler {
    private static final Logger LOG = LoggerFactory.getLogger(BorderlineSmote.class);

    private final int k;
    private final int m;
    private final double ratio;
    private final String path;

    public BorderlineSmote(int k, int m, double ratio) {
        this(k, m, ratio, "borderline-smote");
    }

    BorderlineSmote(int k, int m, double ratio, String path) {
        if (k < 1) {
            throw new BadInputException(path + ".k must be >= 1; got " + k);
        }
        if (m < 1) {
            throw new BadInputException(path + ".m must be >= 1; got " + m);
        }
        ClassBalance.checkRatio(ratio, path + ".ratio");
        this.k = k;
        this.m = m;
        this.ratio = ratio;
        this.path = path;
    }

    @Override
    public String describe() {
        return "borderline-smote(k=" + k + ", m=" + m + ", ratio=" + ratio + ")";
    }

    /** Refuses a vector with one-hot blocks: interpolating them makes levels that do not exist. */
    @Override
    public Dataset<Row> resample(Dataset<Row> train, long seed, VectorLayout layout) {
        Smote.refuseOneHot(layout, path, describe());
        return resample(train, seed);
    }

    @Override
    public Dataset<Row> resample(Dataset<Row> train, long seed) {
        long t0 = System.nanoTime();
        ClassBalance b = ClassBalance.of(train, describe());
        long count = Smote.syntheticCount(b, ratio, path);
        if (count == 0) {
            return train;
        }
        MinorityMatrix mm = MinorityMatrix.collect(train, b.minorityLabel());
        int kk = Smote.effectiveK(k, mm.n(), path, LOG);
        int[] danger = dangerRows(train, mm, b.minorityLabel(), m);
        if (danger.length == 0) {
            LOG.warn("{}: no minority row is in danger (near the border); training split left unchanged", describe());
            return train;
        }
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(train.sparkSession().sparkContext());
        int[][] nn = ExactKnn.neighbours(jsc, mm, kk);
        Dataset<Row> synth = SyntheticRows.generate(train, mm, nn, danger, count, b.minorityLabel(), seed);
        LOG.info("{}: {} of {} minority rows in danger; in minority={} majority={}; out minority={} ({} ms)", describe(),
                danger.length, mm.n(), b.minority(), b.majority(), b.minority() + count,
                (System.nanoTime() - t0) / 1_000_000);
        return train.unionByName(synth, true);
    }

    /** Row numbers (in {@code mm}) of the danger minority rows. */
    static int[] dangerRows(Dataset<Row> train, MinorityMatrix mm, double minorityLabel, int m) {
        TopK top = ScanKnn.search(train, null, mm.x(), null, mm.d(), m + 1);
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < mm.n(); i++) {
            double[] labels = top.labels(i);
            int majority = 0;
            for (int j = 1; j < labels.length; j++) {
                if (labels[j] != minorityLabel) {
                    majority++;
                }
            }
            int neighbours = labels.length - 1;
            if (2 * majority >= neighbours && majority < neighbours) {
                out.add(i);
            }
        }
        return out.stream().mapToInt(Integer::intValue).toArray();
    }
}
