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
import dev.fulcrum.train.NetworkFactory;
import dev.fulcrum.tune.DistributedTrials;
import dev.fulcrum.tune.ParallelTrials;
import dev.fulcrum.tune.RungTrainer;
import dev.fulcrum.tune.SearchRows;
import dev.fulcrum.tune.SuccessiveHalving;
import dev.fulcrum.tune.Trial;
import dev.fulcrum.tune.TrialProgress;
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
 * broadcast rows), so trials run in parallel on every executor core ({@link ParallelTrials}).
 * When those rows would exceed {@code tune.maxDataMiB}, {@code tune.largeData} decides
 * ({@link SearchRows}): the search runs on a stratified sample that fits, or the trials run one
 * after another on every row through the job's Spark trainer ({@link DistributedTrials}), or the
 * job refuses. The test split is not touched by the search. Brackets of {@code tune.bracketTrials} fresh trials repeat this until
 * {@code tune.trials} have been drawn or {@code tune.minutes} are spent; the winner is the best
 * trial of the furthest rung any bracket reached, by validation AP. It is then retrained by {@link TrainJob} with its keys (up to
 * {@code maxEpochs}, early stopping with {@code tune.retrainPatience}) and published as a normal run;
 * {@code <output.dir>/<job.name>-tune-<time>/tune.json + tune.html} record every trial.
 */
public final class TuneJob {
    private static final Logger LOG = LoggerFactory.getLogger(TuneJob.class);

    public record Outcome(String outputDir, TuneReport report, TrainJob.Outcome published) {
    }

    private TuneJob() {
    }

    public static Outcome run(SparkSession spark, JobConfig job, TuneSpec spec) {
        if (job.ensemble().enabled()) {
            // the trials are single networks and most sampling choices resample, which an ensemble refuses
            throw new BadInputException("tune searches single networks, but the job sets ensemble.members = "
                    + job.ensemble().members() + "; tune with ensemble.members = 0, then train the winner's keys "
                    + "(tune.json: each trial's --set line) with sampling = [] and ensemble.members = N");
        }
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
                    .withValue("training.earlyStopping.patience", ConfigValueFactory.fromAnyRef(spec.retrainPatience()));
            int members = retrainMembers(spec, search);
            List<Integer> memberTrials = new ArrayList<>();
            if (members > 0) {
                winnerJob = winnerJob.withValue("ensemble.members", ConfigValueFactory.fromAnyRef(members))
                        .withValue("ensemble.ratio", ConfigValueFactory.fromAnyRef(allNegativesRatio(search)));
                List<Integer> from = spec.retrainFrom() == TuneSpec.RetrainFrom.FINALISTS ? eligibleFinalists(search)
                        : List.of(search.winner);
                for (int k = 0; k < members; k++) {
                    memberTrials.add(from.get(k % from.size()));
                }
                if (from.size() > 1) {
                    List<com.typesafe.config.ConfigObject> variants = new ArrayList<>();
                    for (int trial : from) {
                        variants.add(variant(search.trials.get(trial), search.space));
                    }
                    winnerJob = winnerJob.withValue("ensemble.variants", ConfigValueFactory.fromIterable(variants));
                }
            }
            LOG.info("tune: retraining the winner, trial " + search.winner + " ("
                    + search.trials.get(search.winner).describe(search.space) + "), as a published run"
                    + (members > 0 ? " of " + members + " networks averaged (tune.retrainMembers), of the keys of "
                    + "trials " + memberTrials : ""));
            TrainJob.Outcome published = TrainJob.run(spark, JobConfig.from(winnerJob));
            timings.put("retrain", secs(t));
            timings.put("total", secs(t0));
            TrainMetrics m = published.metrics();
            TuneReport report = new TuneReport(id, job.name(), search.budget, search.data, search.trainer,
                    search.sample, search.records,
                    search.winner, new TuneReport.Published(published.runDir(), m.validation().prAuc(),
                    m.test().prAuc(), m.test().rocAuc(),
                    m.bayesOptimal() == null ? null : m.bayesOptimal().modelPrAucFraction(), Math.max(members, 1),
                    List.copyOf(memberTrials)),
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

    /**
     * {@code tune.retrainMembers}, or 0 when the winner resamples (the ensemble takes no sampling of
     * its own: it is the resampling) or the table is above {@code tune.maxDataMiB} (the search ran on
     * a sample or distributed): there one network's seed matters little, and N members would cost N
     * times the training and each hold every row.
     */
    private static int retrainMembers(TuneSpec spec, Search search) {
        if (spec.retrainMembers() == 0) {
            return 0;
        }
        if (!search.everyRowBroadcast()) {
            LOG.info("tune: the training rows are above tune.maxDataMiB, so the winner is retrained as one network, "
                    + "not as the " + spec.retrainMembers() + " of tune.retrainMembers");
            return 0;
        }
        Trial w = search.trials.get(search.winner);
        if (w.resamples(search.space)) {
            LOG.info("tune: the winner resamples its training rows, so it is retrained as one network, not as the "
                    + spec.retrainMembers() + " of tune.retrainMembers (an ensemble refuses resampling)");
            return 0;
        }
        return spec.retrainMembers();
    }

    /**
     * The finalists a member may take, best validation AP first (the winner): those without
     * resampling (an ensemble refuses it) whose AP is a number (not diverged).
     */
    private static List<Integer> eligibleFinalists(Search search) {
        List<Integer> out = new ArrayList<>();
        for (int id : search.ranked) {
            if (!search.trials.get(id).resamples(search.space) && !Double.isNaN(search.finalistAp.get(id))) {
                out.add(id);
            }
        }
        return out;
    }

    /** A trial's keys as an {@code ensemble.variants} entry: all but its sampling (none) and seed (the member's). */
    private static com.typesafe.config.ConfigObject variant(Trial tr, TuneSpec.Space space) {
        Config v = com.typesafe.config.ConfigFactory.empty();
        for (Map.Entry<String, com.typesafe.config.ConfigValue> e : tr.keys(space).entrySet()) {
            if (!e.getKey().equals("sampling") && !e.getKey().equals("model.seed")) {
                v = v.withValue(e.getKey(), e.getValue());
            }
        }
        return v.root();
    }

    /** An ensemble.ratio that gives every member all the training negatives: negatives per positive, rounded up. */
    private static double allNegativesRatio(Search search) {
        int s = search.trials.get(search.winner).sampling();
        long rows = search.data.trainRowsBySampling().get(s);
        long positives = search.data.trainPositivesBySampling().get(s);
        return Math.max(1.0, Math.ceil((rows - positives) / (double) Math.max(1, positives)));
    }

    /**
     * What the search found, before the winner is retrained.
     *
     * @param space the tune space without the sampling choices this data cannot take
     */
    private record Search(TuneSpec.Space space, List<Trial> trials, List<TuneReport.TrialRecord> records, int winner,
                          List<Integer> ranked, Map<Integer, Double> finalistAp,
                          TuneReport.Budget budget, TuneReport.DataInfo data, String trainer, TuneReport.Sample sample,
                          String stoppedBy, boolean everyRowBroadcast) {
    }

    /** Where the brackets left the trials: their progress, last rung, bracket, and the finalists' best AP. */
    private record Brackets(Map<Integer, TrialProgress> progress, Map<Integer, Integer> reached,
                            Map<Integer, Integer> bracketOf, Map<Integer, Double> finalists, String stoppedBy) {
    }

    private static Search search(SparkSession spark, JobConfig job, TuneSpec spec, AtomicDirectory out,
                                 Map<String, Double> timings) {
        long t = System.nanoTime();
        Pipeline pipeline = new Pipeline(spark, job, Workspace.of(out.path("quarantine"), out.path("tmp")));
        Seeds seeds = Seeds.of(job);
        PreparedData data = pipeline.prepare(seeds.split());
        timings.put("ingest+split+scale", secs(t));
        boolean released = false;
        RungTrainer trainer = null;
        try {
            t = System.nanoTime();
            SearchRows rows = SearchRows.prepare(job, spec, data, seeds.model());
            TuneSpec.Space space = rows.space();
            List<Trial> trials = Trial.sample(space, spec.trials(), spec.seed(), job.model().seed());
            int parallelism;
            if (rows.distributed()) {
                trainer = new DistributedTrials(spark, job, space, trials, data, spec.patience(), out.path("quarantine"),
                        out.path("tmp"));
                parallelism = 1;
                timings.put("size", secs(t));
            } else {
                // the broadcast holds every row the search reads
                data.release();
                data.input().in().release();
                released = true;
                trainer = parallelTrials(spark, job, space, trials, rows, data.width(), spec.patience());
                parallelism = spark.sparkContext().defaultParallelism();
                timings.put("resample+collect", secs(t));
            }
            Brackets b = brackets(trainer, trials, spec, timings);
            List<Integer> ranked = b.finalists().keySet().stream().sorted(SuccessiveHalving.ranking(b.finalists()))
                    .toList();
            int winner = ranked.get(0);
            if (Double.isNaN(b.finalists().get(winner))) {
                throw new BadInputException("tune: every finalist diverged (validation AP NaN); narrow "
                        + "tune.space.learningRate towards smaller values");
            }
            List<TuneReport.TrialRecord> records = new ArrayList<>();
            for (Trial tr : trials) {
                TrialProgress p = b.progress().get(tr.id());
                if (p == null) {
                    continue; // its bracket did not start before the budget ran out
                }
                Map<String, Object> keys = new LinkedHashMap<>();
                tr.keys(space).forEach((k, v) -> keys.put(k, v.unwrapped()));
                records.add(new TuneReport.TrialRecord(tr.id(), b.bracketOf().get(tr.id()), tr.describe(space), keys,
                        tr.overrides(space), tr.modelSeed(), b.reached().get(tr.id()), p.epochs(), p.validationAp(),
                        p.best(), p.bestEpoch(), p.stopped(), b.finalists().containsKey(tr.id()), p.seconds(),
                        p.rungStarts()));
            }
            TuneReport.Budget budget = new TuneReport.Budget(spec.trials(), spec.bracketTrials(), spec.minutes(),
                    spec.rungs(), spec.reduction(), spec.patience(), spec.seed(), parallelism);
            return new Search(space, trials, records, winner, ranked, Map.copyOf(b.finalists()), budget,
                    dataInfo(rows, trainer, data.width()),
                    trainer.describe(), rows.sample(), b.stoppedBy(), !rows.distributed() && rows.sample() == null);
        } finally {
            if (trainer != null) {
                trainer.release();
            }
            if (!released) {
                data.release();
                data.input().in().release();
            }
        }
    }

    private static ParallelTrials parallelTrials(SparkSession spark, JobConfig job, TuneSpec.Space space,
                                                 List<Trial> trials, SearchRows rows, int width, int patience) {
        List<String> networks = new ArrayList<>();
        List<Integer> outputs = new ArrayList<>();
        for (Trial tr : trials) {
            JobConfig tj = JobConfig.from(tr.applyTo(job.resolved(), space));
            LossSpec loss = tj.loss();
            networks.add(NetworkFactory.build(tj.model(), tj.model().seed(), width, loss.outputColumns(),
                    loss.outputActivation(), loss.build(rows.counts().get(tr.sampling()))).toJson());
            outputs.add(loss.outputColumns());
        }
        return new ParallelTrials(new TrialRunner(JavaSparkContext.fromSparkContext(spark.sparkContext()),
                rows.broadcast()), trials, networks, outputs, patience);
    }

    /** Rows per sampling choice as the trials trained on them: broadcast, or as the distributed fits resampled. */
    private static TuneReport.DataInfo dataInfo(SearchRows rows, RungTrainer trainer, int width) {
        List<Long> trainRows = new ArrayList<>();
        List<Long> trainPositives = new ArrayList<>();
        Map<Integer, ClassCounts> fitted = trainer instanceof DistributedTrials d ? d.resampledCounts() : null;
        for (int i = 0; i < rows.counts().size(); i++) {
            ClassCounts c = fitted == null ? rows.counts().get(i) : fitted.get(i);
            trainRows.add(c == null ? null : c.total());
            trainPositives.add(c == null ? null : c.positives());
        }
        return new TuneReport.DataInfo(trainRows, trainPositives, rows.validation().total(),
                rows.validation().positives(), width);
    }

    /**
     * Synchronous successive halving in brackets of {@code tune.bracketTrials} fresh trials: every
     * trial of a bracket trains to the first rung's epochs, the best {@code 1/reduction} continue to
     * the next rung, and so on; no rung starts after {@code tune.minutes}.
     */
    private static Brackets brackets(RungTrainer trainer, List<Trial> trials, TuneSpec spec,
                                     Map<String, Double> timings) {
        List<Integer> rungs = spec.rungs();
        Map<Integer, TrialProgress> progress = new HashMap<>();
        Map<Integer, Integer> reached = new HashMap<>();
        Map<Integer, Integer> bracketOf = new HashMap<>();
        Map<Integer, Double> finalists = new LinkedHashMap<>();
        long searchStart = System.nanoTime();
        int brackets = (trials.size() + spec.bracketTrials() - 1) / spec.bracketTrials();
        for (int bracket = 0; bracket < brackets; bracket++) {
            int from = bracket * spec.bracketTrials();
            List<Integer> alive = trials.subList(from, Math.min(trials.size(), from + spec.bracketTrials()))
                    .stream().map(Trial::id).toList();
            Map<Integer, Double> best = new LinkedHashMap<>();
            for (int rung = 0; rung < rungs.size(); rung++) {
                if ((bracket > 0 || rung > 0) && secs(searchStart) / 60 >= spec.minutes()) {
                    LOG.warn(String.format(Locale.ROOT, "tune: the budget of %.1f min is spent (bracket %d of %d, "
                                    + "rung %d of %d); the winner is the best trial of the furthest rung of each "
                                    + "bracket that ran", spec.minutes(), bracket + 1, brackets, rung + 1,
                            rungs.size()));
                    finalists.putAll(best);
                    return new Brackets(progress, reached, bracketOf, finalists, "minutes");
                }
                int epochs = rungs.get(rung);
                long tr0 = System.nanoTime();
                List<TrialProgress> done = trainer.train(alive, epochs, "fulcrum: tuning bracket " + (bracket + 1)
                        + "/" + brackets + ", rung " + (rung + 1) + "/" + rungs.size() + " (" + alive.size()
                        + " trials to " + epochs + " epochs)");
                best = new LinkedHashMap<>();
                for (int k = 0; k < alive.size(); k++) {
                    progress.put(alive.get(k), done.get(k));
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
        return new Brackets(progress, reached, bracketOf, finalists, "schedule");
    }

    private static double secs(long nanos) {
        return (System.nanoTime() - nanos) / 1e9;
    }
}
