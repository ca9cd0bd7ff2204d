package dev.fulcrum.jobs;

import dev.fulcrum.data.DataConfig;
import dev.fulcrum.config.JobConfig;
import dev.fulcrum.data.ClassCounts;
import dev.fulcrum.data.Columns;
import dev.fulcrum.data.GeneratedData;
import dev.fulcrum.data.Ingest;
import dev.fulcrum.eval.BinaryEvaluator;
import dev.fulcrum.eval.BinaryMetrics;
import dev.fulcrum.eval.ScoreSummary;
import dev.fulcrum.eval.ThresholdSelector;
import dev.fulcrum.features.FeatureScaling;
import dev.fulcrum.report.HtmlReport;
import dev.fulcrum.report.Json;
import dev.fulcrum.sampling.ResampleChain;
import dev.fulcrum.sampling.Splits;
import dev.fulcrum.sampling.StratifiedSplitter;
import dev.fulcrum.train.NetworkFactory;
import dev.fulcrum.train.NetworkScorer;
import dev.fulcrum.train.Trainer;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.nd4j.linalg.lossfunctions.ILossFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The train job: ingest + validate → stratified split → scale (fit on train) → resample the
 * scaled train split → train (parameter averaging or local) → score validation and test on the
 * executors → threshold chosen on validation → metrics at that threshold and at 0.5 → run dir.
 */
public final class TrainJob {
    private static final Logger LOG = LoggerFactory.getLogger(TrainJob.class);

    /** Where the published run is and what it measured. */
    public record Outcome(String runDir, Map<String, Object> metrics) {
    }

    /** The resolved job a run was started with, inside its directory. */
    public static final String JOB_CONF = "job.conf";
    /** Per-epoch training checkpoints inside the run directory. */
    public static final String CHECKPOINTS = "checkpoints";

    /** Below this many expected positives per minibatch a Dice/Tversky-type loss gets a warning. */
    static final double MIN_POSITIVES_PER_SET_LOSS_BATCH = 2.0;

    private TrainJob() {
    }

    public static Outcome run(SparkSession spark, JobConfig job) {
        return run(spark, job, null);
    }

    /** @param listener per-epoch training hook (progress; tests simulate a kill), or null */
    public static Outcome run(SparkSession spark, JobConfig job, Trainer.EpochListener listener) {
        long t0 = System.nanoTime();
        String runId = job.name() + "-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
        RunDirectory run = RunDirectory.start(job.outputDir(), runId, spark.sparkContext().hadoopConfiguration());
        run.writeText(JOB_CONF, job.renderResolved()); // what --resume runs again
        return runIn(spark, job, run, listener, t0);
    }

    /**
     * The job saved in an interrupted run's directory ({@code <output.dir>/.tmp-<run-id>} or
     * {@code <output.dir>/<run-id>}), read before Spark starts so its {@code spark} block applies.
     */
    public static JobConfig resumeConfig(String dir) {
        RunDirectory run = RunDirectory.reopen(dir, new org.apache.hadoop.conf.Configuration());
        com.typesafe.config.Config saved = com.typesafe.config.ConfigFactory.parseString(run.readText(JOB_CONF));
        return JobConfig.from(saved.withFallback(dev.fulcrum.config.ConfigLoader.defaults()).resolve());
    }

    /**
     * Continues an interrupted run in its own directory and under its run id: data preparation is
     * repeated (deterministic by seed), training continues from the last checkpoint.
     */
    public static Outcome resume(SparkSession spark, String dir, Trainer.EpochListener listener) {
        JobConfig job = resumeConfig(dir);
        RunDirectory run = RunDirectory.reopen(dir, spark.sparkContext().hadoopConfiguration());
        LOG.info("resuming run " + run.runId() + " in " + run.tempPath());
        return runIn(spark, job, run, listener, System.nanoTime());
    }

    private static Outcome runIn(SparkSession spark, JobConfig job, RunDirectory run, Trainer.EpochListener listener,
                                 long t0) {
        StageLog stages = new StageLog();
        try {
            Outcome outcome = execute(spark, job, run, stages, t0, listener);
            run.publish();
            LOG.info("run published: " + run.finalPath());
            return new Outcome(run.finalPath(), outcome.metrics());
        } catch (RuntimeException e) {
            if (dev.fulcrum.train.Checkpoints.exists(run.fileSystem(), run.path(CHECKPOINTS))) {
                LOG.error("run " + run.runId() + " failed after a checkpoint; kept " + run.tempPath()
                        + " — continue it with: fulcrum train --resume " + run.tempPath());
            } else {
                run.abandon();
            }
            throw e;
        }
    }

    private static Outcome execute(SparkSession spark, JobConfig job, RunDirectory run, StageLog stages, long t0,
                                   Trainer.EpochListener listener) {
        // 1. Data: generate when asked (reused across runs with the same settings), then validate.
        long t = System.nanoTime();
        DataConfig data = job.data();
        if (data.generated()) {
            String path = GeneratedData.defaultPath(job.outputDir() + "/data", data.generate());
            if (GeneratedData.writeIfAbsent(spark, data.generate(), path, true, false)) {
                LOG.info("generated " + data.generate().rows() + " fraud-like rows at " + path);
            } else {
                LOG.info("reusing generated data at " + path);
            }
            data = new DataConfig(path, data.generate().format(), "Class", data.features(), data.idColumns(),
                    data.onBadRow(), data.generate());
            stages.time("generate", secondsSince(t));
        }
        t = System.nanoTime();
        Ingest.Result in = Ingest.read(spark, data, run.path("quarantine"));
        stages.record("ingest+validate", null, in.counts(), secondsSince(t));

        // 2. Split on the raw rows, then fit the scaler on the training split only.
        t = System.nanoTime();
        Splits splits = StratifiedSplitter.split(in.rows(), Columns.LABEL, job.split());
        PipelineModel scaler = FeatureScaling.fit(splits.train(), in.features(), job.scaling());
        Dataset<Row> train = scaler.transform(splits.train());
        Dataset<Row> validation = scaler.transform(splits.validation()).persist(StorageLevel.MEMORY_AND_DISK());
        Dataset<Row> test = scaler.transform(splits.test()).persist(StorageLevel.MEMORY_AND_DISK());
        ClassCounts trainCounts = ClassCounts.of(train, Columns.LABEL);
        ClassCounts valCounts = ClassCounts.of(validation, Columns.LABEL);
        ClassCounts testCounts = ClassCounts.of(test, Columns.LABEL);
        stages.record("split: train", in.counts(), trainCounts, secondsSince(t));
        stages.record("split: validation", in.counts(), valCounts, 0);
        stages.record("split: test", in.counts(), testCounts, 0);

        // 3. Resample the scaled TRAIN split only (SMOTE's neighbours need scaled features).
        long seed = job.model().seed();
        ResampleChain.Result resampled = ResampleChain.run(train, job.sampling(), seed);
        for (ResampleChain.StageReport r : resampled.stages()) {
            stages.record("sampling: " + r.stage(), counts(r.countsIn()), counts(r.countsOut()), r.millis() / 1000.0);
        }
        train = resampled.train();
        trainCounts = resampled.stages().isEmpty() ? trainCounts : counts(resampled.stages().get(resampled.stages().size() - 1).countsOut());
        if (trainCounts.positives() == 0 || trainCounts.negatives() == 0) {
            throw new dev.fulcrum.error.BadInputException("sampling: the training split has a single class after "
                    + "resampling (" + trainCounts.negatives() + " negatives, " + trainCounts.positives()
                    + " positives); relax the sampling ratios or provide more positives");
        }

        // 4. Train with the job's loss.
        t = System.nanoTime();
        ILossFunction loss = job.loss().build(trainCounts);
        double positivesPerBatch = trainCounts.positiveRate() * job.training().batchSize();
        if (job.loss().couplesExamples() && positivesPerBatch < MIN_POSITIVES_PER_SET_LOSS_BATCH) {
            // Measured on the default fraud data (0.17% positives): Dice at batch 256 (~0.4 positives
            // per batch) collapsed to ROC-AUC 0.20; at batch 4096 (~7) it reached 0.91.
            LOG.warn(String.format("loss %s is computed per minibatch but a batch of %d holds %.2f positives on "
                            + "average; most batches have none and the model may collapse. Raise training.batchSize "
                            + "to >= %d or oversample the positives (sampling) — a combo with focal collapsed too.",
                    job.loss().describe(), job.training().batchSize(), positivesPerBatch,
                    (long) Math.ceil(MIN_POSITIVES_PER_SET_LOSS_BATCH / trainCounts.positiveRate())));
        }
        int outputs = job.loss().outputColumns();
        MultiLayerConfiguration conf = NetworkFactory.build(job.model(), in.features().size(), outputs,
                job.loss().outputActivation(), loss);
        Trainer.Result trained = Trainer.train(spark, conf, job.training(), outputs, train, validation,
                run.path("tmp/export"), run.path(CHECKPOINTS), seed, listener);
        stages.time("train", secondsSince(t));

        // 5. Evaluate on the executors; the threshold is chosen on validation, never on test.
        t = System.nanoTime();
        ScoreSummary val = BinaryEvaluator.summarize(NetworkScorer.score(validation, trained.network(), outputs),
                Columns.SCORE, Columns.LABEL);
        double threshold = ThresholdSelector.select(val, job.threshold());
        ScoreSummary tst = BinaryEvaluator.summarize(NetworkScorer.score(test, trained.network(), outputs),
                Columns.SCORE, Columns.LABEL);
        Map<String, Object> bayes = null;
        ScoreSummary b = null;
        if (in.hasBayes()) {
            b = BinaryEvaluator.summarize(test, Columns.BAYES_SCORE, Columns.LABEL);
            bayes = new LinkedHashMap<>();
            bayes.put("prAuc", b.averagePrecision());
            bayes.put("rocAuc", b.rocAuc());
            bayes.put("modelPrAucFraction", tst.averagePrecision() / b.averagePrecision());
        }
        stages.time("evaluate", secondsSince(t));

        // 6. Outputs.
        t = System.nanoTime();
        try {
            run.fileSystem().delete(new org.apache.hadoop.fs.Path(run.path("tmp")), true);
        } catch (java.io.IOException e) {
            LOG.warn("could not remove exported minibatches under " + run.path("tmp") + ": " + e.getMessage());
        }
        String fingerprint = DataFingerprint.of(in.files(), spark.sparkContext().hadoopConfiguration());
        Map<String, Object> bundle = ModelBundle.write(run, trained.network(), scaler,
                ModelBundle.meta(in.features(), data.label(), in.idColumns(), threshold, job.threshold().describe(),
                        job.loss().describe(), outputs, fingerprint));
        stages.time("write", secondsSince(t));

        Map<String, Object> metrics = new LinkedHashMap<>();
        metrics.put("runId", run.runId());
        metrics.put("job", job.name());
        Map<String, Object> dataInfo = new LinkedHashMap<>();
        dataInfo.put("input", data.input());
        dataInfo.put("rows", in.counts().total());
        dataInfo.put("negatives", in.counts().negatives());
        dataInfo.put("positives", in.counts().positives());
        dataInfo.put("quarantined", in.quarantined());
        dataInfo.put("features", in.features().size());
        metrics.put("data", dataInfo);
        metrics.put("stages", stages.stages());
        metrics.put("loss", job.loss().describe());
        metrics.put("training", trainingInfo(job, trained));
        Map<String, Object> thr = new LinkedHashMap<>();
        thr.put("strategy", job.threshold().describe());
        thr.put("value", threshold);
        thr.put("chosenOn", "validation");
        metrics.put("threshold", thr);
        metrics.put("validation", BinaryMetrics.toMap(val, threshold));
        metrics.put("test", BinaryMetrics.toMap(tst, threshold));
        if (bayes != null) {
            metrics.put("bayesOptimal", bayes);
        }
        Map<String, Double> timings = stages.timings();
        timings.put("total", secondsSince(t0));
        metrics.put("timings", timings);
        HtmlReport.write(new org.apache.hadoop.fs.Path(run.path("metrics.json")).getParent().toString(),
                spark.sparkContext().hadoopConfiguration(), metrics, tst, b);
        run.writeText("metrics.json", Json.write(metrics));
        run.writeText("provenance.json", Json.write(Provenance.of(job, spark, bundle, timings)));
        validation.unpersist();
        test.unpersist();
        return new Outcome(run.finalPath(), metrics);
    }

    private static Map<String, Object> trainingInfo(JobConfig job, Trainer.Result trained) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("mode", job.training().mode().name().toLowerCase());
        m.put("examples", trained.trainExamples());
        m.put("bestEpoch", trained.bestEpoch());
        m.put("earlyStoppingMetric", trained.metric());
        m.put("bestValue", trained.bestValue());
        m.put("stoppedEarly", trained.stoppedEarly());
        m.put("resumedFrom", trained.resumedFrom());
        List<Map<String, Object>> epochs = trained.epochs().stream().map(e -> {
            Map<String, Object> x = new LinkedHashMap<>();
            x.put("epoch", e.epoch());
            x.put("loss", e.trainLoss());
            x.put("validationPrAuc", e.validationPrAuc());
            x.put("validationRocAuc", e.validationRocAuc());
            x.put("validationLoss", e.validationLoss());
            x.put("seconds", e.seconds());
            x.put("examplesPerSecond", e.examplesPerSecond());
            return x;
        }).toList();
        m.put("epochs", epochs);
        return m;
    }

    private static ClassCounts counts(Map<Double, Long> byLabel) {
        return new ClassCounts(byLabel.getOrDefault(0.0, 0L), byLabel.getOrDefault(1.0, 0L));
    }

    static double secondsSince(long nanos) {
        return (System.nanoTime() - nanos) / 1e9;
    }
}
