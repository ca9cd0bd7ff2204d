package dev.fulcrum.jobs;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import dev.fulcrum.bundle.DataFingerprint;
import dev.fulcrum.bundle.BundleKeys;
import dev.fulcrum.bundle.ModelBundle;
import dev.fulcrum.config.ConfigLoader;
import dev.fulcrum.config.JobConfig;
import dev.fulcrum.error.BadInputException;
import dev.fulcrum.error.Failures;
import dev.fulcrum.eval.NoSkillCheck;
import dev.fulcrum.error.IoFailureException;
import dev.fulcrum.io.AtomicDirectory;
import dev.fulcrum.pipeline.Candidate;
import dev.fulcrum.pipeline.Evaluation;
import dev.fulcrum.pipeline.Pipeline;
import dev.fulcrum.pipeline.PreparedData;
import dev.fulcrum.pipeline.Seeds;
import dev.fulcrum.pipeline.StageLog;
import dev.fulcrum.pipeline.Workspace;
import dev.fulcrum.report.HtmlReport;
import dev.fulcrum.report.Json;
import dev.fulcrum.results.CalibrationSummary;
import dev.fulcrum.results.EpochRecord;
import dev.fulcrum.results.StageRecord;
import dev.fulcrum.results.ThresholdChoice;
import dev.fulcrum.results.TrainMetrics;
import dev.fulcrum.results.TrainingSummary;
import dev.fulcrum.results.EnsembleSummary;
import dev.fulcrum.train.Checkpoints;
import dev.fulcrum.train.EasyEnsemble;
import dev.fulcrum.train.Trainer;
import dev.fulcrum.train.TrainingConfig;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The train job: {@link Pipeline#prepare} with the job's split seed → {@link Pipeline#fit} with
 * the job's loss and sampling → {@link Pipeline#evaluate} → a published run directory (model
 * bundle, metrics.json, report.html). A model without skill on validation ({@code evaluation.minPrAucLift})
 * is not published: the run keeps its report, has no model and {@code latest} stays where it was.
 * A run that fails after its first epoch checkpoint for a reason a rerun may not meet again (a lost
 * executor, a killed driver, I/O) keeps its temporary directory for {@code --resume}; bad input or
 * any failure before a checkpoint removes it.
 */
public final class TrainJob {
    private static final Logger LOG = LoggerFactory.getLogger(TrainJob.class);

    /** Where the published run is and what it measured. */
    public record Outcome(String runDir, TrainMetrics metrics) {
    }

    /** The resolved job a run was started with, inside its directory. */
    public static final String JOB_CONF = "job.conf";
    /** Per-epoch training checkpoints inside the run directory. */
    public static final String CHECKPOINTS = "checkpoints";

    private TrainJob() {
    }

    public static Outcome run(SparkSession spark, JobConfig job) {
        return run(spark, job, Trainer.EpochListener.NONE);
    }

    /** @param listener per-epoch training hook (progress; tests simulate a kill) */
    public static Outcome run(SparkSession spark, JobConfig job, Trainer.EpochListener listener) {
        long t0 = System.nanoTime();
        String runId = RunIds.next(job.name());
        RunDirectory run = RunDirectory.start(job.outputDir(), runId, spark.sparkContext().hadoopConfiguration());
        run.writeText(JOB_CONF, job.renderResolved()); // what --resume runs again
        return runIn(spark, job, run, listener, t0);
    }

    /**
     * The job saved in an interrupted run's directory ({@code <output.dir>/.tmp-<run-id>} or
     * {@code <output.dir>/<run-id>}), read before Spark starts so its {@code spark} block applies.
     */
    public static JobConfig resumeConfig(String dir) {
        RunDirectory run = RunDirectory.reopen(dir, new Configuration());
        Config saved = ConfigFactory.parseString(run.readText(JOB_CONF));
        return JobConfig.from(saved.withFallback(ConfigLoader.defaults()).resolve());
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
        TrainMetrics metrics;
        try {
            metrics = execute(spark, job, run, listener, t0);
            if (metrics.rejected() == null) {
                run.publish();
                LOG.info("run published: " + run.finalPath());
                return new Outcome(run.finalPath(), metrics);
            }
            run.publishKeepingLatest();
        } catch (Throwable e) { // Spark's checked exceptions arrive undeclared; Hadoop's local FS reports a full disk as FSError
            IoFailureException full = AtomicDirectory.noSpace("output.dir",
                    new org.apache.hadoop.fs.Path(run.finalPath()).getParent(), e);
            if (full != null) {
                // a resume needs the space the partial run holds; its checkpoints are not worth a full disk
                run.abandon();
                throw full;
            }
            // Bad input fails the same way on every rerun: a resume could not succeed, so none is offered.
            boolean resumable = Failures.exitCode(e) != Failures.BAD_INPUT;
            if (resumable && Checkpoints.exists(run.fileSystem(), run.path(CHECKPOINTS))) {
                LOG.error("run " + run.runId() + " failed after a checkpoint; kept " + run.tempPath()
                        + " — continue it with: fulcrum train --resume " + run.tempPath());
            } else {
                run.abandon();
            }
            throw e;
        }
        throw new BadInputException("model not published: " + metrics.rejected() + ". Its report is in "
                + run.finalPath() + " and latest was not moved; check the features, the loss and the sampling "
                + "(a Tversky-type loss collapses without positives in most minibatches), or lower "
                + "evaluation.minPrAucLift");
    }

    private static TrainMetrics execute(SparkSession spark, JobConfig job, RunDirectory run,
                                        Trainer.EpochListener listener, long t0) {
        Seeds seeds = Seeds.of(job);
        Pipeline pipeline = new Pipeline(spark, job, new Workspace(run.path("quarantine"), run.path("tmp"),
                run.path(CHECKPOINTS), listener));
        PreparedData data = pipeline.prepare(seeds.split());
        try {
            long t = System.nanoTime();
            Candidate fitted = pipeline.fit(data, job.loss(), job.sampling(), seeds);
            double trainSeconds = seconds(t) - fitted.samplingStages().stream().mapToDouble(StageRecord::seconds).sum();
            Evaluation eval = pipeline.evaluate(fitted, data, job.threshold());
            Pipeline.Calibrated calibrated = pipeline.calibrate(fitted, data, eval, job.calibration());
            run.delete("tmp");
            String rejected = NoSkillCheck.refusal(eval.validation(), job.minPrAucLift()).orElse(null);

            t = System.nanoTime();
            Configuration hadoop = spark.sparkContext().hadoopConfiguration();
            String fingerprint = DataFingerprint.of(data.input().in().files(), hadoop);
            List<StageRecord> stages = data.stagesWith(fitted.samplingStages());
            Map<String, Double> timings = StageLog.timings(stages);
            timings.put("train", trainSeconds);
            timings.put("evaluate", eval.seconds());
            if (rejected == null) {
                ModelBundle.Written bundle = ModelBundle.write(run.directory(), fitted.networks(),
                        data.scaler(), ModelBundle.meta(data.features(), data.input().data().label(),
                                data.input().in().idColumns(), eval.threshold(), job.threshold().describe(),
                                job.loss().describe(), fitted.outputColumns(), fingerprint, data.categorical(),
                                data.imputed(), data.input().data().rules().required(), data.layout().names(),
                                calibrated.calibration().describe()),
                        Provenance.of(job, spark, seeds, fingerprint, timings), BundleKeys.configured(hadoop));
                LOG.info("bundle " + bundle.networkSha256().substring(0, 12) + " written");
            } else {
                LOG.error("model not published: " + rejected);
            }
            timings.put("write", seconds(t));
            timings.put("total", seconds(t0));

            TrainMetrics metrics = new TrainMetrics(run.runId(), job.name(), data.input().summary(), stages,
                    job.loss().describe(), fitted.sampling(), training(fitted),
                    new ThresholdChoice(job.threshold().describe(), eval.threshold(), "validation"),
                    eval.validationMetrics(), eval.testMetrics(), eval.bayes(),
                    new CalibrationSummary(job.calibration().id(), calibrated.calibration().toString(),
                            calibrated.calibration().describe(), calibrated.validation(), calibrated.test()),
                    timings, rejected, ensemble(fitted, job.ensemble().ratio()));
            HtmlReport.write(run.tempPath(), hadoop, metrics, eval.test(), eval.bayesTest());
            run.writeText("metrics.json", Json.write(metrics));
            return metrics;
        } finally {
            data.release();
            data.input().in().release();
        }
    }

    private static TrainingSummary training(Candidate fitted) {
        Trainer.Result trained = fitted.training();
        TrainingConfig t = fitted.mode().training();
        if (trained == null) { // an ensemble: each member has its epochs (metrics.json "ensemble")
            EasyEnsemble.Result e = fitted.ensemble();
            double meanBest = e.members().stream().mapToDouble(EasyEnsemble.Member::bestValidationAp).average()
                    .orElse(Double.NaN);
            return new TrainingSummary("ensemble", fitted.mode().reason(), null, t.batchSize(), e.examples(), 0,
                    TrainingConfig.Metric.PR_AUC.id(), meanBest,
                    e.members().stream().anyMatch(EasyEnsemble.Member::stoppedEarly), 0, List.of());
        }
        List<EpochRecord> epochs = trained.epochs().stream().map(e -> new EpochRecord(e.epoch(), e.trainLoss(),
                e.validationPrAuc(), e.validationRocAuc(), e.validationLoss(), e.seconds(), e.examplesPerSecond()))
                .toList();
        return new TrainingSummary(t.mode().id(), fitted.mode().reason(),
                t.mode() == TrainingConfig.Mode.SPARK ? t.engine().toString() : null, t.batchSize(),
                trained.trainExamples(),
                trained.bestEpoch(), trained.metric(), trained.bestValue(), trained.stoppedEarly(),
                trained.resumedFrom(), epochs);
    }

    /** The members of an ensemble, null for one network. */
    static EnsembleSummary ensemble(Candidate fitted, double ratio) {
        EasyEnsemble.Result e = fitted.ensemble();
        if (e == null) {
            return null;
        }
        List<EnsembleSummary.MemberRecord> members = e.members().stream().map(m -> new EnsembleSummary.MemberRecord(
                m.index(), m.positives(), m.negatives(), m.batchSize(), m.seed(), m.bestEpoch(), m.bestValidationAp(),
                m.stoppedEarly(), m.seconds(), java.util.Arrays.stream(m.validationAp()).boxed().toList(), m.network()))
                .toList();
        return new EnsembleSummary("easy-ensemble", e.members().size(), ratio, e.validationRows(),
                e.validationSampleRate(), e.seconds(), members);
    }

    private static double seconds(long nanos) {
        return (System.nanoTime() - nanos) / 1e9;
    }
}
