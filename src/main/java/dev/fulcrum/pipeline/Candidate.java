package dev.fulcrum.pipeline;

import dev.fulcrum.data.ClassCounts;
import dev.fulcrum.results.StageRecord;
import dev.fulcrum.train.EasyEnsemble;
import dev.fulcrum.train.Trainer;
import dev.fulcrum.train.TrainingConfig;
import java.util.List;
import java.util.function.UnaryOperator;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * A fitted model, ready to be evaluated: its scorer maps scaled rows to the same rows plus
 * {@link dev.fulcrum.data.Columns#SCORE}, P(y = 1).
 *
 * @param training       the network's training result; null for an MLlib baseline
 * @param mode           the training mode that ran and why ({@code training.mode = auto} resolved);
 *                       null for a baseline
 * @param samplingStages one record per resampler applied to the training split
 * @param trainCounts    the training split as the model saw it (after resampling)
 * @param fitSeconds     wall time of resampling + fitting (incl. per-epoch validation of networks)
 * @param trainedPositiveRate the positive rate the loss saw: after resampling, positives weighted by
 *                       weighted BCE's weight (what {@code calibration = prior} corrects from); NaN for a baseline
 * @param ensemble       an EasyEnsemble's members ({@code training} is then null); null for one network or a baseline
 */
public record Candidate(String loss, String sampling, Seeds seeds, UnaryOperator<Dataset<Row>> scorer,
                        Trainer.Result training, TrainingConfig.Resolved mode, List<StageRecord> samplingStages, ClassCounts trainCounts,
                        int outputColumns, double fitSeconds, double trainedPositiveRate, EasyEnsemble.Result ensemble) {

    /** Adds {@code score} to scaled rows. */
    public Dataset<Row> score(Dataset<Row> scaled) {
        return scorer.apply(scaled);
    }

    /** The best epoch of a network, 0 for a baseline or an ensemble (each member has its own). */
    public int bestEpoch() {
        return training == null ? 0 : training.bestEpoch();
    }

    /** The networks a published model applies: one, or an ensemble's members. */
    public List<org.deeplearning4j.nn.multilayer.MultiLayerNetwork> networks() {
        if (ensemble != null) {
            return ensemble.networks();
        }
        if (training == null) {
            throw new IllegalStateException("a baseline has no network");
        }
        return List.of(training.network());
    }
}
