package dev.fulcrum.tune;

import com.typesafe.config.ConfigValue;
import dev.fulcrum.config.JobConfig;
import dev.fulcrum.data.ClassCounts;
import dev.fulcrum.data.Columns;
import dev.fulcrum.error.BadInputException;
import dev.fulcrum.pipeline.PreparedData;
import dev.fulcrum.sampling.StratifiedSplitter;
import dev.fulcrum.train.ArrayFit;
import java.util.List;
import java.util.Locale;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.storage.StorageLevel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The rows the trials train and validate on, sized before anything is collected: every trial task
 * of {@link ParallelTrials} holds the resampled training rows of every sampling choice and the
 * validation rows, {@link ArrayFit.Rows#bytesPerRow} each. Their size is estimated from the splits'
 * row counts and the choices' growth, measured by resampling a first stratified sample small
 * enough to fit before growth (the whole split when that fits). When the estimate is above
 * {@code tune.maxDataMiB}, {@code tune.largeData} decides: {@code sample} searches on a stratified
 * sample of the training and validation splits at one rate for every class, sized to
 * {@value #HEADROOM} of the limit (the growth of choices like SMOTE or Tomek links on the sample can
 * differ a little from the first sample's); {@code distributed} collects nothing;
 * {@code fail} refuses.
 *
 * @param space      the tune space with only the sampling choices this data can take and the batch
 *                   sizes that leave an epoch enough steps ({@link #batchSizes})
 * @param counts     resampled class counts per usable choice (of the rows broadcast; under
 *                   {@code distributed}, of the first sample)
 * @param broadcast  the rows for {@link TrialRunner}; null under {@code distributed}
 * @param sample     the sample searched on, or null
 * @param validation class counts of the validation rows the trials score
 */
public record SearchRows(TuneSpec.Space space, List<ClassCounts> counts, TrialRunner.Data broadcast,
                         TuneReport.Sample sample, ClassCounts validation) {
    private static final Logger LOG = LoggerFactory.getLogger(SearchRows.class);
    static final double HEADROOM = 0.9;
    /** Below this many validation positives, validation AP is too noisy to rank trials by. */
    public static final long MIN_VALIDATION_POSITIVES = 10;
    /** Fewer minibatches than this an epoch and a batch size is not searched ({@link #batchSizes}). */
    static final int MIN_STEPS_PER_EPOCH = 10;
    private static final double MIB = 1 << 20;

    public boolean distributed() {
        return broadcast == null;
    }

    /** @param seed the job's model seed, which the resampling of a train run draws from */
    public static SearchRows prepare(JobConfig job, TuneSpec spec, PreparedData data, long seed) {
        long perRow = ArrayFit.Rows.bytesPerRow(data.width());
        ClassCounts train = data.trainCounts();
        ClassCounts validation = data.validationCounts();
        double limit = spec.maxDataMiB() * MIB;
        double firstRate = Math.min(1.0, limit / (perRow * (double) (train.total() + validation.total())));
        Dataset<Row> first = firstRate < 1 ? StratifiedSplitter.sample(data.train(), Columns.LABEL, firstRate,
                spec.seed()).persist(StorageLevel.MEMORY_AND_DISK()) : data.train();
        SamplingChoices choices = null;
        try {
            choices = SamplingChoices.apply(first, job, spec.space().samplings(), seed, data.layout());
            double fullBytes = perRow * (train.total() * choices.growth() + validation.total());
            if (fullBytes <= limit) {
                if (firstRate < 1) { // undersampling shrinks the choices below the limit: resample every row
                    choices.release();
                    choices = null;
                    choices = SamplingChoices.apply(data.train(), job, spec.space().samplings(), seed, data.layout());
                }
                return broadcast(spec, choices, ArrayFit.collect(data.validation()), validation, null);
            }
            double fullMiB = fullBytes / MIB;
            switch (spec.largeData()) {
                case FAIL -> throw new BadInputException(String.format(Locale.ROOT, "tune: the training rows of "
                        + "the space's sampling choices and the validation rows take %.1f MiB, above tune.maxDataMiB "
                        + "= %d: every trial task holds them. Add undersampling to tune.space.sampling, tune on a "
                        + "sample of the data, or raise tune.maxDataMiB (and the executors' memory); tune.largeData = "
                        + "sample or distributed searches anyway", fullMiB,
                        spec.maxDataMiB()));
                case DISTRIBUTED -> {
                    LOG.warn(String.format(Locale.ROOT, "tune: the rows every trial task would hold take %.1f MiB, "
                            + "above tune.maxDataMiB = %d; tune.largeData = distributed: the trials run one after "
                            + "another, each trained on every row by the Spark trainer", fullMiB, spec.maxDataMiB()));
                    return new SearchRows(space(spec, choices.usable(), choices.counts()), choices.counts(), null, null,
                            validation);
                }
                default -> {
                    choices.release();
                    choices = null;
                    return sampled(job, spec, data, seed, fullBytes);
                }
            }
        } finally {
            if (choices != null) {
                choices.release();
            }
            if (first != data.train()) {
                first.unpersist();
            }
        }
    }

    private static SearchRows sampled(JobConfig job, TuneSpec spec, PreparedData data, long seed, double fullBytes) {
        ClassCounts train = data.trainCounts();
        ClassCounts validation = data.validationCounts();
        double limit = spec.maxDataMiB() * MIB;
        double rate = HEADROOM * limit / fullBytes;
        long positives = StratifiedSplitter.sampledRows(rate, validation.positives());
        if (positives < MIN_VALIDATION_POSITIVES) {
            double needed = (MIN_VALIDATION_POSITIVES + 0.5) / validation.positives();
            throw new BadInputException(String.format(Locale.ROOT, "tune.largeData = sample: a sample that fits "
                    + "tune.maxDataMiB = %d keeps %.3g of the rows, i.e. %d of the validation split's %d positives, "
                    + "fewer than the %d validation AP needs to rank trials; raise tune.maxDataMiB to at least %d "
                    + "(and the executors' memory), or set tune.largeData = distributed", spec.maxDataMiB(), rate,
                    positives, validation.positives(), MIN_VALIDATION_POSITIVES,
                    (long) Math.ceil(needed * fullBytes / HEADROOM / MIB)));
        }
        Dataset<Row> trainSample = StratifiedSplitter.sample(data.train(), Columns.LABEL, rate, spec.seed())
                .persist(StorageLevel.MEMORY_AND_DISK());
        Dataset<Row> validationSample = StratifiedSplitter.sample(data.validation(), Columns.LABEL, rate, spec.seed())
                .persist(StorageLevel.MEMORY_AND_DISK());
        SamplingChoices choices = null;
        try {
            ClassCounts sampledTrain = ClassCounts.of(trainSample, Columns.LABEL);
            ClassCounts sampledValidation = ClassCounts.of(validationSample, Columns.LABEL);
            choices = SamplingChoices.apply(trainSample, job, spec.space().samplings(), seed, data.layout());
            String reason = String.format(Locale.ROOT, "the resampled training rows of the %d sampling choices and "
                    + "the validation rows would take %.1f MiB, above tune.maxDataMiB = %d (tune.largeData = sample)",
                    choices.usable().size(), fullBytes / MIB, spec.maxDataMiB());
            LOG.warn(String.format(Locale.ROOT, "tune: searching on a stratified sample of %.4g of the training and "
                            + "validation rows (every class at that rate): %s. Training %d -> %d rows (%d -> %d "
                            + "positives), validation %d -> %d rows (%d -> %d positives); the test split is untouched "
                            + "and the winner is retrained on every row", rate, reason, train.total(),
                    sampledTrain.total(), train.positives(), sampledTrain.positives(), validation.total(),
                    sampledValidation.total(), validation.positives(), sampledValidation.positives()));
            SearchRows rows = broadcast(spec, choices, ArrayFit.collect(validationSample), sampledValidation, null);
            double sampledMiB = rows.broadcast().bytes() / MIB;
            if (sampledMiB > spec.maxDataMiB()) {
                throw new BadInputException(String.format(Locale.ROOT, "tune.largeData = sample: the sample at rate "
                        + "%.4g still takes %.0f MiB, above tune.maxDataMiB = %d: the sampling choices grew it more "
                        + "than they grew the first sample; raise tune.maxDataMiB to %d or set tune.largeData = "
                        + "distributed", rate, sampledMiB, spec.maxDataMiB(), (long) Math.ceil(sampledMiB / HEADROOM)));
            }
            TuneReport.Sample sample = new TuneReport.Sample(rate, reason,
                    new TuneReport.SplitSample(train.total(), train.positives(), sampledTrain.total(),
                            sampledTrain.positives()),
                    new TuneReport.SplitSample(validation.total(), validation.positives(), sampledValidation.total(),
                            sampledValidation.positives()),
                    fullBytes / MIB, sampledMiB, spec.maxDataMiB(), spec.seed());
            return new SearchRows(rows.space(), rows.counts(), rows.broadcast(), sample, sampledValidation);
        } finally {
            if (choices != null) {
                choices.release();
            }
            trainSample.unpersist();
            validationSample.unpersist();
        }
    }

    private static SearchRows broadcast(TuneSpec spec, SamplingChoices choices, ArrayFit.Rows validationRows,
                                        ClassCounts validation, TuneReport.Sample sample) {
        return new SearchRows(space(spec, choices.usable(), choices.counts()), choices.counts(),
                new TrialRunner.Data(choices.collect(), validationRows), sample, validation);
    }

    private static TuneSpec.Space space(TuneSpec spec, List<ConfigValue> usable, List<ClassCounts> counts) {
        TuneSpec.Space all = spec.space();
        long rows = counts.stream().mapToLong(ClassCounts::total).max().orElse(0);
        List<Integer> batches = batchSizes(all.batchSizes(), rows);
        if (!batches.equals(all.batchSizes())) {
            LOG.warn("tune: searching batch sizes " + batches + " of tune.space.batchSize " + all.batchSizes()
                    + ": with " + rows + " training rows a larger batch leaves an epoch fewer than "
                    + MIN_STEPS_PER_EPOCH + " optimizer steps, too few for the epoch rungs and patience to mean anything");
        }
        return new TuneSpec.Space(all.losses(), usable, all.lrMin(), all.lrMax(), all.hidden(), all.dropoutMin(),
                all.dropoutMax(), batches);
    }

    /**
     * The batch sizes that give the largest sampling choice's {@code rows} at least
     * {@value #MIN_STEPS_PER_EPOCH} minibatches an epoch; the smallest choice when none does (a tiny
     * table). Rungs count epochs, so a batch near the table's size would give a trial a handful of
     * updates per rung (glass_tableware's 128 rows at batch 256: one), and win or lose on noise.
     */
    static List<Integer> batchSizes(List<Integer> space, long rows) {
        List<Integer> kept = space.stream().filter(b -> rows >= (long) b * MIN_STEPS_PER_EPOCH).toList();
        return kept.isEmpty() ? List.of(space.stream().min(Integer::compare).orElseThrow()) : kept;
    }
}
