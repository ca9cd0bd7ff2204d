package dev.fulcrum.cli;

import dev.fulcrum.config.JobConfig;
import dev.fulcrum.jobs.Sessions;
import dev.fulcrum.jobs.TuneJob;
import dev.fulcrum.tune.TuneReport;
import dev.fulcrum.tune.TuneSpec;
import java.io.File;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "tune", mixinStandardHelpOptions = true,
        description = {"Search loss, sampling, learning rate, widths, dropout and batch size (the job's tune{} block)",
                "on the validation split: trials run in parallel as Spark tasks, successive halving stops weak ones",
                "early. The winner is retrained and published as a normal run (<output.dir>/<run-id>, latest moves);",
                "<output.dir>/<job.name>-tune-<time>/tune.json and tune.html record every trial."})
final class TuneCommand implements Callable<Integer> {
    @Option(names = "--job", description = "HOCON job file (e.g. jobs/fraud-baseline.conf); defaults: conf/defaults.conf.")
    File job;
    @Option(names = "--set", description = "Override a job key, e.g. --set tune.maxEpochs=9 (repeatable).")
    List<String> sets = new ArrayList<>();
    @Option(names = "--trials", description = "Budget: configurations to try (default tune.trials).")
    Integer trials;
    @Option(names = "--minutes", description = "Budget: wall minutes; no new rung starts after them (default tune.minutes).")
    Double minutes;
    @Option(names = "--verbose", description = "Print stack traces for input errors.")
    boolean verbose;

    @Override
    public Integer call() {
        JobConfig cfg = JobConfig.load(job, sets); // all validation happens before Spark starts
        if (trials != null && trials < 1) {
            throw new dev.fulcrum.error.BadInputException("--trials must be >= 1; got " + trials);
        }
        if (minutes != null && !(minutes > 0)) {
            throw new dev.fulcrum.error.BadInputException("--minutes must be > 0; got " + minutes);
        }
        TuneSpec spec = TuneSpec.parse(cfg.resolved().getConfig("tune")).withBudget(trials, minutes);
        SparkSession spark = Sessions.create(cfg.spark());
        try {
            TuneJob.Outcome out = TuneJob.run(spark, cfg, spec);
            TuneReport r = out.report();
            System.out.println();
            if (r.sample() != null) {
                System.out.printf(java.util.Locale.ROOT, "searched on a stratified sample of %.4g of the training and "
                                + "validation rows (%d of %d training rows, %d of %d validation positives): %s; the "
                                + "winner was retrained on every row%n", r.sample().rate(), r.sample().train().sampledRows(),
                        r.sample().train().rows(), r.sample().validation().sampledPositives(),
                        r.sample().validation().positives(), r.sample().reason());
            }
            System.out.println("trials: " + r.trainer());
            System.out.println("winner: trial " + r.winner() + " — " + r.trials().get(r.winner()).config());
            System.out.printf("validation AP in the search %.4f; published run: validation PR-AUC %.4f, test PR-AUC %.4f%n",
                    r.trials().get(r.winner()).best(), r.published().validationPrAuc(), r.published().testPrAuc());
            if (r.published().networks() > 1) {
                System.out.println("published as " + r.published().networks() + " networks averaged (tune.retrainMembers), "
                        + "of the keys of trials " + r.published().memberTrials());
            }
            System.out.println("run directory: " + out.published().runDir());
            System.out.println("tuning: " + out.outputDir());
            return 0;
        } finally {
            spark.stop();
        }
    }
}
