package dev.fulcrum.sampling;

import dev.fulcrum.data.VectorLayout;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * A training-set resampler (SMOTE, random under/over-sampling, Tomek links). Takes the scaled
 * training split ({@code features} vector + {@code label} double columns, see
 * {@link dev.fulcrum.data.Columns}) and returns a new training split. imbalanced-learn's rule:
 * a resampler acts during fit only; it is never part of the saved model or of scoring.
 */
public interface Resampler {
    /** Short name for reports, e.g. {@code smote(k=5, ratio=0.1)}. */
    String describe();

    Dataset<Row> resample(Dataset<Row> train, long seed);

    /**
     * {@link #resample(Dataset, long)} knowing what the vector's elements are: a sampler that
     * interpolates must not blend one-hot elements (SMOTE refuses them, SMOTE-NC votes on them).
     */
    default Dataset<Row> resample(Dataset<Row> train, long seed, VectorLayout layout) {
        return resample(train, seed);
    }

    /** A chain of resamplers for reports: "no sampling" or their descriptions joined by " then ". */
    static String describe(List<Resampler> chain) {
        return chain.isEmpty() ? "no sampling"
                : String.join(" then ", chain.stream().map(Resampler::describe).toList());
    }
}
