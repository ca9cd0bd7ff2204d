package dev.fulcrum.train;

import java.util.Locale;

/** The {@code training} block: epochs, minibatches, how DL4J distributes the work, early stopping. */
public record TrainingConfig(Mode mode, int epochs, int batchSize, int averagingFrequency, int workers,
                             int prefetch, Approach approach, Repartition repartition, EarlyStopping earlyStopping,
                             Engine engine, long autoLocalMaxMiB, LearningRateScaling learningRateScaling) {

    /**
     * {@code training.scaleLearningRate}: averaging K workers' parameters moves them about as far
     * per round as one worker does (the mean of K similar steps), so an epoch of parameter averaging
     * makes about 1/K of a single JVM's progress. {@code linear} multiplies {@code model.learningRate}
     * by K under parameter averaging (the linear scaling rule of Goyal et al. 2017); measured on the
     * default job: test PR-AUC x0.94 of single-machine at equal epochs unscaled, x1.00 scaled
     * (bench/results/train-quality.json). {@code none} keeps the rate as set.
     */
    public enum LearningRateScaling {
        LINEAR, NONE;

        @Override
        public String toString() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** The factor {@code model.learningRate} is multiplied by when {@code workers} average parameters. */
    public double learningRateFactor(int workers) {
        return mode == Mode.SPARK && learningRateScaling == LearningRateScaling.LINEAR ? Math.max(1, workers) : 1.0;
    }

    /**
     * {@code training.mode}: parameter averaging on Spark, {@code MultiLayerNetwork.fit} on the
     * driver, or {@code auto}: local when the resampled training split is small enough to be fitted
     * on one core faster than averaged over many ({@link #resolve}).
     */
    public enum Mode {
        SPARK, LOCAL, AUTO;

        /** As written in a job file; {@code toString} stays the constant name, which checkpoint fingerprints hold. */
        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * {@code training.engine}: who runs parameter averaging. {@code fulcrum} = {@link BarrierAveraging}
     * (rows placed once, one barrier job per epoch); {@code dl4j} = DL4J's
     * ParameterAveragingTrainingMaster, the reference (the only one {@code approach},
     * {@code repartition} and {@code prefetch} apply to).
     */
    public enum Engine {
        FULCRUM, DL4J;

        @Override
        public String toString() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** A training config with {@code mode = auto} resolved, and why. */
    public record Resolved(TrainingConfig training, String reason) {
    }

    /**
     * Resolves {@code mode = auto} for a training split of {@code rows} x {@code columns} floats:
     * local when it takes at most {@code autoLocalMaxMiB} (the split is then one core's work for a
     * few seconds an epoch, and averaging would cost more than it saves), else spark. An explicit
     * mode is kept.
     */
    public Resolved resolve(long rows, int columns) {
        double mib = rows * (double) columns * Float.BYTES / (1 << 20);
        if (mode != Mode.AUTO) {
            return new Resolved(this, "training.mode = " + mode.id() + " (set in the job)");
        }
        boolean local = mib <= autoLocalMaxMiB;
        String reason = String.format(Locale.ROOT, "training.mode = auto: the resampled training split is %d rows x "
                + "%d floats = %.1f MiB, %s training.autoLocalMaxMiB = %d -> %s", rows, columns, mib,
                local ? "<=" : ">", autoLocalMaxMiB, local ? "local (one JVM)" : "spark (parameter averaging)");
        return new Resolved(withMode(local ? Mode.LOCAL : Mode.SPARK), reason);
    }

    /** The same settings with another engine (benchmarks). */
    public TrainingConfig withEngine(Engine e) {
        return new TrainingConfig(mode, epochs, batchSize, averagingFrequency, workers, prefetch, approach, repartition,
                earlyStopping, e, autoLocalMaxMiB, learningRateScaling);
    }

    /** The same settings with another mode. */
    public TrainingConfig withMode(Mode m) {
        return new TrainingConfig(m, epochs, batchSize, averagingFrequency, workers, prefetch, approach, repartition,
                earlyStopping, engine, autoLocalMaxMiB, learningRateScaling);
    }

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
                repartition, e, engine, autoLocalMaxMiB, learningRateScaling);
    }
}
