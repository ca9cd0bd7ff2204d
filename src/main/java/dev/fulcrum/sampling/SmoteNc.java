package dev.fulcrum.sampling;

import dev.fulcrum.data.VectorLayout;
import dev.fulcrum.error.BadInputException;
import java.util.Arrays;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SMOTE-NC (Chawla et al. 2002, section 6.1) for rows of numeric and one-hot encoded categorical
 * columns, with imbalanced-learn's {@code SMOTENC} rules:
 * <ul>
 *   <li>{@code m} = the median over the numeric elements of their standard deviation (population,
 *       ddof 0) within the minority rows; indicator elements count as numeric;</li>
 *   <li>neighbours: Euclidean distance with every one-hot element scaled to {@code m / 2}, so two
 *       rows differing in a categorical column are {@code 2 (m/2)^2 = m^2 / 2} apart in squared
 *       distance on it (imbalanced-learn's encoding; Chawla adds {@code m^2});</li>
 *   <li>a synthetic row's numeric elements are interpolated as in {@link Smote}; each categorical
 *       column takes the level most frequent among the base row's k neighbours (the base row itself
 *       not counted), a tie broken uniformly at random.</li>
 * </ul>
 * Count, ratio and small-minority rules are {@link Smote}'s. Without one-hot blocks it is SMOTE.
 */
public final class SmoteNc implements Resampler {
    private static final Logger LOG = LoggerFactory.getLogger(SmoteNc.class);
    private final int k;
    private final double ratio;
    private final String path;

    public SmoteNc(int k, double ratio, String path) {
        if (k < 1) {
            throw new BadInputException(path + ".k must be >= 1; got " + k);
        }
        ClassBalance.checkRatio(ratio, path + ".ratio");
        this.k = k;
        this.ratio = ratio;
        this.path = path;
    }

    @Override
    public String describe() {
        return "smote-nc(k=" + k + ", ratio=" + ratio + ")";
    }

    @Override
    public Dataset<Row> resample(Dataset<Row> train, long seed) {
        return resample(train, seed, null);
    }

    @Override
    public Dataset<Row> resample(Dataset<Row> train, long seed, VectorLayout layout) {
        ClassBalance b = ClassBalance.of(train, describe());
        long count = Smote.syntheticCount(b, ratio, path);
        if (count == 0) {
            return train;
        }
        MinorityMatrix mm = MinorityMatrix.collect(train, b.minorityLabel());
        int kk = Smote.effectiveK(k, mm.n(), path, LOG);
        int[][] blocks = blocks(layout, mm.d());
        if (blocks.length == 0) {
            LOG.info("{}: no categorical columns, so this is SMOTE", describe());
        }
        double m = medianStd(mm, blocks);
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(train.sparkSession().sparkContext());
        int[][] nn = ExactKnn.neighbours(jsc, penalised(mm, blocks, m / 2), kk);
        int[] all = new int[mm.n()];
        for (int i = 0; i < all.length; i++) {
            all[i] = i;
        }
        LOG.info("{}: median minority std of the numeric elements {}; {} synthetic rows", describe(), m, count);
        return train.unionByName(SyntheticRows.generate(train, mm, nn, all, count, b.minorityLabel(), seed, blocks),
                true);
    }

    /** {@code {start, size}} per one-hot block of {@code layout} (none without a layout). */
    static int[][] blocks(VectorLayout layout, int d) {
        if (layout == null) {
            return new int[0][];
        }
        if (layout.width() != d) {
            throw new IllegalArgumentException("the vector layout has " + layout.width() + " elements, the rows " + d);
        }
        return layout.blocks().stream().map(o -> new int[] {o.start(), o.size()}).toArray(int[][]::new);
    }

    /** The median over the non-one-hot elements of their population standard deviation in {@code mm}. */
    static double medianStd(MinorityMatrix mm, int[][] blocks) {
        boolean[] hot = mask(mm.d(), blocks);
        double[] sd = new double[mm.d()];
        int c = 0;
        for (int f = 0; f < mm.d(); f++) {
            if (hot[f]) {
                continue;
            }
            double mean = 0;
            for (int i = 0; i < mm.n(); i++) {
                mean += mm.x()[i * mm.d() + f];
            }
            mean /= mm.n();
            double ss = 0;
            for (int i = 0; i < mm.n(); i++) {
                double e = mm.x()[i * mm.d() + f] - mean;
                ss += e * e;
            }
            sd[c++] = Math.sqrt(ss / mm.n());
        }
        if (c == 0) {
            return 0; // only categorical columns: distances count differing levels alike (all at 0 apart)
        }
        double[] s = Arrays.copyOf(sd, c);
        Arrays.sort(s);
        return c % 2 == 1 ? s[c / 2] : (s[c / 2 - 1] + s[c / 2]) / 2;
    }

    /** {@code mm} with every one-hot element multiplied by {@code value} (a 1 becomes {@code value}). */
    static MinorityMatrix penalised(MinorityMatrix mm, int[][] blocks, double value) {
        boolean[] hot = mask(mm.d(), blocks);
        double[] x = mm.x().clone();
        for (int i = 0; i < mm.n(); i++) {
            for (int f = 0; f < mm.d(); f++) {
                if (hot[f]) {
                    x[i * mm.d() + f] *= value;
                }
            }
        }
        return new MinorityMatrix(x, mm.n(), mm.d());
    }

    private static boolean[] mask(int d, int[][] blocks) {
        boolean[] hot = new boolean[d];
        for (int[] b : blocks) {
            for (int e = b[0]; e < b[0] + b[1]; e++) {
                hot[e] = true;
            }
        }
        return hot;
    }
}
