package dev.fulcrum.cli;

import dev.fulcrum.config.JobConfig;
import dev.fulcrum.jobs.Sessions;
import dev.fulcrum.jobs.RetrainJob;
import dev.fulcrum.registry.RetrainSettings;
import dev.fulcrum.report.Json;
import java.io.File;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "retrain", mixinStandardHelpOptions = true,
        description = {"Train a challenger with the job, register it in the file-based registry (registry.dir/<model>/<version>/),",
                "evaluate champion and challenger on the same fresh holdout and move CHAMPION only if the challenger",
                "wins by registry.margin on registry.metric. One run per model at a time (a lock; stale locks are broken)."})
final class RetrainCommand implements Callable<Integer> {
    @Option(names = "--job", description = "HOCON job file (e.g. jobs/fraud-nightly.conf).")
    File job;
    @Option(names = "--set", description = "Override a job key, e.g. --set registry.margin=0.01 (repeatable).")
    List<String> sets = new ArrayList<>();
    @Option(names = "--verbose", description = "Print stack traces for input errors.")
    boolean verbose;

    @Override
    public Integer call() {
        JobConfig cfg = JobConfig.load(job, sets);
        RetrainSettings settings = RetrainSettings.from(cfg); // validated before Spark starts
        boolean owned = SparkSession.getDefaultSession().isEmpty();
        SparkSession spark = Sessions.create(cfg.spark());
        try {
            RetrainJob.Outcome o = RetrainJob.run(spark, cfg, settings);
            System.out.println(Json.write(o.report()));
            System.out.println((o.promoted() ? "promoted " : "kept champion " + o.champion() + "; registered ")
                    + settings.model() + "/" + o.version());
            return 0;
        } finally {
            if (owned) {
                spark.stop();
            }
        }
    }
}
