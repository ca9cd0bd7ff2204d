package dev.fulcrum.jobs;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigValueFactory;
import dev.fulcrum.config.JobConfig;
import dev.fulcrum.data.ClassCounts;
import dev.fulcrum.error.BadInputException;
import dev.fulcrum.io.AtomicDirectory;
import dev.fulcrum.loss.LossSpec;
import dev.fulcrum.pipeline.Pipeline;
import dev.fulcrum.pipeline.PreparedData;
import dev.fulcrum.pipeline.Seeds;
import dev.fulcrum.pipeline.Workspace;
import dev.fulcrum.report.Json;
import dev.fulcrum.results.TrainMetrics;
import dev.fulcrum.sampling.ResampleChain;
import dev.fulcrum.train.ArrayFit;
import dev.fulcrum.train.NetworkFactory;
import dev.fulcrum.tune.SuccessiveHalving;
import dev.fulcrum.tune.Trial;
import dev.fulcrum.tune.TrialRunner;
import dev.fulcrum.tune.TuneHtml;
import dev.fulcrum.tune.TuneReport;
import dev.fulcrum.tune.TuneSpec;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The tune job: one split and scaler ({@link Pipeline#prepare} with the job's split seed), the
 * training split resampled once per sampling choice of the space (training rows only; validation
 * and test are never resampled), {@code tune.trials} configurations drawn from the space, and
 * synchronous successive halving over them: every trial trains to the first rung's epochs, the
 * best {@code 1/reduction} by validation AP continue to the next rung, and so on to
 * {@code maxEpochs}. Each rung is one Spark job with a task per trial (a single-JVM fit on
 * broadcast rows), so trials run in parallel on every executor core. The test split is not
 * touched by the search. Brackets of {@code tune.bracketTrials} fresh trials repeat this until
 * {@code tune.trials} have been drawn or {@code tune.minutes} are spent; the winner is the best
 * trial of the furthest rung any bracket reached, by validation AP. It is then retrained by {@link TrainJob} with its keys (up to
 * {@code maxEpochs}, early stopping with {@code tune.patience}) and published as a normal run;
 * {@code <output.dir>/<job.name>-tune-<time>/tune.json + tune.html} record every trial.
 */
public final class TuneJob {
    private static final Logger LOG = LoggerFactory.getLogger(TuneJob.class);

    public record Outcome(String outputDir, TuneReport report, TrainJob.Outcome published) {
    }

    private TuneJob() {
    }

    public static Outcome run(SparkSession spark, JobConfig job, TuneSpec spec) {
        long t0 = System.nanoTime();
        String id = RunIds.next(job.name() + "-tune");
        AtomicDirectory out = AtomicDirectory.start(job.outputDir() + "/" + id,
                spark.sparkContext().hadoopConfiguration(), AtomicDirectory.Temp.FIXED, false, "output.dir");
        try {
            Map<String, Double> timings = new LinkedHashMap<>();
            Search search = search(spark, job, spec, out, timings);
            long t = System.nanoTime();
            Config winnerJob = search.trials.get(search.winner).applyTo(job.resolved(), search.space)
                    .withValue("training.epochs", ConfigValueFactory.fromAnyRef(spec.maxEpochs()))
                    .withValue("training.earlyStopping.patience", ConfigValueFactory.fromAnyRef(spec.patience()));
            LOG.info("tune: retraining the winner, trial " + search.winner + " ("
                    + search.trials.get(search.winner).describe(search.space) + "), as a published run");
            TrainJob.Outcome published = TrainJob.run(spark, JobConfig.from(winnerJob));
            timings.put("retrain", secs(t));
            timings.put("total", secs(t0));
            TrainMetrics m = published.metrics();
            TuneReport report = new TuneReport(id, job.name(), search.budget, search.data, search.records,
                    search.winner, new TuneReport.Published(published.runDir(), m.validation().prAuc(),
                    m.test().prAuc(), m.test().rocAuc(),
                    m.bayesOptimal() == null ? null : m.bayesOptimal().modelPrAucFraction()),
                    search.stoppedBy, timings, Json.read(job.renderResolved()));
            out.writeText("tune.json", Json.write(report));
            out.writeText("tune.html", TuneHtml.render(report));
            out.publish();
            LOG.info("tuning published: " + out.target() + "; winner run: " + published.runDir());
            return new Outcome(out.target().toString(), report, published);
        } catch (RuntimeException e) {
            out.abandon();
            throw e;
        }
    }

    /** What the search found, before the winner is retrained. */
    /** @param space the tune space without the sampling choices this data cannot take */
    private record Search(TuneSpec.Space space, List<Trial> trials, List<TuneReport.TrialRecord> records, int winner,
                          TuneReport.Budget budget, TuneReport.DataInfo data, String stoppedBy) {
    }

    private static Search search(SparkSession spark, JobConfig job, TuneSpec spec, AtomicDirectory out,
                                 Map<String, Double> timings) {
        long t = System.nanoTime();
        Pipeline pipeline = new Pipeline(spark, job, Workspace.of(out.path("quarantine"), out.path("tmp")));
        Seeds seeds = Seeds.of(job);
        PreparedData data = pipeline.prepare(seeds.split());
        timings.put("ingest+split+scale", secs(t));
        TuneSpec.Space space;
        List<Trial> trials;
        TrialRunner runner;
        List<ClassCounts> counts = new ArrayList<>();
        List<String> networks = new ArrayList<>();
        List<Integer> outputs = new ArrayList<>();
        TuneReport.DataInfo info;
        try {
            t = System.nanoTime();
            List<ArrayFit.Rows> sets = new ArrayList<>();
            List<Long> rows = new ArrayList<>();
            List<Long> positives = new ArrayList<>();
            List<com.typesafe.config.ConfigValue> usable = new ArrayList<>();
            for (int i = 0; i < spec.space().samplings().size(); i++) {
                com.typesafe.config.ConfigValue choice = spec.space().samplings().get(i);
                ArrayFit.Rows s;
                try {
                    JobConfig sj = JobConfig.from(job.resolved().withValue("sampling", choice));
                    ResampleChain.Result r = ResampleChain.run(data.train(), sj.sampling(), seeds.model(), data.layout());
                    try {
                        s = ArrayFit.collect(r.train());
                    } finally {
                        r.release();
                    }
                } catch (BadInputException e) {
                    // e.g. undersampling to 1:10 on a table that is 1:3 already: a choice this data cannot take
                    LOG.warn("tune: tune.space.sampling[" + i + "] does not apply to this data and is left out: "
                            + e.getMessage());
                    continue;
                }
                long pos = 0;
                for (int k = 0; k < s.size(); k++) {
                    pos += s.label(k) > 0.5 ? 1 : 0;
                }
                ClassCounts c = new ClassCounts(s.size() - pos, pos);
                if (c.positives() == 0 || c.negatives() == 0) {
                    LOG.warn("tune: tune.space.sampling[" + i + "] leaves a single class in the training split ("
                            + c.negatives() + " negatives, " + c.positives() + " positives) and is left out");
                    continue;
                }
                usable.add(choice);
                sets.add(s);
                counts.add(c);
                rows.add(c.total());
                positives.add(c.positives());
            }
            if (usable.isEmpty()) {
                throw new BadInputException("tune.space.sampling: no choice applies to this data (see the warnings "
                        + "above); add [] (no resampling) to the list");
            }
            TuneSpec.Space all = spec.space();
            space = new TuneSpec.Space(all.losses(), List.copyOf(usable), all.lrMin(), all.lrMax(), all.hidden(),
                    all.dropoutMin(), all.dropoutMax(), all.batchSizes());
            trials = Trial.sample(space, spec.trials(), spec.seed(), job.model().seed());
            ArrayFit.Rows validation = ArrayFit.collect(data.validation());
            TrialRunner.Data shared = new TrialRunner.Data(sets, validation);
            double mib = shared.bytes() / 1048576.0;
            if (mib > spec.maxDataMiB()) {
                throw new BadInputException(String.format(Locale.ROOT, "tune: the training rows of the space's "
                        + "sampling choices and the validation rows take %.0f MiB, above tune.maxDataMiB = %d: every "
                        + "trial task holds them. Add undersampling to tune.space.sampling, tune on a sample of the "
                        + "data, or raise tune.maxDataMiB (and the executors' memory)", mib, spec.maxDataMiB()));
            }
            info = new TuneReport.DataInfo(rows, positives, validation.size(), data.validationCounts().positives(),
                    validation.width());
            for (Trial tr : trials) {
                JobConfig tj = JobConfig.from(tr.applyTo(job.resolved(), space));
                LossSpec loss = tj.loss();
                networks.add(NetworkFactory.build(tj.model(), tj.model().seed(), validation.width(),
                        loss.outputColumns(), loss.outputActivation(), loss.build(counts.get(tr.sampling()))).toJson());
                outputs.add(loss.outputColumns());
            }
            runner = new TrialRunner(JavaSparkContext.fromSparkContext(spark.sparkContext()), shared);
            timings.put("resample+collect", secs(t));
        } finally {
            data.release();
            data.input().in().release();
        }

        int parallelism = spark.sparkContext().defaultParallelism();
        List<Integer> rungs = spec.rungs();
        Map<Integer, ArrayFit.State> states = new HashMap<>();
        Map<Integer, Integer> reached = new HashMap<>();
        Map<Integer, Integer> bracketOf = new HashMap<>();
        Map<Integer, Double> finalists = new LinkedHashMap<>();
        String stoppedBy = "schedule";
        long searchStart = System.nanoTime();
        int brackets = (trials.size() + spec.bracketTrials() - 1) / spec.bracketTrials();
        try {
            search:
            for (int bracket = 0; bracket < brackets; bracket++) {
                int from = bracket * spec.bracketTrials();
                List<Integer> alive = trials.subList(from, Math.min(trials.size(), from + spec.bracketTrials()))
                        .stream().map(Trial::id).toList();
                Map<Integer, Double> best = new LinkedHashMap<>();
                for (int rung = 0; rung < rungs.size(); rung++) {
                    if ((bracket > 0 || rung > 0) && secs(searchStart) / 60 >= spec.minutes()) {
                        stoppedBy = "minutes";
                        LOG.warn(String.format(Locale.ROOT, "tune: the budget of %.1f min is spent (bracket %d of %d, "
                                        + "rung %d of %d); the winner is the best trial of the furthest rung of each "
                                        + "bracket that ran", spec.minutes(), bracket + 1, brackets, rung + 1,
                                rungs.size()));
                        finalists.putAll(best);
                        break search;
                    }
                    int epochs = rungs.get(rung);
                    List<TrialRunner.Task> tasks = new ArrayList<>();
                    for (int idx : alive) {
                        Trial tr = trials.get(idx);
                        tasks.add(new TrialRunner.Task(idx, networks.get(idx), states.get(idx), tr.sampling(),
                                outputs.get(idx), tr.batchSize(), tr.modelSeed(), epochs, spec.patience()));
                    }
                    long tr0 = System.nanoTime();
                    List<ArrayFit.State> done = runner.run(tasks, "fulcrum: tuning bracket " + (bracket + 1) + "/"
                            + brackets + ", rung " + (rung + 1) + "/" + rungs.size() + " (" + alive.size()
                            + " trials to " + epochs + " epochs)");
                    best = new LinkedHashMap<>();
                    for (int k = 0; k < alive.size(); k++) {
                        states.put(alive.get(k), done.get(k));
                        reached.put(alive.get(k), rung);
                        bracketOf.put(alive.get(k), bracket);
                        best.put(alive.get(k), done.get(k).best());
                    }
                    timings.merge("search", secs(tr0), Double::sum);
                    int leader = best.keySet().stream().sorted(SuccessiveHalving.ranking(best)).findFirst().orElseThrow();
                    LOG.info(String.format(Locale.ROOT, "tune: bracket %d/%d, rung %d/%d done in %.1fs: %d trials at %d "
                                    + "epochs; best validation AP %.4f (trial %d)", bracket + 1, brackets, rung + 1,
                            rungs.size(), secs(tr0), alive.size(), epochs, best.get(leader), leader));
                    if (rung < rungs.size() - 1) {
                        alive = SuccessiveHalving.promote(best, spec.reduction());
                    }
                }
                finalists.putAll(best); // the trials of the bracket's last rung
            }
        } finally {
            runner.release();
        }
        int winner = finalists.keySet().stream().sorted(SuccessiveHalving.ranking(finalists)).findFirst().orElseThrow();
        if (Double.isNaN(finalists.get(winner))) {
            throw new BadInputException("tune: every finalist diverged (validation AP NaN); narrow "
                    + "tune.space.learningRate towards smaller values");
        }
        List<TuneReport.TrialRecord> records = new ArrayList<>();
        for (Trial tr : trials) {
            ArrayFit.State s = states.get(tr.id());
            if (s == null) {
                continue; // its bracket did not start before the budget ran out
            }
            Map<String, Object> keys = new LinkedHashMap<>();
            tr.keys(space).forEach((k, v) -> keys.put(k, v.unwrapped()));
            List<Double> ap = new ArrayList<>();
            for (double v : s.validationAp()) {
                ap.add(v);
            }
            records.add(new TuneReport.TrialRecord(tr.id(), bracketOf.get(tr.id()), tr.describe(space), keys,
                    tr.overrides(space), tr.modelSeed(), reached.get(tr.id()), s.epochs(), ap, s.best(), s.bestEpoch(),
                    s.stopped(), finalists.containsKey(tr.id()), s.seconds()));
        }
        TuneReport.Budget budget = new TuneReport.Budget(spec.trials(), spec.bracketTrials(), spec.minutes(), rungs,
                spec.reduction(), spec.patience(), spec.seed(), parallelism);
        return new Search(space, trials, records, winner, budget, info, stoppedBy);
    }

    private static double secs(long nanos) {
        return (System.nanoTime() - nanos) / 1e9;
    }
}
