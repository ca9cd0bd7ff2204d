package dev.fulcrum.pipeline;

import dev.fulcrum.data.ClassCounts;
import dev.fulcrum.data.VectorLayout;
import dev.fulcrum.eval.ScoreSummary;
import dev.fulcrum.results.StageRecord;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * One split of the ingested rows with the scaler fitted on its training part, every part scaled
 * and persisted: what every candidate trained for this split shares.
 *
 * @param bayesTest summary of the Bayes-optimal scores on the test rows (generated data), or null
 * @param stages    the ingest stages followed by the three splits
 */
public record PreparedData(Ingested input, long splitSeed, PipelineModel scaler, Dataset<Row> train,
                           Dataset<Row> validation, Dataset<Row> test, ClassCounts trainCounts,
                           ClassCounts validationCounts, ClassCounts testCounts, ScoreSummary bayesTest,
                           List<StageRecord> stages, VectorLayout layout, List<String> imputed) {

    /** Length of the {@code features} vector the network takes (one-hot levels and indicators included). */
    public int width() {
        return layout.width();
    }

    /** The categorical feature columns (one-hot encoded by the scaler). */
    public List<String> categorical() {
        return input.in().categorical();
    }

    /** The input's feature columns (the vector's elements: {@link #layout}). */
    public List<String> features() {
        return input.in().features();
    }

    /** The Bayes-optimal PR-AUC on the test rows, NaN for data without a Bayes score. */
    public double bayesPrAuc() {
        return bayesTest == null ? Double.NaN : bayesTest.averagePrecision();
    }

    /** These stages followed by {@code more}. */
    public List<StageRecord> stagesWith(List<StageRecord> more) {
        List<StageRecord> all = new ArrayList<>(stages);
        all.addAll(more);
        return List.copyOf(all);
    }

    /** Releases the cached splits. */
    public void release() {
        train.unpersist();
        validation.unpersist();
        test.unpersist();
    }
}
