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

    /** {@code training.batchSize = auto}, held as 0 until {@link #resolve} picks the size for the data. */
    public static final int AUTO_BATCH = 0;
    static final int AUTO_MIN_BATCH = 32;
    static final int AUTO_MAX_BATCH = 256;
    /** Minibatches (optimizer steps) per epoch {@code auto} aims for at least. */
    static final int AUTO_MIN_STEPS = 50;

    /** Whether {@code training.batchSize = auto}. */
    public boolean autoBatch() {
        return batchSize == AUTO_BATCH;
    }

    /**
     * The batch size {@code auto} gives a training split of {@code rows}: the largest power of two
     * in [32, 256] that still leaves {@value #AUTO_MIN_STEPS} minibatches an epoch, so a small table
     * gets as many optimizer steps as a large one gets from 256 (measured on ../shared/data/real,
     * bench/README.md "Defaults": glass_tableware's 128 training rows were one step an epoch at 256,
     * test PR-AUC 0.70, and 1.00 at 32; mlc_churn 0.808 at 256, 0.816 at 64). A loss that couples
     * the rows of a minibatch (Dice, Tversky) needs positives in each one: the size is then doubled
     * (up to {@code rows}) until a batch holds {@code minPositivesPerBatch} of them on average.
     */
    public static int autoBatchSize(long rows, double positiveRate, boolean couplesExamples,
                                    double minPositivesPerBatch) {
        int b = AUTO_MAX_BATCH;
        while (b > AUTO_MIN_BATCH && rows / b < AUTO_MIN_STEPS) {
            b /= 2;
        }
        if (couplesExamples && positiveRate > 0) {
            while (b * positiveRate < minPositivesPerBatch && b < rows && b < (1 << 24)) {
                b *= 2;
            }
        }
        return b;
    }

    /**
     * {@link #resolve(long, int)} with {@code batchSize = auto} resolved too ({@link #autoBatchSize})
     * for a training split of {@code rows} with the given positive rate; the reason says what was chosen.
     */
    public Resolved resolve(long rows, int columns, double positiveRate, boolean couplesExamples,
                            double minPositivesPerBatch) {
        Resolved m = resolve(rows, columns);
        if (!autoBatch()) {
            return m;
        }
        int b = autoBatchSize(rows, positiveRate, couplesExamples, minPositivesPerBatch);
        String why = String.format(Locale.ROOT, "; training.batchSize = auto: %d (%d rows -> %d minibatches an epoch%s)",
                b, rows, (rows + b - 1) / b, couplesExamples
                        ? String.format(Locale.ROOT, ", %.1f positives per batch for the set loss", b * positiveRate)
                        : "");
        return new Resolved(m.training().withBatchSize(b), m.reason() + why);
    }

    /** The same settings with another batch size. */
    public TrainingConfig withBatchSize(int b) {
        return new TrainingConfig(mode, epochs, b, averagingFrequency, workers, prefetch, approach, repartition,
                earlyStopping, engine, autoLocalMaxMiB, learningRateScaling);
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
