package dev.fulcrum.jobs;

import dev.fulcrum.compare.MeanStd;
import dev.fulcrum.config.SegJobConfig;
import dev.fulcrum.images.ImageSplitter.ImageSplits;
import dev.fulcrum.io.AtomicDirectory;
import dev.fulcrum.loss.LossSpec;
import dev.fulcrum.report.Html;
import dev.fulcrum.report.Json;
import dev.fulcrum.results.ThresholdChoice;
import dev.fulcrum.segeval.SegEvaluation;
import dev.fulcrum.segeval.SegMetrics;
import dev.fulcrum.segment.SegImages;
import dev.fulcrum.segment.SegPipeline;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code fulcrum compare} on a segmentation job: every loss of {@code compare.losses} on every
 * seed of {@code compare.seeds}; per seed one split by image (split seed = the seed) and one set
 * of training crops shared by all losses, model seed = {@code model.seed + seed}; the threshold of
 * each entry tuned on validation, metrics on test. Writes compare.json and compare.html (a
 * leaderboard by mean test Dice, mean ± sample std over seeds) atomically.
 */
public final class SegCompareJob {
    private static final Logger LOG = LoggerFactory.getLogger(SegCompareJob.class);

    /** One loss on one seed, measured on test. */
    public record Entry(String loss, long seed, double meanDice, double medianDice, double meanDiceWithForeground,
                        double meanIoU, double pixelPrAuc, double lesionRecall, double threshold, int bestEpoch,
                        double trainSeconds, double examplesPerSecond) {
    }

    /** A loss over all seeds. */
    public record Ranked(String loss, MeanStd meanDice, MeanStd meanDiceWithForeground, MeanStd meanIoU,
                         MeanStd pixelPrAuc, MeanStd lesionRecall, MeanStd trainSeconds) {
    }

    public record Outcome(String outputDir, List<Ranked> leaderboard, List<Entry> entries) {
    }

    private SegCompareJob() {
    }

    public static Outcome run(SparkSession spark, SegJobConfig job) {
        long t0 = System.nanoTime();
        String id = RunIds.next(job.name() + "-compare");
        AtomicDirectory out = AtomicDirectory.start(job.outputDir() + "/" + id,
                spark.sparkContext().hadoopConfiguration(), AtomicDirectory.Temp.FIXED, false, "output.dir");
        try {
            SegPipeline pipeline = new SegPipeline(spark, job);
            SegImages images = pipeline.images();
            List<Entry> entries = new ArrayList<>();
            int total = job.compare().seeds().size() * job.compare().losses().size();
            try {
                for (long seed : job.compare().seeds()) {
                    ImageSplits splits = pipeline.split(images, seed);
                    Dataset<Row> train = pipeline.trainingRows(splits, job.crops().seed() + seed)
                            .persist(StorageLevel.MEMORY_AND_DISK());
                    for (LossSpec loss : job.compare().losses()) {
                        LOG.info(String.format(Locale.ROOT, "compare %d/%d: %s, seed %d", entries.size() + 1, total,
                                loss.describe(), seed));
                        entries.add(measure(pipeline, splits, train, loss, seed, job.model().seed() + seed));
                    }
                    train.unpersist();
                }
            } finally {
                images.release();
            }
            List<Ranked> board = rank(entries);
            Map<String, Object> report = new LinkedHashMap<>();
            report.put("job", job.name());
            report.put("protocol", "per seed s: split.seed = s, crops.seed = crops.seed + s, model.seed = model.seed + s;"
                    + " one split and one set of training crops per seed shared by every loss; threshold tuned on "
                    + "validation (max mean Dice); test metrics; mean ± sample std (n-1) over seeds");
            report.put("images", images.kept());
            report.put("leaderboard", board);
            report.put("entries", entries);
            report.put("seconds", (System.nanoTime() - t0) / 1e9);
            out.writeText("compare.json", Json.write(report));
            out.writeText("compare.html", html(job, board, images.kept()));
            out.publish();
            return new Outcome(out.target().toString(), board, entries);
        } catch (Throwable e) {
            out.abandon();
            throw e;
        }
    }

    private static Entry measure(SegPipeline pipeline, ImageSplits splits, Dataset<Row> train, LossSpec loss,
                                 long seed, long modelSeed) {
        SegPipeline.Fitted fitted = pipeline.fit(train, splits.validation(), loss, modelSeed);
        Dataset<Row> val = pipeline.score(splits.validation(), fitted.bytes()).persist(StorageLevel.MEMORY_AND_DISK());
        ThresholdChoice threshold = pipeline.threshold(val);
        val.unpersist();
        Dataset<Row> test = pipeline.score(splits.test(), fitted.bytes()).persist(StorageLevel.MEMORY_AND_DISK());
        SegMetrics m = SegEvaluation.evaluate(test, threshold.value()).metrics(threshold);
        test.unpersist();
        return new Entry(loss.describe(), seed, m.allImages().meanDice(), m.allImages().medianDice(),
                m.imagesWithForeground().meanDice(), m.allImages().meanIoU(), m.pixels().prAuc(), m.lesions().recall(),
                threshold.value(), fitted.fit().bestEpoch(), fitted.seconds(), fitted.fit().examplesPerSecond());
    }

    static List<Ranked> rank(List<Entry> entries) {
        Map<String, List<Entry>> byLoss = new LinkedHashMap<>();
        for (Entry e : entries) {
            byLoss.computeIfAbsent(e.loss(), k -> new ArrayList<>()).add(e);
        }
        List<Ranked> out = new ArrayList<>();
        byLoss.forEach((loss, es) -> out.add(new Ranked(loss, stat(es, Entry::meanDice),
                stat(es, Entry::meanDiceWithForeground), stat(es, Entry::meanIoU), stat(es, Entry::pixelPrAuc),
                stat(es, Entry::lesionRecall), stat(es, Entry::trainSeconds))));
        out.sort(Comparator.comparingDouble((Ranked r) -> Double.isNaN(r.meanDice().mean()) ? Double.NEGATIVE_INFINITY
                : r.meanDice().mean()).reversed());
        return out;
    }

    private static MeanStd stat(List<Entry> es, ToDoubleFunction<Entry> f) {
        return MeanStd.of(es.stream().mapToDouble(f).toArray());
    }

    private static String html(SegJobConfig job, List<Ranked> board, long images) {
        StringBuilder b = new StringBuilder();
        b.append("<!doctype html><html><head><meta charset=\"utf-8\"><title>")
                .append(Html.esc(job.name())).append(" — segmentation loss comparison</title><style>")
                .append("body{font-family:sans-serif;margin:2em}table{border-collapse:collapse}")
                .append("td,th{border:1px solid #ccc;padding:4px 8px;text-align:right}td:first-child{text-align:left}")
                .append("</style></head><body><h1>").append(Html.esc(job.name()))
                .append(" — segmentation loss comparison</h1><p>").append(images).append(" images; seeds ")
                .append(Html.esc(job.compare().seeds())).append("; test split, mean ± sample std over seeds; ")
                .append("threshold tuned on validation per entry.</p><table><tr><th>#</th><th>loss</th>")
                .append("<th>mean Dice</th><th>mean Dice (foreground images)</th><th>mean IoU</th>")
                .append("<th>pixel PR-AUC</th><th>lesion recall</th><th>train s</th></tr>");
        for (int i = 0; i < board.size(); i++) {
            Ranked r = board.get(i);
            b.append("<tr><td>").append(i + 1).append("</td><td>").append(Html.esc(r.loss())).append("</td><td>")
                    .append(r.meanDice().format(4)).append("</td><td>").append(r.meanDiceWithForeground().format(4))
                    .append("</td><td>").append(r.meanIoU().format(4)).append("</td><td>")
                    .append(r.pixelPrAuc().format(4)).append("</td><td>").append(r.lesionRecall().format(3))
                    .append("</td><td>").append(r.trainSeconds().format(1)).append("</td></tr>");
        }
        return b.append("</table></body></html>\n").toString();
    }
}
