package dev.fulcrum.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fulcrum.SparkTestSession;
import dev.fulcrum.eval.BinaryEvaluator;
import dev.fulcrum.data.ClassCounts;
import dev.fulcrum.eval.ScoreSummary;
import dev.fulcrum.results.BayesComparison;
import dev.fulcrum.results.DataSummary;
import dev.fulcrum.results.EpochRecord;
import dev.fulcrum.results.SplitMetrics;
import dev.fulcrum.results.StageRecord;
import dev.fulcrum.results.ThresholdChoice;
import dev.fulcrum.results.CalibrationSummary;
import dev.fulcrum.results.TrainMetrics;
import dev.fulcrum.eval.Calibration;
import dev.fulcrum.eval.Reliability;
import dev.fulcrum.results.TrainingSummary;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HtmlReportTest {
    private static final String HOSTILE_JOB = "<script>alert('x')</script> & \"co\"";
    private static final double THRESHOLD = 0.6;
    private static ScoreSummary test;
    private static ScoreSummary bayes;

    /** 400 rows, 12 positives: model scores overlap the classes, the "Bayes" scores less so. */
    @BeforeAll
    static void summaries() {
        Random r = new Random(3);
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            double label = i % 33 == 0 ? 1 : 0;
            double model = clamp(label == 1 ? 0.55 + 0.3 * r.nextGaussian() : 0.2 + 0.15 * r.nextGaussian());
            double opt = clamp(label == 1 ? 0.8 + 0.1 * r.nextGaussian() : 0.1 + 0.1 * r.nextGaussian());
            rows.add(RowFactory.create(Math.round(model * 1000) / 1000.0, opt, label));
        }
        StructType schema = new StructType().add("score", DataTypes.DoubleType).add("bayes", DataTypes.DoubleType)
                .add("label", DataTypes.DoubleType);
        var df = SparkTestSession.get().createDataFrame(rows, schema);
        test = BinaryEvaluator.summarize(df, "score", "label");
        bayes = BinaryEvaluator.summarize(df, "bayes", "label");
    }

    private static double clamp(double v) {
        return Math.max(0, Math.min(1, v));
    }

    @Test
    void reportShowsEveryNumberAndReferencesOnlyLocalValidPngs(@TempDir Path dir) throws IOException {
        TrainMetrics metrics = metrics(HOSTILE_JOB);
        HtmlReport.write(dir.toUri().toString(), new Configuration(), metrics, test, bayes);

        Path report = dir.resolve("report.html");
        assertThat(report).exists();
        String html = Files.readString(report, StandardCharsets.UTF_8);

        // Metric values: rounded in the summary tables, full precision in the all-values table.
        for (String key : new String[] {"prAuc", "rocAuc", "brier", "recallAtPrecision0.9"}) {
            Object v = Json.tree(metrics.test()).get(key);
            assertThat(html).contains(Html.num(v)).contains(String.valueOf(v));
        }
        assertThat(html).contains("<td>" + test.at(THRESHOLD).tp() + "</td>")
                .contains("TP " + test.at(THRESHOLD).tp()).contains("FP " + test.at(0.5).fp())
                .contains("TN " + test.at(0.5).tn()).contains("FN " + test.at(THRESHOLD).fn());
        assertThat(html).contains(Html.num(bayes.averagePrecision()));
        // Stage rows: name and per-class counts in and out.
        assertThat(html).contains("<td>sampling: random-under(ratio=0.1)</td><td>5000</td><td>60</td>"
                + "<td>600</td><td>60</td>");
        assertThat(html).contains("<td>ingest+validate</td><td>—</td><td>—</td><td>8000</td><td>100</td>");
        // Epoch rows, best epoch highlighted.
        assertThat(html).contains("<tr class=\"best\"><td>2</td><td>0.3100</td><td>0.4200</td>");

        // Escaping: the hostile job name never becomes markup.
        assertThat(html).doesNotContain("<script").contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;co&quot;");

        // Self-contained: no network references at all, every image a local valid PNG.
        assertThat(html).doesNotContain("http://").doesNotContain("https://").doesNotContain("//cdn");
        Matcher img = Pattern.compile("<img src=\"([^\"]+)\"").matcher(html);
        List<String> srcs = new ArrayList<>();
        while (img.find()) {
            srcs.add(img.group(1));
        }
        assertThat(srcs).containsExactlyInAnyOrder("plots/loss.png", "plots/validation-pr-auc.png", "plots/roc.png",
                "plots/pr.png", "plots/histogram.png", "plots/distribution.png", "plots/reliability.png");
        Reliability rel = Reliability.of(test, Calibration.platt(test), 10);
        assertThat(html).contains(Html.num(rel.brierRaw()) + " raw &rarr; " + Html.num(rel.brierCalibrated()) + " calibrated");
        for (String src : srcs) {
            Path png = dir.resolve(src);
            byte[] bytes = Files.readAllBytes(png);
            assertThat(bytes).startsWith(0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n');
            BufferedImage image = ImageIO.read(png.toFile());
            assertThat(image).as(src).isNotNull();
            assertThat(image.getWidth()).isEqualTo(Plots.WIDTH);
            assertThat(image.getHeight()).isEqualTo(Plots.HEIGHT);
        }
        assertThat(html).doesNotContain("unavailable");
    }

    @Test
    void sparseMetricsAndNoBayesStillGiveAReport(@TempDir Path dir) throws IOException {
        TrainMetrics metrics = new TrainMetrics(null, "bare", null, null, null, null, null, null, null,
                SplitMetrics.of(test, 0.5), null, null, null, null, null);
        HtmlReport.write(dir.toString(), new Configuration(), metrics, test, null);

        String html = Files.readString(dir.resolve("report.html"), StandardCharsets.UTF_8);
        assertThat(html).contains("No stages recorded.").contains("No epochs recorded.")
                .doesNotContain("Bayes-optimal PR-AUC").contains("plots/roc.png");
        assertThat(dir.resolve("plots/roc.png")).exists();
        assertThat(dir.resolve("plots/loss.png")).doesNotExist();
    }

    private static TrainMetrics metrics(String job) {
        List<StageRecord> stages = List.of(
                new StageRecord("ingest+validate", null, new ClassCounts(8000, 100), 4.5),
                new StageRecord("split: train", new ClassCounts(8000, 100), new ClassCounts(5000, 60), 1.25),
                new StageRecord("sampling: random-under(ratio=0.1)", new ClassCounts(5000, 60),
                        new ClassCounts(600, 60), 0.75));
        TrainingSummary training = new TrainingSummary("spark", "training.mode = spark (set in the job)", "fulcrum", 64, 660L, 2, "pr-auc", 0.42, false, 0,
                List.of(epoch(1, 0.52, 0.30), epoch(2, 0.31, 0.42), epoch(3, 0.25, 0.40)));
        Map<String, Double> timings = new LinkedHashMap<>();
        timings.put("train", 12.5);
        timings.put("total", 20.25);
        return new TrainMetrics("run-20260101-000000", job,
                new DataSummary("hdfs:///data/fraud.csv", 8100L, 8000L, 100L, 3L, 30), stages,
                "focal(gamma=2.0, alpha=0.25)", "random-under(ratio=0.1)", training,
                new ThresholdChoice("max-f1", THRESHOLD, "validation"),
                SplitMetrics.of(test, THRESHOLD), SplitMetrics.of(test, THRESHOLD),
                new BayesComparison(bayes.averagePrecision(), bayes.rocAuc(),
                        test.averagePrecision() / bayes.averagePrecision()),
                new CalibrationSummary("platt", Calibration.platt(test).toString(), Calibration.platt(test).describe(),
                        Reliability.of(test, Calibration.platt(test), 10), Reliability.of(test, Calibration.platt(test), 10)),
                timings, null, null);
    }

    private static EpochRecord epoch(int e, double loss, double prAuc) {
        return new EpochRecord(e, loss, prAuc, Double.NaN, Double.NaN, 3.0, 220.0);
    }
}
