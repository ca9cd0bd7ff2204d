package dev.fulcrum.cli;

import dev.fulcrum.jobs.CompareJob;
import dev.fulcrum.compare.CompareSpec;
import dev.fulcrum.compare.Leaderboard;
import dev.fulcrum.compare.RunMetrics;
import dev.fulcrum.config.ConfigLoader;
import dev.fulcrum.config.JobConfig;
import dev.fulcrum.config.SegJobConfig;
import dev.fulcrum.jobs.SegCompareJob;
import dev.fulcrum.jobs.Sessions;
import java.io.File;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "compare", mixinStandardHelpOptions = true,
        description = {"Compare imbalance losses x resampling recipes (the job's compare{} block) over several seeds",
                "on shared splits, against MLlib baselines (weighted LogisticRegression, GBTClassifier). Writes",
                "<output.dir>/<job.name>-compare-<time>/compare.json and compare.html."})
final class CompareCommand implements Callable<Integer> {
    @Option(names = "--job", description = "HOCON job file with a compare{} block (e.g. jobs/compare-fraud.conf).")
    File job;
    @Option(names = "--set", description = "Override a job key, e.g. --set compare.seeds=[1] (repeatable).")
    List<String> sets = new ArrayList<>();
    @Option(names = "--verbose", description = "Print stack traces for input errors.")
    boolean verbose;

    @Override
    public Integer call() {
        if (ConfigLoader.isSegmentation(job, sets)) {
            return segmentation();
        }
        JobConfig cfg = JobConfig.load(job, sets); // all validation happens before Spark starts
        CompareSpec spec = CompareSpec.parse(cfg.resolved().getConfig("compare"));
        SparkSession spark = Sessions.create(cfg.spark());
        try {
            CompareJob.Outcome out = CompareJob.run(spark, cfg, spec);
            System.out.println();
            System.out.printf("%-4s %-60s %-18s %-18s %-12s%n", "#", "entry", "PR-AUC", "recall@P0.9", "PR-AUC/Bayes");
            List<Leaderboard.Entry> e = out.leaderboard().entries();
            for (int i = 0; i < e.size(); i++) {
                System.out.printf("%-4d %-60s %-18s %-18s %-12s%n", i + 1, e.get(i).name(), e.get(i).prAuc().format(4),
                        e.get(i).stat(RunMetrics::recallAtPrecision90).format(3),
                        e.get(i).stat(RunMetrics::bayesFraction).format(3));
            }
            System.out.println("comparison: " + out.outputDir());
            return 0;
        } finally {
            spark.stop();
        }
    }

    private Integer segmentation() {
        SegJobConfig cfg = SegJobConfig.load(job, sets);
        boolean owned = SparkSession.getDefaultSession().isEmpty(); // embedded callers keep their session
        SparkSession spark = Sessions.create(cfg.spark());
        try {
            SegCompareJob.Outcome out = SegCompareJob.run(spark, cfg);
            System.out.println();
            System.out.printf("%-4s %-50s %-18s %-18s %-18s%n", "#", "loss", "test mean Dice", "pixel PR-AUC",
                    "lesion recall");
            for (int i = 0; i < out.leaderboard().size(); i++) {
                SegCompareJob.Ranked r = out.leaderboard().get(i);
                System.out.printf("%-4d %-50s %-18s %-18s %-18s%n", i + 1, r.loss(), r.meanDice().format(4),
                        r.pixelPrAuc().format(4), r.lesionRecall().format(3));
            }
            System.out.println("comparison: " + out.outputDir());
            return 0;
        } finally {
            if (owned) {
                spark.stop();
            }
        }
    }
}
