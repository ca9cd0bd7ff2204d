package dev.fulcrum.registry;

import dev.fulcrum.data.DataConfig;
import dev.fulcrum.config.JobConfig;
import dev.fulcrum.data.Columns;
import dev.fulcrum.data.Ingest;
import dev.fulcrum.eval.BinaryEvaluator;
import dev.fulcrum.eval.ScoreSummary;
import dev.fulcrum.jobs.TrainJob;
import dev.fulcrum.report.Json;
import dev.fulcrum.sampling.StratifiedSplitter;
import dev.fulcrum.scoring.LoadedModel;
import dev.fulcrum.train.NetworkScorer;
import java.io.IOException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
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
 * decision and both metric sets are written to {@code <version>/retrain.json}.
 */
public final class RetrainJob {
    private static final Logger LOG = LoggerFactory.getLogger(RetrainJob.class);

    public record Outcome(String version, boolean promoted, String champion, Map<String, Object> report) {
    }

    private RetrainJob() {
    }

    @SuppressWarnings("unchecked")
    public static Outcome run(SparkSession spark, JobConfig job, RetrainSettings s) {
        Configuration hadoop = spark.sparkContext().hadoopConfiguration();
        ModelRegistry registry = new ModelRegistry(s.dir(), hadoop);
        try (ModelRegistry.Lock lock = registry.lock(s.model(), s.staleLock())) {
            String before = registry.champion(s.model());
            TrainJob.Outcome trained = TrainJob.run(spark, job);
            String version = registry.register(s.model(), trained.runDir());

            // The fresh holdout: the test split of the data this run used, re-derived by seed.
            String input = String.valueOf(((Map<String, Object>) trained.metrics().get("data")).get("input"));
            DataConfig d = job.data();
            DataConfig data = new DataConfig(input, d.generated() ? d.generate().format() : d.format(),
                    d.generated() ? "Class" : d.label(), d.features(), d.idColumns(), d.onBadRow(), d.generate());
            Ingest.Result in = Ingest.read(spark, data, new Path(registry.modelDir(s.model()), ".tmp-quarantine").toString());
            Dataset<Row> holdout = StratifiedSplitter.split(in.rows(), Columns.LABEL, job.split()).test()
                    .persist(StorageLevel.MEMORY_AND_DISK());

            Map<String, Object> challenger = evaluate(spark, new Path(registry.modelDir(s.model()), version).toString(),
                    holdout, hadoop);
            challenger.put("version", version);
            Map<String, Object> champion = null;
            boolean promote;
            String reason;
            double chal = (Double) challenger.get(s.metric());
            if (before == null) {
                promote = true;
                reason = "no champion yet";
            } else {
                champion = evaluate(spark, new Path(registry.modelDir(s.model()), before).toString(), holdout, hadoop);
                champion.put("version", before);
                double champ = (Double) champion.get(s.metric());
                promote = chal - champ >= s.margin();
                reason = String.format("challenger %s %.6f vs champion %.6f: difference %.6f %s margin %.6f",
                        s.metric(), chal, champ, chal - champ, promote ? ">=" : "<", s.margin());
            }
            holdout.unpersist();
            if (promote) {
                registry.promote(s.model(), version);
            }
            Map<String, Object> report = new LinkedHashMap<>();
            report.put("model", s.model());
            report.put("time", Instant.now().toString());
            report.put("run", trained.runDir());
            report.put("holdout", Map.of("input", input, "rows", in.counts().total(), "split", "test (seed " + job.split().seed() + ")"));
            report.put("metric", s.metric());
            report.put("margin", s.margin());
            report.put("champion", champion);
            report.put("challenger", challenger);
            report.put("promoted", promote);
            report.put("reason", reason);
            report.put("championAfter", promote ? version : before);
            registry.writeText(new Path(new Path(registry.modelDir(s.model()), version), "retrain.json"), Json.write(report));
            LOG.info("retrain " + s.model() + ": " + version + (promote ? " promoted" : " not promoted") + " (" + reason + ")");
            return new Outcome(version, promote, promote ? version : before, report);
        } catch (IOException e) {
            throw new dev.fulcrum.error.BadInputException("registry: cannot write the retrain report: " + e.getMessage(), e);
        }
    }

    private static Map<String, Object> evaluate(SparkSession spark, String versionDir, Dataset<Row> holdout,
                                                Configuration hadoop) {
        LoadedModel m = LoadedModel.load(versionDir, hadoop);
        ScoreSummary sum = BinaryEvaluator.summarize(
                NetworkScorer.score(m.scaler().transform(holdout), m.network(), m.outputColumns()),
                Columns.SCORE, Columns.LABEL);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("pr-auc", sum.averagePrecision());
        out.put("roc-auc", sum.rocAuc());
        out.put("threshold", m.threshold());
        out.put("networkSha256", m.meta().get("networkSha256"));
        return out;
    }
}
