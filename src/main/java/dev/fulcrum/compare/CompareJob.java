package dev.fulcrum.compare;

import dev.fulcrum.data.DataConfig;
import dev.fulcrum.config.JobConfig;
import dev.fulcrum.error.BadInputException;
import dev.fulcrum.train.ModelConfig;
import dev.fulcrum.data.ClassCounts;
import dev.fulcrum.data.Columns;
import dev.fulcrum.data.GeneratedData;
import dev.fulcrum.data.Ingest;
import dev.fulcrum.eval.BinaryEvaluator;
import dev.fulcrum.eval.ScoreSummary;
import dev.fulcrum.eval.ThresholdSelector;
import dev.fulcrum.features.FeatureScaling;
import dev.fulcrum.report.Json;
import dev.fulcrum.sampling.Resampler;
import dev.fulcrum.sampling.SplitSpec;
import dev.fulcrum.sampling.Splits;
import dev.fulcrum.sampling.StratifiedSplitter;
import dev.fulcrum.train.NetworkFactory;
import dev.fulcrum.train.NetworkScorer;
import dev.fulcrum.train.Trainer;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.ml.Model;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The compare job: every {loss} × {sampling} cell of {@link CompareSpec}, plus the MLlib
 * baselines, on the same data. Rows are ingested once; per seed the stratified split (split seed
 * = the compare seed) and the scaler (fitted on train) are computed once and cached, and every
 * cell and baseline of that seed trains on that train split, tunes its threshold on that
 * validation split and is measured on that test split. A seed also fixes the resampling, the
 * weight initialisation (model.seed + seed) and the minibatch order. The other stages (model,
 * training, threshold strategy) come from the job's blocks, exactly as in the train job.
 *
 * <p>Writes {@code <output.dir>/<job.name>-compare-<time>/compare.json + compare.html}
 * atomically. {@code trainSeconds} is the wall time of resampling + fitting (for networks it
 * includes the per-epoch validation scoring used to keep the best epoch). A run that fails is
 * recorded with its error and the comparison goes on.
 */
public final class CompareJob {
    private static final Logger LOG = LoggerFactory.getLogger(CompareJob.class);

    public record Outcome(String outputDir, Leaderboard leaderboard, Map<String, Object> summary) {
    }

    /** The cached, scaled splits of one seed. */
    private record SeedData(long seed, Dataset<Row> train, Dataset<Row> validation, Dataset<Row> test,
                            ClassCounts trainCounts, ClassCounts testCounts, double bayesPrAuc) {
        void unpersist() {
            train.unpersist();
            validation.unpersist();
            test.unpersist();
        }
    }

    private CompareJob() {
    }

    public static Outcome run(SparkSession spark, JobConfig job, CompareSpec spec) {
        long t0 = System.nanoTime();
        String id = job.name() + "-compare-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
        AtomicOutput out = AtomicOutput.start(job.outputDir(), id, spark.sparkContext().hadoopConfiguration());
        try {
            Outcome o = execute(spark, job, spec, out, id, t0);
            out.publish();
            LOG.info("comparison published: " + out.finalPath());
            return new Outcome(out.finalPath(), o.leaderboard(), o.summary());
        } catch (RuntimeException e) {
            out.abandon();
            throw e;
        }
    }

    private static Outcome execute(SparkSession spark, JobConfig job, CompareSpec spec, AtomicOutput out, String id,
                                   long t0) {
        Map<String, Double> timings = new LinkedHashMap<>();
        long t = System.nanoTime();
        DataConfig data = job.data();
        if (data.generated()) {
            String path = GeneratedData.defaultPath(job.outputDir() + "/data", data.generate());
            GeneratedData.writeIfAbsent(spark, data.generate(), path, true, false);
            data = new DataConfig(path, data.generate().format(), "Class", data.features(), data.idColumns(),
                    data.onBadRow(), data.generate());
        }
        Ingest.Result in = Ingest.read(spark, data, out.path("quarantine"));
        Dataset<Row> rows = in.rows().persist(StorageLevel.MEMORY_AND_DISK());
        timings.put("ingest", secs(t));
        LOG.info(String.format("compare: %d rows (%d positives) ingested in %.0fs; %d cells + %d baselines x %d seeds",
                in.counts().total(), in.counts().positives(), secs(t), spec.cells().size(), spec.baselines().size(),
                spec.seeds().size()));

        Map<String, List<RunMetrics>> runs = new LinkedHashMap<>();
        spec.cells().forEach(c -> runs.put(c.name(), new ArrayList<>()));
        spec.baselines().forEach(b -> runs.put(b, new ArrayList<>()));
        List<Map<String, Object>> splitInfo = new ArrayList<>();
        int total = spec.seeds().size() * (spec.cells().size() + spec.baselines().size());
        int done = 0;
        long loopStart = System.nanoTime();
        for (long seed : spec.seeds()) {
            t = System.nanoTime();
            SeedData sd = prepare(rows, in, job, seed);
            splitInfo.add(splitMap(sd));
            timings.merge("split+scale", secs(t), Double::sum);
            LOG.info(String.format("compare: seed %d split + scaled in %.0fs (train %d rows, %d positives)", seed,
                    secs(t), sd.trainCounts().total(), sd.trainCounts().positives()));
            for (CompareSpec.Cell cell : spec.cells()) {
                runs.get(cell.name()).add(runCell(spark, job, cell, sd, in.features().size(), out));
                LOG.info(progress(++done, total, loopStart, cell.name(), seed));
            }
            for (String b : spec.baselines()) {
                runs.get(b).add(runBaseline(b, job, spec, sd));
                LOG.info(progress(++done, total, loopStart, b, seed));
            }
            sd.unpersist();
        }
        rows.unpersist();
        out.delete("tmp");

        List<Leaderboard.Entry> entries = new ArrayList<>();
        for (CompareSpec.Cell c : spec.cells()) {
            entries.add(new Leaderboard.Entry(c.name(), "network", c.loss().describe(), c.samplingDescription(),
                    List.copyOf(runs.get(c.name()))));
        }
        for (String b : spec.baselines()) {
            entries.add(new Leaderboard.Entry(b, "baseline", Baselines.describe(b, spec), "no sampling",
                    List.copyOf(runs.get(b))));
        }
        Leaderboard board = new Leaderboard(entries);
        timings.put("total", secs(t0));

        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("compareRunId", id);
        summary.put("job", job.name());
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("input", data.input());
        d.put("rows", in.counts().total());
        d.put("positives", in.counts().positives());
        d.put("features", in.features().size());
        d.put("hasBayesScore", in.hasBayes());
        summary.put("data", d);
        summary.put("protocol", protocol(job, spec));
        summary.put("splits", splitInfo);
        summary.put("leaderboard", board.toMaps());
        summary.put("timings", timings);
        summary.put("resolvedJob", Json.read(job.renderResolved()));
        out.writeText("compare.json", Json.write(summary));
        out.writeText("compare.html", CompareHtml.render(summary, board, spec.curves()));
        return new Outcome(out.finalPath(), board, summary);
    }

    private static SeedData prepare(Dataset<Row> rows, Ingest.Result in, JobConfig job, long seed) {
        SplitSpec s = job.split();
        Splits splits = StratifiedSplitter.split(rows, Columns.LABEL,
                SplitSpec.of(s.train(), s.validation(), s.test(), seed, s.groupBy(), s.timeColumn()));
        PipelineModel scaler = FeatureScaling.fit(splits.train(), in.features(), job.scaling());
        Dataset<Row> train = scaler.transform(splits.train()).persist(StorageLevel.MEMORY_AND_DISK());
        Dataset<Row> val = scaler.transform(splits.validation()).persist(StorageLevel.MEMORY_AND_DISK());
        Dataset<Row> test = scaler.transform(splits.test()).persist(StorageLevel.MEMORY_AND_DISK());
        ClassCounts trainCounts = ClassCounts.of(train, Columns.LABEL);
        ClassCounts testCounts = ClassCounts.of(test, Columns.LABEL);
        double bayes = in.hasBayes()
                ? BinaryEvaluator.summarize(test, Columns.BAYES_SCORE, Columns.LABEL).averagePrecision() : Double.NaN;
        return new SeedData(seed, train, val, test, trainCounts, testCounts, bayes);
    }

    private static RunMetrics runCell(SparkSession spark, JobConfig job, CompareSpec.Cell cell, SeedData sd,
                                      int nIn, AtomicOutput out) {
        List<Dataset<Row>> cached = new ArrayList<>();
        try {
            long t = System.nanoTime();
            Dataset<Row> train = sd.train();
            ClassCounts counts = sd.trainCounts();
            int i = 0;
            for (Resampler r : cell.sampling()) {
                train = r.resample(train, sd.seed() * 1000 + (++i)).persist(StorageLevel.MEMORY_AND_DISK());
                cached.add(train);
                counts = ClassCounts.of(train, Columns.LABEL);
            }
            if (counts.positives() == 0 || counts.negatives() == 0) {
                throw new BadInputException("sampling leaves a single class (" + counts.negatives() + " negatives, "
                        + counts.positives() + " positives)");
            }
            int outputs = cell.loss().outputColumns();
            ModelConfig m = job.model();
            ModelConfig seeded = new ModelConfig(m.hidden(), m.activation(), m.dropout(), m.l2(), m.updater(),
                    m.learningRate(), m.momentum(), m.schedule(), m.decay(), m.decaySteps(), m.seed() + sd.seed());
            MultiLayerConfiguration conf = NetworkFactory.build(seeded, nIn, outputs, cell.loss().outputActivation(),
                    cell.loss().build(counts));
            String export = out.path("tmp/export-" + sd.seed() + "-" + Integer.toHexString(cell.name().hashCode()));
            Trainer.Result trained = train(spark, job, conf, outputs, train, sd.validation(), export, sd.seed());
            out.delete("tmp");
            double seconds = secs(t);
            ScoreSummary val = BinaryEvaluator.summarize(NetworkScorer.score(sd.validation(), trained.network(), outputs),
                    Columns.SCORE, Columns.LABEL);
            double threshold = ThresholdSelector.select(val, job.threshold());
            ScoreSummary test = BinaryEvaluator.summarize(NetworkScorer.score(sd.test(), trained.network(), outputs),
                    Columns.SCORE, Columns.LABEL);
            return RunMetrics.of(sd.seed(), test, threshold, seconds, sd.bayesPrAuc(), trained.bestEpoch());
        } catch (RuntimeException e) {
            LOG.warn("compare: " + cell.name() + " (seed " + sd.seed() + ") failed: " + e, e);
            return RunMetrics.failed(sd.seed(), sd.testCounts().total(), sd.testCounts().positives(), e.toString());
        } finally {
            cached.forEach(Dataset::unpersist);
        }
    }

    /** The only call into {@link Trainer}: its signature may change, keep the adaptation here. */
    private static Trainer.Result train(SparkSession spark, JobConfig job, MultiLayerConfiguration conf, int outputs,
                                        Dataset<Row> train, Dataset<Row> validation, String exportDir, long seed) {
        return Trainer.train(spark, conf, job.training(), outputs, train, validation, exportDir, seed);
    }

    private static RunMetrics runBaseline(String name, JobConfig job, CompareSpec spec, SeedData sd) {
        try {
            long t = System.nanoTime();
            Model<?> model = Baselines.fit(name, sd.train(), sd.trainCounts(), spec, sd.seed());
            double seconds = secs(t);
            ScoreSummary val = BinaryEvaluator.summarize(Baselines.score(model, sd.validation()),
                    Columns.SCORE, Columns.LABEL);
            return RunMetrics.of(sd.seed(), BinaryEvaluator.summarize(Baselines.score(model, sd.test()),
                            Columns.SCORE, Columns.LABEL), ThresholdSelector.select(val, job.threshold()),
                    seconds, sd.bayesPrAuc(), 0);
        } catch (RuntimeException e) {
            LOG.warn("compare: baseline " + name + " (seed " + sd.seed() + ") failed: " + e, e);
            return RunMetrics.failed(sd.seed(), sd.testCounts().total(), sd.testCounts().positives(), e.toString());
        }
    }

    private static Map<String, Object> splitMap(SeedData sd) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("seed", sd.seed());
        m.put("trainRows", sd.trainCounts().total());
        m.put("trainPositives", sd.trainCounts().positives());
        m.put("validationRows", sd.validation().count());
        m.put("testRows", sd.testCounts().total());
        m.put("testPositives", sd.testCounts().positives());
        if (Double.isFinite(sd.bayesPrAuc())) {
            m.put("bayesPrAuc", sd.bayesPrAuc());
        }
        return m;
    }

    private static Map<String, Object> protocol(JobConfig job, CompareSpec spec) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("seeds", spec.seeds());
        p.put("split", "stratified " + job.split().train() + "/" + job.split().validation() + "/" + job.split().test()
                + ", split seed = compare seed; one split + scaler per seed shared by every cell");
        p.put("model", "MLP hidden=" + job.model().hidden() + ", " + job.model().activation() + ", "
                + job.model().updater() + " lr=" + job.model().learningRate() + ", init seed = model.seed + seed");
        Map<String, Object> tr = new LinkedHashMap<>();
        tr.put("mode", job.training().mode().name().toLowerCase());
        tr.put("epochs", job.training().epochs());
        tr.put("batchSize", job.training().batchSize());
        tr.put("averagingFrequency", job.training().averagingFrequency());
        tr.put("keeps", "the epoch with the best validation PR-AUC");
        p.put("training", tr);
        p.put("threshold", job.threshold().describe() + ", tuned on validation, F1 measured on test");
        p.put("metrics", "test split; mean ± sample std (n-1) over seeds; recall at precision >= 0.9");
        return p;
    }

    private static String progress(int done, int total, long start, String what, long seed) {
        double elapsed = secs(start);
        double eta = elapsed / done * (total - done);
        return String.format("compare: %d/%d done (%s, seed %d); %.0fs elapsed, ETA %.0fs", done, total, what, seed,
                elapsed, eta);
    }

    private static double secs(long nanos) {
        return (System.nanoTime() - nanos) / 1e9;
    }
}
