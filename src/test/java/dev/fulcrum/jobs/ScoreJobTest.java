package dev.fulcrum.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fulcrum.bundle.LoadedModel;
import dev.fulcrum.SparkTestSession;
import dev.fulcrum.cli.FulcrumCli;
import dev.fulcrum.data.DataConfig;
import dev.fulcrum.config.JobConfig;
import dev.fulcrum.error.BadInputException;
import dev.fulcrum.jobs.TrainJob;
import dev.fulcrum.report.Json;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Scoring with a tiny bundle trained here (2 epochs, one hidden layer of 8, local fit). */
class ScoreJobTest {
    @TempDir
    static Path shared;
    @TempDir
    Path out;

    static String runsDir;
    static String runDir;
    static String labelledCsv;
    static String labelledPart;
    static double threshold;

    @BeforeAll
    static void trainTinyBundle() {
        runsDir = shared.resolve("runs").toString();
        JobConfig job = JobConfig.load(new File("jobs/fraud-baseline.conf"), List.of(
                "output.dir=\"" + runsDir + "\"", "job.name=tiny",
                "data.generate.rows=3000", "data.generate.fraudRate=0.05", "data.generate.partitions=2",
                "data.idColumns=[Time]", "scaling.robust=[Amount]",
                "training.mode=local", "training.epochs=2", "training.batchSize=64", "model.hidden=[8]"));
        TrainJob.Outcome o = TrainJob.run(SparkTestSession.get(), job);
        runDir = o.runDir();
        try (Stream<Path> s = Files.list(Path.of(runsDir, "data"))) {
            labelledCsv = s.filter(p -> p.getFileName().toString().endsWith(".csv")).findFirst().orElseThrow().toString();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        try (Stream<Path> s = Files.list(Path.of(labelledCsv))) { // the generator writes a directory of part files
            labelledPart = s.filter(p -> p.getFileName().toString().startsWith("part-")).sorted().findFirst()
                    .orElseThrow().toString();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        threshold = o.metrics().threshold().value();
    }

    private static ScoreJob.Request req(String model, String input, String output, String format,
                                        DataConfig.BadRowPolicy policy) {
        return new ScoreJob.Request(model, null, input, "auto", output, format, false, policy);
    }

    @Test
    @SuppressWarnings("unchecked")
    void scoresALabelledCsvToCsvWithIdsLabelScoreAndDecisionAtTheBundleThreshold() throws Exception {
        SparkSession spark = SparkTestSession.get();
        String output = out.resolve("scored.csv").toString();
        ScoreJob.Outcome o = ScoreJob.run(spark, req(runDir, labelledCsv, output, "csv", DataConfig.BadRowPolicy.FAIL));
        assertThat(o.rows()).isEqualTo(3000);
        Dataset<Row> got = spark.read().option("header", "true").option("inferSchema", "true").csv(output);
        assertThat(got.columns()).containsExactly("Time", "Class", "score", "probability", "decision");
        assertThat(got.count()).isEqualTo(3000);
        // probability = the bundle's Platt map of the score (the default evaluation.calibration), recomputed here
        Map<String, Object> cal = (Map<String, Object>) Json.read(Files.readString(Path.of(java.net.URI.create(runDir))
                .resolve("model/bundle.json"))).get("calibration");
        assertThat(cal.get("method")).isEqualTo("platt");
        double a = ((Number) cal.get("a")).doubleValue();
        double b = ((Number) cal.get("b")).doubleValue();
        for (Row r : got.select("score", "probability").limit(200).collectAsList()) {
            double s = Math.min(1 - 1e-7, Math.max(1e-7, r.getDouble(0)));
            double expected = 1 / (1 + Math.exp(-(a * Math.log(s / (1 - s)) + b)));
            assertThat(r.getDouble(1)).isCloseTo(expected, org.assertj.core.api.Assertions.within(1e-9));
        }
        long inconsistent = got.filter(String.format(java.util.Locale.ROOT,
                "(score >= %s) <> (decision = 1) OR score < 0 OR score > 1", Double.toString(threshold))).count();
        assertThat(inconsistent).isZero();
        assertThat(o.positives()).isEqualTo(got.filter("decision = 1").count()).isPositive();
        Map<String, Object> summary = Json.read(Files.readString(Path.of(output, ScoreJob.SUMMARY)));
        assertThat(summary.get("rows")).isEqualTo(3000);
        try (Stream<Path> s = Files.list(out)) {
            assertThat(s.map(p -> p.getFileName().toString())).containsExactly("scored.csv"); // no .tmp- left
        }
    }

    @Test
    void scoresAnUnlabelledParquetInputFoundThroughTheOutputDirsLatest() throws Exception {
        SparkSession spark = SparkTestSession.get();
        String input = out.resolve("unlabelled.parquet").toString();
        spark.read().option("header", "true").option("inferSchema", "true").csv(labelledCsv)
                .drop("Class", "bayes_score").limit(500).write().parquet(input);
        String output = out.resolve("scored").toString();
        ScoreJob.Outcome o = ScoreJob.run(spark, req(runsDir, input, output, "parquet", DataConfig.BadRowPolicy.FAIL));
        assertThat(o.modelDir()).isEqualTo(runDir);
        Dataset<Row> got = spark.read().parquet(output);
        assertThat(got.columns()).containsExactly("Time", "score", "probability", "decision");
        assertThat(got.count()).isEqualTo(500);
    }

    /** (Time, score) of every row, sorted: the reference is the bundle's pipeline + NetworkScorer.score. */
    private static List<String> reference(String input, String format) {
        SparkSession spark = SparkTestSession.get();
        LoadedModel m = LoadedModel.load(runDir, spark.sparkContext().hadoopConfiguration());
        DataConfig cfg = new DataConfig(input, format, m.label(), m.features(), m.idColumns(),
                DataConfig.BadRowPolicy.FAIL, null, dev.fulcrum.data.CsvOptions.DEFAULT);
        Dataset<Row> rows = dev.fulcrum.data.Ingest.readUnlabelled(spark, cfg, "unused").rows();
        return pairs(dev.fulcrum.train.NetworkScorer.score(m.scaler().transform(rows), m.network(), m.outputColumns()));
    }

    private static List<String> pairs(Dataset<Row> scored) {
        return scored.select("Time", "score").collectAsList().stream()
                .map(r -> r.get(0) + " " + Double.doubleToRawLongBits(r.getDouble(1)))
                .sorted().toList();
    }

    @Test
    void scoresAreExactlyThoseOfTheScalerPipelineAndNetworkScorer() throws Exception {
        SparkSession spark = SparkTestSession.get();
        String parquet = out.resolve("in.parquet").toString();
        spark.read().option("header", "true").option("inferSchema", "true").csv(labelledCsv).write().parquet(parquet);
        for (String[] c : new String[][] {{labelledCsv, "csv"}, {parquet, "parquet"}}) {
            String output = out.resolve("exact-" + c[1]).toString();
            ScoreJob.Outcome o = ScoreJob.run(spark, req(runDir, c[0], output, "parquet", DataConfig.BadRowPolicy.FAIL));
            Dataset<Row> got = spark.read().parquet(output);
            assertThat(pairs(got)).as(c[1]).hasSize(3000).isEqualTo(reference(c[0], c[1]));
            assertThat(o.rows()).isEqualTo(3000);
            assertThat(o.positives()).isEqualTo(got.filter("decision = 1").count());
        }
    }

    @Test
    void badParquetRowsFailNamingTheColumnOrAreQuarantinedAndCounted() throws Exception {
        SparkSession spark = SparkTestSession.get();
        String input = out.resolve("bad.parquet").toString();
        Dataset<Row> base = spark.read().option("header", "true").option("inferSchema", "true").csv(labelledCsv)
                .limit(200).withColumn("n", org.apache.spark.sql.functions.monotonically_increasing_id());
        org.apache.spark.sql.Column n = org.apache.spark.sql.functions.col("n");
        org.apache.spark.sql.Column v7 = org.apache.spark.sql.functions.col("V7");
        base.withColumn("V7", org.apache.spark.sql.functions.when(n.equalTo(3), Double.NaN)
                        .when(n.equalTo(7), Double.NEGATIVE_INFINITY)
                        .when(n.equalTo(9), org.apache.spark.sql.functions.lit(null).cast("double")).otherwise(v7))
                .withColumn("Class", org.apache.spark.sql.functions.when(n.equalTo(11), 2.0)
                        .otherwise(org.apache.spark.sql.functions.col("Class")))
                .drop("n").coalesce(1).write().parquet(input);
        assertThatThrownBy(() -> ScoreJob.run(spark, req(runDir, input, out.resolve("p1").toString(), "parquet",
                DataConfig.BadRowPolicy.FAIL)))
                .isInstanceOf(BadInputException.class).hasMessageContaining("column V7: expected a finite number")
                .hasMessageContaining("(3 bad row(s) in all)");
        assertThat(out.resolve("p1")).doesNotExist();
        ScoreJob.Outcome o = ScoreJob.run(spark, req(runDir, input, out.resolve("p2").toString(), "parquet",
                DataConfig.BadRowPolicy.QUARANTINE));
        // the row whose label is 2 is scored (scoring does not need the label), its label left empty
        assertThat(o.quarantined()).isEqualTo(3);
        assertThat(o.rows()).isEqualTo(197);
        assertThat(spark.read().parquet(out.resolve("p2").toString()).filter("Class IS NULL").count()).isEqualTo(1);
        assertThat(spark.read().option("header", "true").csv(out.resolve("p2/_quarantine").toString()).count())
                .isEqualTo(3);
        Map<String, Object> summary = Json.read(Files.readString(out.resolve("p2").resolve(ScoreJob.SUMMARY)));
        assertThat(summary.get("quarantined")).isEqualTo(3);
        assertThat(summary.get("rows")).isEqualTo(197);
    }

    @Test
    void aTamperedNetworkIsRefusedNamingTheFileAndNoOutputIsWritten() throws Exception {
        Path copy = copyRun();
        Path zip = copy.resolve("model/network.zip");
        byte[] b = Files.readAllBytes(zip);
        b[b.length / 2] ^= 1;
        Files.write(zip, b);
        Files.deleteIfExists(copy.resolve("model/.network.zip.crc")); // else Hadoop's own checksum trips first
        String output = out.resolve("never").toString();
        assertThatThrownBy(() -> ScoreJob.run(SparkTestSession.get(),
                req(copy.toString(), labelledCsv, output, "csv", DataConfig.BadRowPolicy.FAIL)))
                .isInstanceOf(BadInputException.class)
                .hasMessageContaining("refusing the bundle").hasMessageContaining("network.zip")
                .hasMessageContaining("does not match manifest.json");
        assertThat(Path.of(output)).doesNotExist();
    }

    @Test
    void aModifiedScalerOrAForeignStageClassIsRefused() throws Exception {
        Path copy = copyRun();
        Path meta;
        try (Stream<Path> s = Files.walk(copy.resolve("model/scaler/stages"))) {
            meta = s.filter(p -> p.getFileName().toString().startsWith("part-")
                    && p.getParent().getFileName().toString().equals("metadata")).findFirst().orElseThrow();
        }
        String json = Files.readString(meta);
        Files.writeString(meta, json.replaceFirst("\"class\":\"[^\"]+\"", "\"class\":\"com.evil.Gadget\""));
        Files.deleteIfExists(meta.resolveSibling("." + meta.getFileName() + ".crc"));
        assertThatThrownBy(() -> LoadedModel.load(copy.toString(), SparkTestSession.get().sparkContext().hadoopConfiguration()))
                .isInstanceOf(BadInputException.class).hasMessageContaining("does not match manifest.json");
        // Even with matching checksums (bundle.json and the unsigned manifest rewritten too), a foreign stage class is refused.
        Path bundle = copy.resolve("model/bundle.json");
        Map<String, Object> m = Json.read(Files.readString(bundle));
        org.apache.hadoop.fs.FileSystem local = org.apache.hadoop.fs.FileSystem.getLocal(new org.apache.hadoop.conf.Configuration());
        m.put("scalerSha256", dev.fulcrum.bundle.ModelBundle.treeSha256(local,
                new org.apache.hadoop.fs.Path(copy.resolve("model/scaler").toString())));
        Files.writeString(bundle, Json.write(m));
        Files.deleteIfExists(copy.resolve("model/.bundle.json.crc"));
        dev.fulcrum.bundle.BundleManifest.write(local, new org.apache.hadoop.fs.Path(copy.resolve("model").toString()),
                dev.fulcrum.bundle.BundleKeys.none());
        assertThatThrownBy(() -> LoadedModel.load(copy.toString(), SparkTestSession.get().sparkContext().hadoopConfiguration()))
                .isInstanceOf(BadInputException.class).hasMessageContaining("com.evil.Gadget");
    }

    @Test
    void anInputWithoutAFeatureColumnIsAnErrorNamingTheColumnAndTheFile() throws Exception {
        Path csv = out.resolve("wrong.csv");
        Files.writeString(csv, String.join(",", header(labelledPart)).replace(",V3,", ",V3x,") + "\n");
        assertThatThrownBy(() -> ScoreJob.run(SparkTestSession.get(),
                req(runDir, csv.toString(), out.resolve("o").toString(), "csv", DataConfig.BadRowPolicy.FAIL)))
                .isInstanceOf(BadInputException.class)
                .hasMessageContaining("'V3'").hasMessageContaining("wrong.csv").hasMessageContaining("missing");
    }

    @Test
    void aNonNumericParquetFeatureIsRefused() throws Exception {
        SparkSession spark = SparkTestSession.get();
        String input = out.resolve("strings.parquet").toString();
        spark.read().option("header", "true").option("inferSchema", "true").csv(labelledCsv).limit(10)
                .withColumn("V5", org.apache.spark.sql.functions.lit("x")).write().parquet(input);
        assertThatThrownBy(() -> ScoreJob.run(spark, req(runDir, input, out.resolve("o").toString(), "parquet",
                DataConfig.BadRowPolicy.FAIL)))
                .isInstanceOf(BadInputException.class).hasMessageContaining("V5 must be numeric");
    }

    @Test
    void aBadRowFailsWithItsLineOrIsQuarantinedAndCounted() throws Exception {
        List<String> lines = Files.readAllLines(Path.of(labelledPart)).subList(0, 21);
        List<String> h = header(labelledPart);
        int v7 = h.indexOf("V7");
        String[] f = lines.get(5).split(",", -1);
        f[v7] = "NaN";
        lines.set(5, String.join(",", f));
        Path csv = out.resolve("bad.csv");
        Files.write(csv, lines);
        assertThatThrownBy(() -> ScoreJob.run(SparkTestSession.get(),
                req(runDir, csv.toString(), out.resolve("o1").toString(), "csv", DataConfig.BadRowPolicy.FAIL)))
                .isInstanceOf(BadInputException.class)
                .hasMessageContaining("line 6").hasMessageContaining("column V7: expected a finite number; got 'NaN'");
        assertThat(out.resolve("o1")).doesNotExist();
        ScoreJob.Outcome o = ScoreJob.run(SparkTestSession.get(),
                req(runDir, csv.toString(), out.resolve("o2").toString(), "csv", DataConfig.BadRowPolicy.QUARANTINE));
        assertThat(o.rows()).isEqualTo(19);
        assertThat(o.quarantined()).isEqualTo(1);
        assertThat(out.resolve("o2/_quarantine")).isDirectory();
    }

    @Test
    void theCliRefusesATamperedBundleWithExitCode2AndOneLine() throws Exception {
        Path copy = copyRun();
        Map<String, Object> m = Json.read(Files.readString(copy.resolve("model/bundle.json")));
        m.put("networkSha256", "0".repeat(64));
        Files.writeString(copy.resolve("model/bundle.json"), Json.write(m));
        Files.deleteIfExists(copy.resolve("model/.bundle.json.crc"));
        SparkTestSession.get(); // the command reuses (and does not stop) the test session
        PrintStream old = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code;
        try {
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            code = FulcrumCli.execute("score", "--model", copy.toString(), "--input", labelledCsv,
                    "--output", out.resolve("o").toString());
        } finally {
            System.setErr(old);
        }
        assertThat(code).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8).strip()).startsWith("fulcrum: --model: refusing the bundle")
                .doesNotContain("\n");
        assertThat(SparkTestSession.get().sparkContext().isStopped()).isFalse();
    }

    /** Issue 12 case 7: a yes/no label is not a reason to refuse rows; the scores are those of the 0/1 file. */
    @Test
    void aYesNoLabelIsIgnoredAndEveryRowIsScored() throws Exception {
        List<String> lines = Files.readAllLines(Path.of(labelledPart)).subList(0, 51);
        int cls = header(labelledPart).indexOf("Class");
        List<String> yesNo = new java.util.ArrayList<>(List.of(lines.get(0)));
        for (String l : lines.subList(1, lines.size())) {
            String[] f = l.split(",", -1);
            f[cls] = f[cls].equals("1") ? "yes" : "no";
            yesNo.add(String.join(",", f));
        }
        Path csv = out.resolve("yesno.csv");
        Files.write(csv, yesNo);
        Path plain = out.resolve("plain.csv");
        Files.write(plain, lines);
        SparkSession spark = SparkTestSession.get();
        ScoreJob.Outcome o = ScoreJob.run(spark, req(runDir, csv.toString(), out.resolve("yn").toString(), "parquet",
                DataConfig.BadRowPolicy.FAIL));
        assertThat(o.rows()).isEqualTo(50);
        assertThat(o.quarantined()).isZero();
        Dataset<Row> got = spark.read().parquet(out.resolve("yn").toString());
        assertThat(got.filter("Class IS NOT NULL").count()).isZero();
        ScoreJob.run(spark, req(runDir, plain.toString(), out.resolve("01").toString(), "parquet",
                DataConfig.BadRowPolicy.FAIL));
        assertThat(pairs(got)).isEqualTo(pairs(spark.read().parquet(out.resolve("01").toString())));
    }

    /** Issue 12 case 9: a ';'-separated input scores like the comma file with --delimiter ';'. */
    @Test
    void aSemicolonSeparatedInputScoresWithTheDelimiterOption() throws Exception {
        List<String> lines = Files.readAllLines(Path.of(labelledPart)).subList(0, 31);
        Path comma = out.resolve("comma.csv");
        Files.write(comma, lines);
        Path semi = out.resolve("semi.csv");
        Files.write(semi, lines.stream().map(l -> l.replace(',', ';')).toList());
        SparkSession spark = SparkTestSession.get();
        assertThatThrownBy(() -> ScoreJob.run(spark, req(runDir, semi.toString(), out.resolve("x").toString(), "parquet",
                DataConfig.BadRowPolicy.FAIL)))
                .isInstanceOf(BadInputException.class).hasMessageContaining("the header looks ';'-separated")
                .hasMessageContaining("--delimiter ';'");
        ScoreJob.run(spark, req(runDir, comma.toString(), out.resolve("c").toString(), "parquet", DataConfig.BadRowPolicy.FAIL));
        int code = FulcrumCli.execute("score", "--model", runDir, "--input", semi.toString(), "--delimiter", ";",
                "--output", out.resolve("s").toString());
        assertThat(code).isZero();
        assertThat(pairs(spark.read().parquet(out.resolve("s").toString())))
                .hasSize(30).isEqualTo(pairs(spark.read().parquet(out.resolve("c").toString())));
    }

    /** Issue 12 case 4: scoring applies ingest's magnitude bound; 1e308 never reaches the scaler. */
    @Test
    void aValueBeyondTheMagnitudeBoundIsABadRowWhenScoring() throws Exception {
        List<String> lines = new java.util.ArrayList<>(Files.readAllLines(Path.of(labelledPart)).subList(0, 21));
        int amount = header(labelledPart).indexOf("Amount");
        String[] f = lines.get(4).split(",", -1);
        f[amount] = "1e308";
        lines.set(4, String.join(",", f));
        Path csv = out.resolve("big.csv");
        Files.write(csv, lines);
        assertThatThrownBy(() -> ScoreJob.run(SparkTestSession.get(),
                req(runDir, csv.toString(), out.resolve("b1").toString(), "csv", DataConfig.BadRowPolicy.FAIL)))
                .isInstanceOf(BadInputException.class)
                .hasMessageContaining("line 5: column Amount: |1e308| exceeds the supported magnitude 1e19");
        ScoreJob.Outcome o = ScoreJob.run(SparkTestSession.get(),
                req(runDir, csv.toString(), out.resolve("b2").toString(), "csv", DataConfig.BadRowPolicy.QUARANTINE));
        assertThat(o.quarantined()).isEqualTo(1);
        assertThat(o.rows()).isEqualTo(19);
    }

    private static List<String> header(String csv) throws IOException {
        return List.of(Files.readAllLines(Path.of(csv)).get(0).split(","));
    }

    private Path copyRun() throws IOException {
        Path src = Path.of(URI.create(runDir));
        Path dst = out.resolve("run-copy");
        try (Stream<Path> s = Files.walk(src)) {
            for (Path p : (Iterable<Path>) s::iterator) {
                Files.copy(p, dst.resolve(src.relativize(p).toString()));
            }
        }
        return dst;
    }
}
