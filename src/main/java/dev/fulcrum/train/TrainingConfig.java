package dev.fulcrum.train;

import java.util.Locale;

/** The {@code training} block: epochs, minibatches, how DL4J distributes the work, early stopping. */
public record TrainingConfig(Mode mode, int epochs, int batchSize, int averagingFrequency, int workers,
                             int prefetch, Approach approach, Repartition repartition, EarlyStopping earlyStopping) {

    /** {@code training.mode}: SparkDl4jMultiLayer with parameter averaging, or MultiLayerNetwork.fit on the driver. */
    public enum Mode { SPARK, LOCAL }

    /**
     * {@code training.approach}: DL4J's {@code RDDTrainingApproach}. {@code toString} is the
     * job-file spelling, which checkpoint fingerprints hold.
     */
    public enum Approach {
        /** Minibatches exported under the run dir, then read by the workers: the scalable one. */
        EXPORT,
        /** The RDD of DataSets kept in memory. */
        DIRECT;

        @Override
        public String toString() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** {@code training.repartition}: when DL4J repartitions the training RDD before a fit. */
    public enum Repartition {
        /** Only when the partition count differs from the workers (DL4J's NumPartitionsWorkersDiffers). */
        BALANCED,
        NEVER,
        ALWAYS;

        @Override
        public String toString() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** {@code training.earlyStopping.metric}: the validation metric that picks the best epoch. */
    public enum Metric {
        PR_AUC, ROC_AUC, LOSS;

        /** As written in a job file and in metrics.json, e.g. {@code pr-auc}. */
        public String id() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }

        @Override
        public String toString() {
            return id();
        }
    }

    /**
     * {@code training.earlyStopping}: the validation metric that picks the best epoch
     * ({@code pr-auc} and {@code roc-auc} are maximised, {@code loss} — the network's loss on the
     * validation split — is minimised); training stops once {@code patience} epochs in a row did
     * not improve on the best by more than {@code minDelta}. {@code patience = 0} never stops early
     * (the best epoch is still the one kept).
     */
    public record EarlyStopping(Metric metric, int patience, double minDelta) {
        public static final EarlyStopping OFF = new EarlyStopping(Metric.PR_AUC, 0, 0.0);

        public boolean enabled() {
            return patience > 0;
        }

        public boolean maximise() {
            return metric != Metric.LOSS;
        }
    }

    /** The same settings with early stopping replaced (tests and tools). */
    public TrainingConfig withEarlyStopping(EarlyStopping e) {
        return new TrainingConfig(mode, epochs, batchSize, averagingFrequency, workers, prefetch, approach,
                repartition, e);
    }
}
