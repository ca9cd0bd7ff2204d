package dev.fulcrum.jobs;

import dev.fulcrum.compare.Baselines;
import dev.fulcrum.compare.CompareHtml;
import dev.fulcrum.compare.CompareReport;
import dev.fulcrum.compare.CompareSpec;
import dev.fulcrum.compare.Leaderboard;
import dev.fulcrum.compare.RunMetrics;
import dev.fulcrum.config.JobConfig;
import dev.fulcrum.error.BadInputException;
import dev.fulcrum.io.AtomicDirectory;
import dev.fulcrum.pipeline.Candidate;
import dev.fulcrum.pipeline.Evaluation;
import dev.fulcrum.pipeline.Ingested;
import dev.fulcrum.pipeline.Pipeline;
import dev.fulcrum.pipeline.PreparedData;
import dev.fulcrum.pipeline.Seeds;
import dev.fulcrum.pipeline.Workspace;
import dev.fulcrum.report.Json;
import dev.fulcrum.sampling.Resampler;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.spark.ml.Model;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The compare job: every {loss} × {sampling} cell of {@link CompareSpec} plus the MLlib baselines
 * on the same data. Rows are ingested once; per seed {@link Pipeline#prepare} runs once (split seed
 * = the compare seed) and every cell and baseline of that seed trains on that split, tunes its
 * threshold on its validation part and is measured on its test part. The seeds of a cell are
 * {@link Seeds#forComparison}, so {@code fulcrum train} with {@code splits[i].reproduce} rebuilds
 * it. A run that fails is recorded with its error and the comparison goes on.
 *
 * <p>Writes {@code <output.dir>/<job.name>-compare-<time>/compare.json + compare.html} atomically.
 * {@code trainSeconds} is the wall time of resampling + fitting (for networks it includes the
 * per-epoch validation scoring used to keep the best epoch).
 */
public final class CompareJob {
    private static final Logger LOG = LoggerFactory.getLogger(CompareJob.class);

    public record Outcome(String outputDir, Leaderboard leaderboard, CompareReport report) {
    }

    private CompareJob() {
    }

    public static Outcome run(SparkSession spark, JobConfig job, CompareSpec spec) {
        if (job.ensemble().enabled()) {
            for (CompareSpec.Cell c : spec.cells()) {
                if (!c.sampling().isEmpty()) {
                    throw new BadInputException("compare: ensemble.members = " + job.ensemble().members() + " makes "
                            + "every network an EasyEnsemble, which does its own undersampling; compare.samplings must "
                            + "be [ [] ] with it, got " + c.samplingDescription() + " in cell " + c.name());
                }
            }
        }
        long t0 = System.nanoTime();
        String id = RunIds.next(job.name() + "-compare");
        AtomicDirectory out = AtomicDirectory.start(job.outputDir() + "/" + id,
                spark.sparkContext().hadoopConfiguration(), AtomicDirectory.Temp.FIXED, false, "output.dir");
        try {
            Pipeline pipeline = new Pipeline(spark, job, Workspace.of(out.path("quarantine"), out.path("tmp")));
            Map<String, Double> timings = new LinkedHashMap<>();
            long t = System.nanoTime();
            Ingested in = pipeline.ingest(); // cached by ingest: every seed's split reads it
            timings.put("ingest", secs(t));
            Map<String, List<RunMetrics>> runs = new LinkedHashMap<>();
            spec.cells().forEach(c -> runs.put(c.name(), new ArrayList<>()));
            spec.baselines().forEach(b -> runs.put(b, new ArrayList<>()));
            List<CompareReport.SplitInfo> splits = new ArrayList<>();
            Progress progress = new Progress(spec.seeds().size() * (spec.cells().size() + spec.baselines().size()));
            for (long s : spec.seeds()) {
                Seeds seeds = Seeds.forComparison(job, s);
                t = System.nanoTime();
                PreparedData data = pipeline.prepare(in, seeds.split());
                timings.merge("split+scale", secs(t), Double::sum);
                splits.add(CompareReport.SplitInfo.of(data.trainCounts(), data.validationCounts(), data.testCounts(),
                        data.bayesPrAuc(), seeds.split(), seeds.overrides()));
                for (CompareSpec.Cell cell : spec.cells()) {
                    runs.get(cell.name()).add(measure(cell.name(), data, seeds, () -> pipeline.fit(data, cell.loss(),
                            cell.sampling(), seeds), pipeline));
                    progress.done(cell.name(), s);
                }
                for (String b : spec.baselines()) {
                    runs.get(b).add(measure(b, data, seeds, () -> baseline(b, spec, data, seeds), pipeline));
                    progress.done(b, s);
                }
                data.release();
            }
            in.in().release();
            out.delete("tmp");

            List<Leaderboard.Entry> entries = new ArrayList<>();
            for (CompareSpec.Cell c : spec.cells()) {
                boolean ensemble = job.ensemble().enabled();
                entries.add(new Leaderboard.Entry(ensemble ? c.name() + " as " + job.ensemble().describe() : c.name(),
                        ensemble ? "ensemble" : "network", c.loss().describe(),
                        ensemble ? job.ensemble().describe() : c.samplingDescription(), List.copyOf(runs.get(c.name()))));
            }
            for (String b : spec.baselines()) {
                entries.add(new Leaderboard.Entry(b, "baseline", Baselines.describe(b, spec), "no sampling",
                        List.copyOf(runs.get(b))));
            }
            Leaderboard board = new Leaderboard(entries);
            timings.put("total", secs(t0));
            var d = in.summary();
            CompareReport report = new CompareReport(id, job.name(),
                    new CompareReport.Data(d.input(), d.rows(), d.positives(), d.features(), in.in().hasBayes()),
                    CompareReport.Protocol.of(job, spec), List.copyOf(splits), board.rows(), timings, Json.read(job.renderResolved()));
            out.writeText("compare.json", Json.write(report));
            out.writeText("compare.html", CompareHtml.render(report, board, spec.curves()));
            out.publish();
            LOG.info("comparison published: " + out.target());
            return new Outcome(out.target().toString(), board, report);
        } catch (RuntimeException e) {
            out.abandon();
            throw e;
        }
    }

    /** Fits and evaluates one entry for one seed; a failure is recorded, not thrown. */
    private static RunMetrics measure(String name, PreparedData data, Seeds seeds, Supplier<Candidate> fit,
                                      Pipeline pipeline) {
        try {
            Candidate c = fit.get();
            Evaluation e = pipeline.evaluate(c, data, pipeline.job().threshold());
            return RunMetrics.of(seeds.split(), e.test(), e.threshold(), c.fitSeconds(), data.bayesPrAuc(),
                    c.bestEpoch());
        } catch (RuntimeException e) {
            LOG.warn("compare: " + name + " (seed " + seeds.split() + ") failed: " + e, e);
            return RunMetrics.failed(seeds.split(), data.testCounts().total(), data.testCounts().positives(),
                    e.toString());
        }
    }

    /** An MLlib baseline as a candidate: trained on the scaled, not resampled, training split. */
    private static Candidate baseline(String name, CompareSpec spec, PreparedData data, Seeds seeds) {
        long t = System.nanoTime();
        Model<?> model = Baselines.fit(name, data.train(), data.validation(), data.trainCounts(), spec, seeds.split());
        return new Candidate(Baselines.describe(name, spec), Resampler.describe(List.of()), seeds, rows -> Baselines.score(model, rows), null,
                null, List.of(), data.trainCounts(), 1, secs(t), Double.NaN, null);
    }

    /** Progress lines with an ETA. */
    private static final class Progress {
        private final int total;
        private final long start = System.nanoTime();
        private int done;

        Progress(int total) {
            this.total = total;
        }

        void done(String what, long seed) {
            done++;
            double elapsed = secs(start);
            LOG.info(String.format("compare: %d/%d done (%s, seed %d); %.0fs elapsed, ETA %.0fs", done, total, what,
                    seed, elapsed, elapsed / done * (total - done)));
        }
    }

    private static double secs(long nanos) {
        return (System.nanoTime() - nanos) / 1e9;
    }
}
