package dev.fulcrum.sampling;

import dev.fulcrum.data.VectorLayout;
import dev.fulcrum.error.BadInputException;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SMOTE (Chawla et al. 2002) to a target minority/majority {@code ratio}: adds
 * {@code floor(ratio * n_majority) - n_minority} synthetic minority rows (imbalanced-learn's count),
 * each on the segment between a minority row and one of its {@code k} nearest minority neighbours.
 * Needs scaled features: distances on raw {@code Amount} would ignore every other column.
 *
 * <p>Neighbour search: {@link NeighbourSearch#EXACT} ({@link ExactKnn}, broadcast minority + ND4J
 * distance blocks) or {@link NeighbourSearch#APPROX} ({@link ApproxKnn}, random-projection blocks,
 * for minority sets where n^2 distances are too many; its recall is measured by the benchmark).
 *
 * <p>Small minority sets: with {@code n_minority <= k} the search uses {@code k = n_minority - 1}
 * and logs a warning; fewer than 2 minority rows is an error (there is nothing to interpolate).
 */
public final class Smote implements Resampler {
    /** How neighbours are found. */
    public enum NeighbourSearch { EXACT, APPROX }

    private static final Logger LOG = LoggerFactory.getLogger(Smote.class);

    private final int k;
    private final double ratio;
    private final NeighbourSearch search;
    private final ApproxKnn.Params approx;
    private final String path;

    public Smote(int k, double ratio) {
        this(k, ratio, NeighbourSearch.EXACT, ApproxKnn.Params.DEFAULT, "smote");
    }

    public Smote(int k, double ratio, NeighbourSearch search, ApproxKnn.Params approx, String path) {
        if (k < 1) {
            throw new BadInputException(path + ".k must be >= 1; got " + k);
        }
        ClassBalance.checkRatio(ratio, path + ".ratio");
        this.k = k;
        this.ratio = ratio;
        this.search = search;
        this.approx = approx;
        this.path = path;
    }

    @Override
    public String describe() {
        return "smote(k=" + k + ", ratio=" + ratio + (search == NeighbourSearch.APPROX ? ", " + approx : "") + ")";
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
        long count = syntheticCount(b, ratio, path);
        if (count == 0) {
            return train;
        }
        MinorityMatrix mm = MinorityMatrix.collect(train, b.minorityLabel());
        int kk = effectiveK(k, mm.n(), path, LOG);
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(train.sparkSession().sparkContext());
        int[][] nn = search == NeighbourSearch.EXACT ? ExactKnn.neighbours(jsc, mm, kk)
                : ApproxKnn.neighbours(jsc, mm, kk, approx, seed);
        int[] all = new int[mm.n()];
        for (int i = 0; i < all.length; i++) {
            all[i] = i;
        }
        Dataset<Row> synth = SyntheticRows.generate(train, mm, nn, all, count, b.minorityLabel(), seed);
        LOG.info("{}: in minority={} majority={}; out minority={} majority={} ({} ms)", describe(), b.minority(),
                b.majority(), b.minority() + count, b.majority(), (System.nanoTime() - t0) / 1_000_000);
        return train.unionByName(synth, true);
    }

    /**
     * The refusal of an interpolating sampler on one-hot columns: a point between two one-hot
     * vectors is half of one level and half of another, which no input row can be.
     */
    static void refuseOneHot(VectorLayout layout, String path, String sampler) {
        if (layout != null && layout.hasCategorical()) {
            throw new BadInputException(path + ": " + sampler + " interpolates every feature, but the categorical columns "
                    + layout.categoricalColumns() + " are one-hot encoded and a blend of their levels is no level; use "
                    + "type = smote-nc instead (it interpolates the numeric columns and gives each categorical one the "
                    + "level most frequent among the neighbours)");
        }
    }

    static long syntheticCount(ClassBalance b, double ratio, String path) {
        long count = (long) (ratio * b.majority()) - b.minority();
        if (count < 0) {
            throw new BadInputException(path + ".ratio would remove minority rows (SMOTE only adds); got " + ratio
                    + " but the split already has minority/majority = " + (double) b.minority() / b.majority());
        }
        return count;
    }

    static int effectiveK(int k, int n, String path, Logger log) {
        if (n < 2) {
            throw new BadInputException(path + ": needs at least 2 minority rows to interpolate; got " + n);
        }
        if (k > n - 1) {
            log.warn("{}.k = {} but only {} minority rows: using k = {}", path, k, n, n - 1);
            return n - 1;
        }
        return k;
    }
}
