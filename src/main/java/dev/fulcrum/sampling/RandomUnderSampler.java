package dev.fulcrum.sampling;

import dev.fulcrum.error.BadInputException;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

/**
 * Drops majority rows at random (without replacement) until minority/majority equals {@code ratio},
 * keeping exactly {@code floor(n_minority / ratio)} majority rows (imbalanced-learn's count). The
 * kept rows are the first ones in a seeded content-hash order (found without sorting, see
 * {@link HashCut}), so the choice is exact, deterministic by seed and independent of
 * partitioning; the majority class never goes to the driver.
 */
public final class RandomUnderSampler implements Resampler {
    private static final Logger LOG = LoggerFactory.getLogger(RandomUnderSampler.class);
    private final double ratio;
    private final String path;

    public RandomUnderSampler(double ratio) {
        this(ratio, "undersample.ratio");
    }

    RandomUnderSampler(double ratio, String path) {
        ClassBalance.checkRatio(ratio, path);
        this.ratio = ratio;
        this.path = path;
    }

    @Override
    public String describe() {
        return "undersample(ratio=" + ratio + ")";
    }

    @Override
    public Dataset<Row> resample(Dataset<Row> train, long seed) {
        long t0 = System.nanoTime();
        ClassBalance b = ClassBalance.of(train, describe());
        long keep = (long) (b.minority() / ratio);
        if (keep > b.majority()) {
            throw new BadInputException(path + " asks for " + keep + " majority rows but the training split has only "
                    + b.majority() + "; got ratio " + ratio + "; use a ratio >= "
                    + (double) b.minority() / b.majority() + " (the current minority/majority)");
        }
        Dataset<Row> minority = train.where(col(ClassBalance.LABEL).equalTo(b.minorityLabel()));
        Dataset<Row> majority = train.where(col(ClassBalance.LABEL).equalTo(b.majorityLabel()));
        // the input is a persisted split or stage output (ResampleChain), so row ids are stable
        Dataset<Row> keyed = HashCut.withId(majority
                .withColumn(HashCut.STRATUM, lit("majority"))
                .withColumn(HashCut.KEY, OrderedAssignment.contentHash(seed)));
        Column part = HashCut.part(HashCut.cuts(keyed, n -> new long[] {keep}));
        Dataset<Row> kept = keyed.where(part.equalTo(0)).select(cols(train));
        Dataset<Row> out = minority.unionByName(kept);
        LOG.info("{}: in minority={} majority={}; out minority={} majority={} ({} ms)", describe(), b.minority(),
                b.majority(), b.minority(), keep, (System.nanoTime() - t0) / 1_000_000);
        return out;
    }

    static org.apache.spark.sql.Column[] cols(Dataset<Row> d) {
        return java.util.Arrays.stream(d.columns()).map(c -> col(StratifiedSplitter.q(c)))
                .toArray(org.apache.spark.sql.Column[]::new);
    }
}
