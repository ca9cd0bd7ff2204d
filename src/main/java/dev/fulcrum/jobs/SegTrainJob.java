package dev.fulcrum.jobs;

import dev.fulcrum.bundle.BundleKeys;
import dev.fulcrum.bundle.SegBundle;
import dev.fulcrum.config.SegJobConfig;
import dev.fulcrum.error.BadInputException;
import dev.fulcrum.error.IoFailureException;
import dev.fulcrum.images.ImageSplitter.ImageSplits;
import dev.fulcrum.io.AtomicDirectory;
import dev.fulcrum.report.Json;
import dev.fulcrum.results.ThresholdChoice;
import dev.fulcrum.segeval.SegEvaluation;
import dev.fulcrum.segeval.SegMetrics;
import dev.fulcrum.segeval.SegReportHtml;
import dev.fulcrum.segment.PixelStats;
import dev.fulcrum.segment.SegImages;
import dev.fulcrum.segment.SegPipeline;
import dev.fulcrum.segment.SegRunMetrics;
import dev.fulcrum.unet.SegFit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The segmentation train job ({@code fulcrum train --job <segmentation job>}): {@link SegPipeline}
 * end to end into a run directory published atomically — model bundle ({@link SegBundle}),
 * metrics.json ({@link SegRunMetrics}), report.html with overlays, quarantine/ — and
 * {@code latest} moved. A model whose validation mean Dice (images with foreground) is below
 * {@code evaluation.minDice} keeps its report but is not published.
 */
public final class SegTrainJob {
    private static final Logger LOG = LoggerFactory.getLogger(SegTrainJob.class);

    /** Where the published run is and what it measured. */
    public record Outcome(String runDir, SegRunMetrics metrics) {
    }

    private SegTrainJob() {
    }

    public static Outcome run(SparkSession spark, SegJobConfig job) {
        long t0 = System.nanoTime();
        RunDirectory run = RunDirectory.start(job.outputDir(), RunIds.next(job.name()),
                spark.sparkContext().hadoopConfiguration());
        run.writeText(TrainJob.JOB_CONF, job.renderResolved());
        SegRunMetrics metrics;
        try {
            metrics = execute(spark, job, run, t0);
            if (metrics.rejected() == null) {
                run.publish();
                LOG.info("run published: " + run.finalPath());
                return new Outcome(run.finalPath(), metrics);
            }
            run.publishKeepingLatest();
        } catch (Throwable e) { // Spark's checked exceptions arrive undeclared
            IoFailureException full = AtomicDirectory.noSpace("output.dir",
                    new org.apache.hadoop.fs.Path(run.finalPath()).getParent(), e);
            run.abandon();
            if (full != null) {
                throw full;
            }
            throw e;
        }
        throw new BadInputException("model not published: " + metrics.rejected() + ". Its report is in "
                + run.finalPath() + " and latest was not moved; train longer, try another loss or lower "
                + "evaluation.minDice");
    }

    private static SegRunMetrics execute(SparkSession spark, SegJobConfig job, RunDirectory run, long t0) {
        SegPipeline pipeline = new SegPipeline(spark, job);
        Configuration hadoop = spark.sparkContext().hadoopConfiguration();
        Map<String, Double> timings = new LinkedHashMap<>();
        SegImages images = pipeline.images();
        timings.put("images", images.seconds());
        try {
            if (images.quarantined() > 0) {
                images.quarantine().coalesce(1).write().json(run.path("quarantine"));
                LOG.warn(images.quarantined() + " image(s) quarantined: " + images.quarantinedByReason()
                        + " (listed in " + run.path("quarantine") + ")");
            }
            long t = System.nanoTime();
            ImageSplits splits = pipeline.split(images, job.split().seed());
            Dataset<Row> trainRows = pipeline.trainingRows(splits, job.crops().seed())
                    .persist(StorageLevel.MEMORY_AND_DISK());
            PixelStats px = PixelStats.of(trainRows);
            timings.put("split+crops", seconds(t));
            Row first = trainRows.select("width", "height").first();

            SegPipeline.Fitted fitted = pipeline.fit(trainRows, splits.validation(), job.loss(), job.model().seed());
            timings.put("train", fitted.seconds());
            trainRows.unpersist();

            t = System.nanoTime();
            Dataset<Row> valScored = pipeline.score(splits.validation(), fitted.bytes())
                    .persist(StorageLevel.MEMORY_AND_DISK());
            ThresholdChoice threshold = pipeline.threshold(valScored);
            SegEvaluation val = SegEvaluation.evaluate(valScored, threshold.value());
            Dataset<Row> testScored = pipeline.score(splits.test(), fitted.bytes())
                    .persist(StorageLevel.MEMORY_AND_DISK());
            SegEvaluation test = SegEvaluation.evaluate(testScored, threshold.value());
            timings.put("evaluate", seconds(t));
            SegMetrics valMetrics = val.metrics(threshold);
            SegMetrics testMetrics = test.metrics(threshold);
            double valDice = valMetrics.imagesWithForeground().meanDice();
            String rejected = !(valDice >= job.evaluation().minDice()) && job.evaluation().minDice() > 0
                    ? String.format(Locale.ROOT, "validation mean Dice on images with foreground %.4f < "
                    + "evaluation.minDice %s", valDice, job.evaluation().minDice()) : null;

            t = System.nanoTime();
            if (rejected == null) {
                Map<String, Object> written = SegBundle.write(run.directory(), fitted.graph(),
                        SegBundle.meta(threshold.value(), threshold.strategy(), job.model().depth(),
                                job.data().maskThreshold(), job.loss().describe(), images.source()),
                        provenance(job, spark, timings), BundleKeys.configured(hadoop));
                LOG.info("bundle " + ((String) written.get("networkSha256")).substring(0, 12) + " written");
            } else {
                LOG.error("model not published: " + rejected);
            }
            timings.put("write", seconds(t));
            timings.put("total", seconds(t0));
            SegRunMetrics metrics = new SegRunMetrics(run.runId(), job.name(),
                    new SegRunMetrics.Data(images.source(), images.kept(), images.quarantined(),
                            images.quarantinedByReason()),
                    new SegRunMetrics.Split(job.split().seed(), splits.train().count(), splits.validation().count(),
                            splits.test().count(), px.rows(), first.getInt(0), first.getInt(1), px.positiveRate()),
                    job.loss().describe(), training(fitted, job.training().epochs()), threshold, valMetrics, testMetrics, timings, rejected);
            SegReportHtml.write(run.tempPath(), hadoop, testMetrics, test, testScored);
            run.writeText("metrics.json", Json.write(metrics));
            valScored.unpersist();
            testScored.unpersist();
            return metrics;
        } finally {
            images.release();
        }
    }

    static SegRunMetrics.Training training(SegPipeline.Fitted fitted, int maxEpochs) {
        SegFit f = fitted.fit();
        List<SegRunMetrics.Epoch> epochs = f.epochs().stream()
                .map(e -> new SegRunMetrics.Epoch(e.epoch(), e.trainLoss(), e.validationScore(), e.seconds()))
                .toList();
        double best = epochs.stream().filter(e -> e.epoch() == f.bestEpoch()).mapToDouble(SegRunMetrics.Epoch::validationDice)
                .findFirst().orElse(Double.NaN);
        return new SegRunMetrics.Training(fitted.mode(), fitted.modeReason(), f.bestEpoch(), best,
                epochs.size() < maxEpochs, f.examplesPerSecond(), epochs);
    }

    private static Map<String, Object> provenance(SegJobConfig job, SparkSession spark, Map<String, Double> timings) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("createdAt", java.time.Instant.now().toString());
        m.put("versions", dev.fulcrum.bundle.Versions.all());
        m.put("job", Json.read(job.renderResolved()));
        m.put("sparkMaster", spark.sparkContext().master());
        Map<String, Object> seeds = new LinkedHashMap<>();
        seeds.put("split", job.split().seed());
        seeds.put("crops", job.crops().seed());
        seeds.put("model", job.model().seed());
        if (job.data().generated()) {
            seeds.put("generate", job.data().generate().seed());
        }
        m.put("seeds", seeds);
        m.put("timings", new LinkedHashMap<>(timings));
        return m;
    }

    private static double seconds(long nanos) {
        return (System.nanoTime() - nanos) / 1e9;
    }
}
