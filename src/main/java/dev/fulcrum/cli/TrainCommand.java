package dev.fulcrum.cli;

import dev.fulcrum.config.JobConfig;
import dev.fulcrum.jobs.Sessions;
import dev.fulcrum.jobs.TrainJob;
import dev.fulcrum.report.Json;
import java.io.File;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "train", mixinStandardHelpOptions = true,
        description = {"Run a training job: ingest + validate, stratified split, scaling, resampling, DL4J training",
                "(parameter averaging on Spark), evaluation at a threshold tuned on validation. Writes",
                "<output.dir>/<run-id>/ (model/, metrics.json, provenance.json) and moves <output.dir>/latest."})
final class TrainCommand implements Callable<Integer> {
    @Option(names = "--job", description = "HOCON job file (e.g. jobs/fraud-baseline.conf); defaults: conf/defaults.conf.")
    File job;
    @Option(names = "--set", description = "Override a job key, e.g. --set training.epochs=3 (repeatable).")
    List<String> sets = new ArrayList<>();
    @Option(names = "--verbose", description = "Print stack traces for input errors.")
    boolean verbose;

    @Override
    public Integer call() {
        JobConfig cfg = JobConfig.load(job, sets); // all validation happens before Spark starts
        SparkSession spark = Sessions.create(cfg.spark());
        try {
            TrainJob.Outcome out = TrainJob.run(spark, cfg);
            print(out);
            return 0;
        } finally {
            spark.stop();
        }
    }

    @SuppressWarnings("unchecked")
    private static void print(TrainJob.Outcome out) {
        Map<String, Object> m = out.metrics();
        Map<String, Object> test = (Map<String, Object>) m.get("test");
        System.out.println();
        System.out.println("Test split metrics (threshold chosen on validation: " + ((Map<String, Object>) m.get("threshold")).get("value") + ")");
        System.out.println(Json.write(test));
        if (m.containsKey("bayesOptimal")) {
            System.out.println("Bayes-optimal on the same test rows: " + Json.write(m.get("bayesOptimal")));
        }
        System.out.println("run directory: " + out.runDir());
    }
}
