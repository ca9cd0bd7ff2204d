package dev.fulcrum.pipeline;

import dev.fulcrum.config.ConfigReader;
import dev.fulcrum.data.CsvOptions;
import dev.fulcrum.data.DataConfig;
import dev.fulcrum.config.JobConfig;
import dev.fulcrum.data.ClassCounts;
import dev.fulcrum.data.Columns;
import dev.fulcrum.data.FraudDataGenerator;
import dev.fulcrum.data.GeneratedData;
import dev.fulcrum.data.Ingest;
import dev.fulcrum.error.BadInputException;
import dev.fulcrum.eval.BinaryEvaluator;
import dev.fulcrum.eval.Calibration;
import dev.fulcrum.eval.Reliability;
import dev.fulcrum.eval.ScoreSummary;
import dev.fulcrum.eval.ThresholdSelector;
import dev.fulcrum.eval.ThresholdStrategy;
import dev.fulcrum.features.FeatureScaling;
import dev.fulcrum.features.FeatureVariation;
import dev.fulcrum.features.ScaledRows;
import dev.fulcrum.loss.LossSpec;
import dev.fulcrum.results.StageRecord;
import dev.fulcrum.sampling.ResampleChain;
import dev.fulcrum.sampling.Resampler;
import dev.fulcrum.sampling.SplitSpec;
import dev.fulcrum.sampling.Splits;
import dev.fulcrum.sampling.StratifiedSplitter;
import dev.fulcrum.train.EasyEnsemble;
import dev.fulcrum.train.EnsembleSpec;
import dev.fulcrum.train.NetworkFactory;
import dev.fulcrum.train.NetworkScorer;
import dev.fulcrum.train.Trainer;
import dev.fulcrum.train.TrainingConfig;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.hadoop.fs.Path;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The stages of a job, composed once for every job (train, compare, retrain): {@link #ingest},
 * {@link #prepare}, {@link #fit}, {@link #evaluate}. The job's blocks supply the settings that do
 * not vary between the models a job trains (data, split fractions, scaling, network, training,
 * threshold strategy); what varies — split seed, loss, sampling, seeds — is an argument.
 */
public final class Pipeline {
    private static final Logger LOG = LoggerFactory.getLogger(Pipeline.class);
    /** Below this many expected positives per minibatch a Dice/Tversky-type loss gets a warning. */
    static final double MIN_POSITIVES_PER_SET_LOSS_BATCH = 2.0;

    private final SparkSession spark;
    private final JobConfig job;
    private final Workspace workspace;
    private final AtomicInteger fits = new AtomicInteger();

    public Pipeline(SparkSession spark, JobConfig job, Workspace workspace) {
        this.spark = spark;
        this.job = job;
        this.workspace = workspace;
    }

    public JobConfig job() {
        return job;
    }

    /**
     * Generates the data first when {@code data.input = generate} (written once under
     * {@code <output.dir>/data/} and reused), then reads and validates it.
     */
    public Ingested ingest() {
        List<StageRecord> stages = new ArrayList<>();
        long t = System.nanoTime();
        DataConfig data = job.data();
        if (data.generated()) {
            String path = GeneratedData.defaultPath(job.outputDir() + "/data", data.generate());
            boolean wrote = GeneratedData.writeIfAbsent(spark, data.generate(), path, true, false);
            LOG.info((wrote ? "generated " + data.generate().rows() + " fraud-like rows at " : "reusing generated data at ")
                    + path);
            data = new DataConfig(path, data.generate().format(), FraudDataGenerator.LABEL, data.features(), data.idColumns(),
                    data.onBadRow(), data.generate(), CsvOptions.DEFAULT, data.rules()); // the generator writes plain CSV
            stages.add(StageLog.record("generate", null, null, secondsSince(t)));
        }
        t = System.nanoTime();
        Ingest.Result in = Ingest.read(spark, data, workspace.quarantineDir());
        stages.add(StageLog.record("ingest+validate", null, in.counts(), secondsSince(t)));
        return new Ingested(data, in, List.copyOf(stages));
    }

    /** {@link #ingest} then {@link #prepare(Ingested, long)}. */
    public PreparedData prepare(long splitSeed) {
        return prepare(ingest(), splitSeed);
    }

    /**
     * Splits the rows (stratified, {@code split} block with {@code splitSeed}), fits the scaler on
     * the training part only and scales all three parts, which are persisted for every model
     * trained on them.
     */
    public PreparedData prepare(Ingested in, long splitSeed) {
        long t = System.nanoTime();
        Splits splits = split(in, splitSeed);
        // the scaler reads the training rows several times (exact quantiles): split them once
        Dataset<Row> rawTrain = splits.train().persist(StorageLevel.MEMORY_AND_DISK());
        FeatureScaling.Fitted fitted = FeatureScaling.fit(rawTrain, in.in().rows(), in.in().features(), in.in().categorical(),
                job.scaling(), in.data().rules());
        PipelineModel scaler = fitted.model();
        if (!in.in().categorical().isEmpty() || !fitted.imputed().isEmpty()) {
            LOG.info("features: " + fitted.layout().width() + " vector elements from " + in.in().features().size()
                    + " columns; categorical " + in.in().categorical() + " ("
                    + ConfigReader.id(in.data().rules().encoding()) + " encoding); imputed " + fitted.imputed());
        }
        // the pipeline's transform, one function call per row instead of a vector UDF per stage
        Dataset<Row> train = ScaledRows.of(scaler, rawTrain).persist(StorageLevel.MEMORY_AND_DISK());
        Dataset<Row> validation = ScaledRows.of(scaler, splits.validation()).persist(StorageLevel.MEMORY_AND_DISK());
        Dataset<Row> test = ScaledRows.of(scaler, splits.test()).persist(StorageLevel.MEMORY_AND_DISK());
        ClassCounts trainCounts;
        ClassCounts valCounts;
        ClassCounts testCounts;
        ClassCounts all = in.in().counts();
        try {
            // Before any training, as these fail the same way however often the job is rerun.
            if (fitted.constant() != null) {
                FeatureVariation.requireSomeVariation(fitted.constant(), in.in().features(), "training split");
            } else {
                FeatureVariation.requireSomeVariation(rawTrain, in.in().features(), "training split");
            }
            // one job counts the three splits and fills their caches
            List<ClassCounts> counts = ClassCounts.ofEach(List.of(train, validation, test), Columns.LABEL);
            trainCounts = counts.get(0);
            valCounts = counts.get(1);
            testCounts = counts.get(2);
            SplitCheck.requireBothClasses(all, trainCounts, valCounts, testCounts, job.split());
        } catch (RuntimeException e) {
            train.unpersist();
            validation.unpersist();
            test.unpersist();
            throw e;
        } finally {
            rawTrain.unpersist();
        }
        List<StageRecord> stages = new ArrayList<>(in.stages());
        stages.add(StageLog.record("split: train", all, trainCounts, secondsSince(t)));
        stages.add(StageLog.record("split: validation", all, valCounts, 0));
        stages.add(StageLog.record("split: test", all, testCounts, 0));
        ScoreSummary bayes = in.in().hasBayes()
                ? BinaryEvaluator.summarize(test, Columns.BAYES_SCORE, Columns.LABEL) : null;
        return new PreparedData(in, splitSeed, scaler, train, validation, test, trainCounts, valCounts, testCounts,
                bayes, List.copyOf(stages), fitted.layout(), fitted.imputed());
    }

    /** The unscaled stratified split of the ingested rows with the job's fractions and {@code splitSeed}. */
    public Splits split(Ingested in, long splitSeed) {
        SplitSpec s = job.split();
        return StratifiedSplitter.split(in.in().rows(), Columns.LABEL,
                SplitSpec.of(s.train(), s.validation(), s.test(), splitSeed, s.groupBy(), s.timeColumn()));
    }

    /**
     * Resamples the training split ({@code sampling}, in order; never validation or test), builds
     * the job's network with {@code loss} and trains it; exported minibatches are removed after.
     *
     * @throws BadInputException when resampling leaves a single class
     */
    public Candidate fit(PreparedData data, LossSpec loss, List<Resampler> sampling, Seeds seeds) {
        if (job.ensemble().enabled()) {
            if (!sampling.isEmpty()) {
                throw new BadInputException("ensemble.members = " + job.ensemble().members() + " undersamples the "
                        + "negatives itself (each member: all positives + its own slice of negatives), so it takes no "
                        + "other resampling; got sampling " + Resampler.describe(sampling) + ". Set sampling = [] or "
                        + "ensemble.members = 0");
            }
            return fitEnsemble(data, loss, seeds);
        }
        long t = System.nanoTime();
        ResampleChain.Result resampled = ResampleChain.run(data.train(), sampling, seeds.model(), data.layout());
        List<StageRecord> stages = resampled.stages().stream()
                .map(r -> StageLog.record("sampling: " + r.stage(), counts(r.countsIn()), counts(r.countsOut()),
                        r.millis() / 1000.0))
                .toList();
        ClassCounts counts = stages.isEmpty() ? data.trainCounts() : stages.get(stages.size() - 1).out();
        String exportDir = workspace.scratchDir() + "/export-" + fits.incrementAndGet();
        try {
            if (counts.positives() == 0 || counts.negatives() == 0) {
                throw new BadInputException("sampling: the training split has a single class after resampling ("
                        + counts.negatives() + " negatives, " + counts.positives() + " positives); relax the "
                        + "sampling ratios or provide more positives");
            }
            int outputs = loss.outputColumns();
            TrainingConfig.Resolved mode = job.training().resolve(counts.total(), data.width() + outputs,
                    counts.positiveRate(), loss.couplesExamples(), MIN_POSITIVES_PER_SET_LOSS_BATCH);
            warnOnFewPositivesPerBatch(loss, counts, mode.training().batchSize());
            int workers = Trainer.averagingWorkers(spark.sparkContext(), mode.training());
            double factor = mode.training().learningRateFactor(workers);
            if (factor != 1.0) {
                mode = new TrainingConfig.Resolved(mode.training(), mode.reason() + String.format(java.util.Locale.ROOT,
                        "; learning rate %s x %d workers = %s (training.scaleLearningRate = linear)",
                        job.model().learningRate(), workers, job.model().learningRate() * factor));
            }
            LOG.info(mode.reason());
            MultiLayerConfiguration conf = NetworkFactory.build(job.model().withLearningRate(
                            job.model().learningRate() * factor), seeds.model(), data.width(),
                    outputs, loss.outputActivation(), loss.build(counts));
            Trainer.Result trained = Trainer.train(spark,
                    new Trainer.Request(conf, outputs, mode.training(), seeds.model(), exportDir,
                            workspace.checkpointDir()),
                    resampled.train(), data.validation(), workspace.listener());
            MultiLayerNetwork net = trained.network();
            return new Candidate(loss.describe(), Resampler.describe(sampling), seeds,
                    rows -> NetworkScorer.score(rows, net, outputs), trained, mode, stages, counts, outputs,
                    secondsSince(t), trainedPositiveRate(loss, counts), null);
        } finally {
            resampled.release();
            deleteQuietly(exportDir);
        }
    }

    /**
     * An EasyEnsemble ({@code ensemble} block) of the job's network with {@code loss}: members trained
     * in parallel as Spark tasks, each on all training positives and its own slice of negatives;
     * the candidate scores with the mean of the members' probabilities.
     */
    private Candidate fitEnsemble(PreparedData data, LossSpec loss, Seeds seeds) {
        long t = System.nanoTime();
        EnsembleSpec spec = job.ensemble();
        int outputs = loss.outputColumns();
        EasyEnsemble.Result result = EasyEnsemble.train(spark, new EasyEnsemble.Request(spec,
                        (member, counts) -> {
                            // a variant brings its own network and loss (same outputs: JobConfig checked)
                            EnsembleSpec.Variant v = spec.variantOf(member);
                            LossSpec l = v == null ? loss : v.loss();
                            return NetworkFactory.build(v == null ? job.model() : v.model(), seeds.model() + member,
                                    data.width(), outputs, l.outputActivation(), l.build(counts));
                        },
                        outputs, job.training(), seeds.model(), loss.couplesExamples(), MIN_POSITIVES_PER_SET_LOSS_BATCH),
                data.train(), data.trainCounts(), data.validation());
        List<MultiLayerNetwork> nets = result.networks();
        EasyEnsemble.Member first = result.members().get(0);
        ClassCounts memberCounts = new ClassCounts(first.negatives(), first.positives());
        String reason = String.format(java.util.Locale.ROOT, "ensemble: EasyEnsemble of %d networks, each on the %d "
                        + "training positives + %d of the %d negatives (ensemble.ratio = %s); single-JVM "
                        + "fits, one Spark task per member; scores = mean of the members' probabilities", spec.members(),
                first.positives(), first.negatives(), data.trainCounts().negatives(), spec.ratio());
        LOG.info(reason);
        TrainingConfig ran = job.training().withBatchSize(first.batchSize());
        return new Candidate(loss.describe(), spec.describe(), seeds, rows -> NetworkScorer.score(rows, nets, outputs), null,
                new TrainingConfig.Resolved(ran, reason), List.of(), memberCounts, outputs, secondsSince(t),
                trainedPositiveRate(loss, memberCounts), result);
    }

    /**
     * Scores validation and test on the executors, chooses the threshold on validation with
     * {@code strategy} and summarises both splits (exact metrics).
     */
    public Evaluation evaluate(Candidate candidate, PreparedData data, ThresholdStrategy strategy) {
        long t = System.nanoTime();
        ScoreSummary val = BinaryEvaluator.summarize(candidate.score(data.validation()), Columns.SCORE, Columns.LABEL);
        double threshold = ThresholdSelector.select(val, strategy);
        ScoreSummary test = BinaryEvaluator.summarize(candidate.score(data.test()), Columns.SCORE, Columns.LABEL);
        return new Evaluation(threshold, val, test, data.bayesTest(), secondsSince(t));
    }

    /**
     * Fits {@code method} on the validation scores ({@code prior}: from the training split's rate
     * before and after resampling/weighting) and measures it on both splits.
     */
    public Calibrated calibrate(Candidate candidate, PreparedData data, Evaluation eval, Calibration.Method method) {
        Calibration c = switch (method) {
            case NONE -> Calibration.NONE;
            case PRIOR -> Calibration.prior(data.trainCounts().positiveRate(), candidate.trainedPositiveRate());
            case PLATT -> Calibration.platt(eval.validation());
            case ISOTONIC -> Calibration.isotonic(eval.validation());
        };
        LOG.info("calibration: " + c);
        return new Calibrated(c, Reliability.of(eval.validation(), c, RELIABILITY_BINS),
                Reliability.of(eval.test(), c, RELIABILITY_BINS));
    }

    /** A calibration and how it does on validation (where it was fitted) and test. */
    public record Calibrated(Calibration calibration, Reliability validation, Reliability test) {
    }

    static final int RELIABILITY_BINS = 10;

    /** The positive rate the loss effectively trained on: resampled counts, positives weighted by weighted BCE. */
    static double trainedPositiveRate(LossSpec loss, ClassCounts counts) {
        double w = 1;
        if (loss instanceof LossSpec.WeightedBce wb) {
            w = wb.posWeight() != null ? wb.posWeight() : (double) counts.negatives() / counts.positives();
        }
        double odds = w * counts.positives() / counts.negatives();
        return odds / (1 + odds);
    }

    private void warnOnFewPositivesPerBatch(LossSpec loss, ClassCounts counts, int batchSize) {
        double positivesPerBatch = counts.positiveRate() * batchSize;
        if (loss.couplesExamples() && positivesPerBatch < MIN_POSITIVES_PER_SET_LOSS_BATCH) {
            // Measured on the default fraud data (0.17% positives): Dice at batch 256 (~0.4 positives
            // per batch) collapsed to ROC-AUC 0.20; at batch 4096 (~7) it reached 0.91.
            LOG.warn(String.format("loss %s is computed per minibatch but a batch of %d holds %.2f positives on "
                            + "average; most batches have none and the model may collapse. Raise training.batchSize "
                            + "to >= %d or oversample the positives (sampling) — a combo with focal collapsed too.",
                    loss.describe(), batchSize, positivesPerBatch,
                    (long) Math.ceil(MIN_POSITIVES_PER_SET_LOSS_BATCH / counts.positiveRate())));
        }
    }

    private void deleteQuietly(String dir) {
        try {
            Path p = new Path(dir);
            p.getFileSystem(spark.sparkContext().hadoopConfiguration()).delete(p, true);
        } catch (IOException e) {
            LOG.warn("could not remove exported minibatches under " + dir + ": " + e.getMessage());
        }
    }

    private static ClassCounts counts(Map<Double, Long> byLabel) {
        return new ClassCounts(byLabel.getOrDefault(0.0, 0L), byLabel.getOrDefault(1.0, 0L));
    }

    static double secondsSince(long nanos) {
        return (System.nanoTime() - nanos) / 1e9;
    }
}
