package dev.fulcrum.jobs;

import dev.fulcrum.bundle.BundleKeys;
import dev.fulcrum.bundle.LoadedModel;
import dev.fulcrum.error.BadInputException;
import dev.fulcrum.config.JobConfig;
import dev.fulcrum.data.Columns;
import dev.fulcrum.eval.BinaryEvaluator;
import dev.fulcrum.eval.ScoreSummary;
import dev.fulcrum.pipeline.Ingested;
import dev.fulcrum.pipeline.Pipeline;
import dev.fulcrum.pipeline.Workspace;
import dev.fulcrum.registry.ModelRegistry;
import dev.fulcrum.registry.RetrainSettings;
import dev.fulcrum.report.Json;
import dev.fulcrum.results.HoldoutScore;
import dev.fulcrum.results.RetrainReport;
import dev.fulcrum.train.NetworkScorer;
import java.time.Instant;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Scheduled retraining: under the model's registry lock, train a challenger with the job (a normal
 * published run), register it as the next version, evaluate the champion and the challenger on the
 * same fresh holdout (the test split of the newest data, re-derived with the job's split seed, which
 * the challenger never trained on) and move CHAMPION only if the challenger wins by
 * {@code registry.margin} on {@code registry.metric} (always when there is no champion). The
 * decision and both scores are written to {@code <version>/retrain.json}.
 */
public final class RetrainJob {
    private static final Logger LOG = LoggerFactory.getLogger(RetrainJob.class);

    public record Outcome(String version, boolean promoted, String champion, RetrainReport report) {
    }

    private RetrainJob() {
    }

    public static Outcome run(SparkSession spark, JobConfig job, RetrainSettings s) {
        Configuration hadoop = spark.sparkContext().hadoopConfiguration();
        if (s.requireSigned() && !BundleKeys.configured(hadoop).present()) {
            // checked before hours of training: the challenger would be unsigned and refused
            throw new BadInputException("registry.requireSigned = true needs the signing key: set the environment "
                    + "variable " + BundleKeys.ENV + " or the Hadoop credential " + BundleKeys.CONF
                    + " (docs/security.md), or set registry.requireSigned = false");
        }
        ModelRegistry registry = new ModelRegistry(s.dir(), hadoop);
        try (ModelRegistry.Lock lock = registry.lock(s.model(), s.staleLock())) {
            String before = registry.champion(s.model());
            TrainJob.Outcome trained = TrainJob.run(spark, job);
            String version = registry.register(s.model(), trained.runDir());

            Pipeline pipeline = new Pipeline(spark, job, Workspace.of(
                    new Path(registry.modelDir(s.model()), ".tmp-quarantine").toString(), null));
            Ingested in = pipeline.ingest();
            Dataset<Row> holdout = pipeline.split(in, job.split().seed()).test().persist(StorageLevel.MEMORY_AND_DISK());
            HoldoutScore challenger = score(registry, s.model(), version, holdout, hadoop, s.requireSigned());
            HoldoutScore champion = before == null ? null
                    : score(registry, s.model(), before, holdout, hadoop, s.requireSigned());
            holdout.unpersist();
            in.in().release();

            boolean promote;
            String reason;
            if (champion == null) {
                promote = true;
                reason = "no champion yet";
            } else {
                double chal = challenger.value(s.metric());
                double champ = champion.value(s.metric());
                promote = chal - champ >= s.margin();
                reason = String.format("challenger %s %.6f vs champion %.6f: difference %.6f %s margin %.6f",
                        s.metric(), chal, champ, chal - champ, promote ? ">=" : "<", s.margin());
            }
            if (promote) {
                registry.promote(s.model(), version);
            }
            RetrainReport report = new RetrainReport(s.model(), Instant.now().toString(), trained.runDir(),
                    new RetrainReport.Holdout(in.data().input(), in.in().counts().total(),
                            "test (seed " + job.split().seed() + ")"),
                    s.metric(), s.margin(), champion, challenger, promote, reason, promote ? version : before);
            registry.writeText(new Path(new Path(registry.modelDir(s.model()), version), "retrain.json"),
                    Json.write(report));
            LOG.info("retrain " + s.model() + ": " + version + (promote ? " promoted" : " not promoted") + " (" + reason + ")");
            return new Outcome(version, promote, promote ? version : before, report);
        }
    }

    private static HoldoutScore score(ModelRegistry registry, String model, String version, Dataset<Row> holdout,
                                      Configuration hadoop, boolean requireSigned) {
        // the registry copies verified as scoring would: a tampered champion is never compared or kept
        LoadedModel m = LoadedModel.load(new Path(registry.modelDir(model), version).toString(), hadoop, requireSigned);
        ScoreSummary sum = BinaryEvaluator.summarize(
                NetworkScorer.score(m.scaler().transform(holdout), m.networks(), m.outputColumns()),
                Columns.SCORE, Columns.LABEL);
        return new HoldoutScore(version, sum.averagePrecision(), sum.rocAuc(), m.threshold(),
                String.valueOf(m.meta().get("networkSha256")));
    }
}
