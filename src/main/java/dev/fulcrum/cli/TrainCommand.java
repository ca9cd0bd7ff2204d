package dev.fulcrum.cli;

import dev.fulcrum.config.ConfigLoader;
import dev.fulcrum.config.JobConfig;
import dev.fulcrum.config.SegJobConfig;
import dev.fulcrum.jobs.SegTrainJob;
import dev.fulcrum.segeval.SegMetrics;
import dev.fulcrum.jobs.Sessions;
import dev.fulcrum.jobs.TrainJob;
import dev.fulcrum.report.Json;
import dev.fulcrum.results.TrainMetrics;
import java.io.File;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "train", mixinStandardHelpOptions = true,
        description = {"Run a training job: ingest + validate, stratified split, scaling, resampling, DL4J training",
                "(parameter averaging on Spark), evaluation at a threshold tuned on validation. Writes",
                "<output.dir>/<run-id>/ (model/, metrics.json, provenance.json) and moves <output.dir>/latest."})
final class TrainCommand implements Callable<Integer> {
    @Option(names = "--job", description = {"HOCON job file (e.g. jobs/fraud-baseline.conf); defaults: conf/defaults.conf.",
            "A file with task = segmentation (e.g. jobs/segmentation-focal-tversky.conf) trains a U-Net on image + mask",
            "directories instead; its defaults: conf/segmentation.conf."})
    File job;
    @Option(names = "--set", description = "Override a job key, e.g. --set training.epochs=3 (repeatable).")
    List<String> sets = new ArrayList<>();
    @Option(names = "--resume", paramLabel = "<run-dir>", description = {
            "Continue an interrupted run from its last epoch checkpoint: <output.dir>/.tmp-<run-id> (kept when a run",
            "fails after its first checkpoint) or <output.dir>/<run-id>. Uses the job.conf saved there; no --job/--set."})
    String resume;
    @Option(names = "--verbose", description = "Print stack traces for input errors.")
    boolean verbose;

    @Override
    public Integer call() {
        if (resume != null && (job != null || !sets.isEmpty())) {
            throw new dev.fulcrum.error.BadInputException("--resume: the job is the one saved in the run directory "
                    + "(job.conf); drop --job and --set");
        }
        if (resume == null && ConfigLoader.isSegmentation(job, sets)) {
            return segmentation();
        }
        // all validation happens before Spark starts
        JobConfig cfg = resume != null ? TrainJob.resumeConfig(resume) : JobConfig.load(job, sets);
        SparkSession spark = Sessions.create(cfg.spark());
        try {
            TrainJob.Outcome out = resume != null ? TrainJob.resume(spark, resume, dev.fulcrum.train.Trainer.EpochListener.NONE) : TrainJob.run(spark, cfg);
            print(out);
            return 0;
        } finally {
            spark.stop();
        }
    }

    private Integer segmentation() {
        SegJobConfig cfg = SegJobConfig.load(job, sets); // all validation happens before Spark starts
        boolean owned = SparkSession.getDefaultSession().isEmpty(); // embedded callers keep their session
        SparkSession spark = Sessions.create(cfg.spark());
        try {
            SegTrainJob.Outcome out = SegTrainJob.run(spark, cfg);
            SegMetrics t = out.metrics().test();
            System.out.println();
            System.out.printf(java.util.Locale.ROOT, "Test images: mean Dice %.4f (median %.4f; images with foreground "
                    + "%.4f), mean IoU %.4f, pixel PR-AUC %.4f, lesion recall %.3f at threshold %.3f (%s)%n",
                    t.allImages().meanDice(), t.allImages().medianDice(), t.imagesWithForeground().meanDice(),
                    t.allImages().meanIoU(), t.pixels().prAuc(), t.lesions().recall(), t.threshold().value(),
                    t.threshold().strategy());
            System.out.println("run directory: " + out.runDir());
            return 0;
        } finally {
            if (owned) {
                spark.stop();
            }
        }
    }

    private static void print(TrainJob.Outcome out) {
        TrainMetrics m = out.metrics();
        System.out.println();
        System.out.println("Test split metrics (threshold chosen on validation: " + m.threshold().value() + ")");
        System.out.println(Json.write(m.test()));
        if (m.bayesOptimal() != null) {
            System.out.println("Bayes-optimal on the same test rows: " + Json.write(m.bayesOptimal()));
        }
        System.out.println("run directory: " + out.runDir());
    }
}
