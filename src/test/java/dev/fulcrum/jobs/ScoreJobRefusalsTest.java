package dev.fulcrum.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fulcrum.SparkTestSession;
import dev.fulcrum.bundle.LoadedModel;
import dev.fulcrum.cli.FulcrumCli;
import dev.fulcrum.config.JobConfig;
import dev.fulcrum.data.DataConfig;
import dev.fulcrum.data.Ingest;
import dev.fulcrum.error.BadInputException;
import dev.fulcrum.report.Json;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 12, scoring: a non-finite score never becomes a decision (cases 4), an input without a row to
 * score is refused unless --allow-empty (7), an unknown host or a full disk is one line (8), the
 * bad-row hint names the score command's option (9).
 */
class ScoreJobRefusalsTest {
    @TempDir
    static Path shared;
    @TempDir
    Path out;

    static String runDir;
    /** The trained bundle with V1's and V2's first-layer weights set to +-1e30: rows with both near 1e18 score NaN. */
    static String nanRunDir;
    static List<String> header;
    static List<String> lines;

    @BeforeAll
    static void trainTinyBundle() throws IOException {
        String runs = shared.resolve("runs").toString();
        JobConfig job = JobConfig.load(new File("jobs/fraud-baseline.conf"), List.of(
                "output.dir=\"" + runs + "\"", "job.name=tiny",
                "data.generate.rows=2000", "data.generate.fraudRate=0.05", "data.generate.partitions=1",
                "data.idColumns=[Time]", "scaling.robust=[Amount]",
                "training.mode=local", "training.epochs=1", "training.batchSize=64", "model.hidden=[8]"));
        runDir = TrainJob.run(SparkTestSession.get(), job).runDir();
        nanRunDir = overflowingCopy(runDir, shared.resolve("nan-run").toString());
        Path part;
        try (Stream<Path> s = Files.walk(Path.of(runs, "data"))) {
            part = s.filter(p -> p.getFileName().toString().startsWith("part-")).sorted().findFirst().orElseThrow();
        }
        List<String> all = Files.readAllLines(part);
        header = List.of(all.get(0).split(","));
        lines = all.subList(1, 21);
    }

    private static ScoreJob.Request nanReq(String input, String output, DataConfig.BadRowPolicy policy) {
        return new ScoreJob.Request(nanRunDir, null, input, "auto", output, "csv", false, policy, false);
    }

    private static ScoreJob.Request req(String input, String output, DataConfig.BadRowPolicy policy, boolean allowEmpty) {
        return new ScoreJob.Request(runDir, null, input, "auto", output, "csv", false, policy, allowEmpty);
    }

    /**
     * Input validation bounds every value (|x| <= 1e19), so no row makes the trained network overflow;
     * a NaN score needs a network that does. This bundle is written by ModelBundle.write (checksums and
     * manifest valid): in float32, 1e30 * 1e18 overflows, and +inf - inf in every hidden unit is NaN.
     */
    private static String overflowingCopy(String from, String to) {
        org.apache.hadoop.conf.Configuration hadoop = SparkTestSession.get().sparkContext().hadoopConfiguration();
        LoadedModel m = LoadedModel.load(from, hadoop);
        org.deeplearning4j.nn.multilayer.MultiLayerNetwork net = m.network().clone();
        org.nd4j.linalg.api.ndarray.INDArray w = net.getLayer(0).getParam("W");
        w.getRow(m.features().indexOf("V1")).assign(1e30);
        w.getRow(m.features().indexOf("V2")).assign(-1e30);
        Map<String, Object> meta = new java.util.LinkedHashMap<>(m.meta());
        meta.keySet().removeIf(k -> k.endsWith("Sha256"));
        dev.fulcrum.io.AtomicDirectory dir = dev.fulcrum.io.AtomicDirectory.start(to, hadoop,
                dev.fulcrum.io.AtomicDirectory.Temp.FIXED, false, "test");
        dev.fulcrum.bundle.ModelBundle.write(dir, net, m.scaler(), meta, Map.of(), dev.fulcrum.bundle.BundleKeys.none());
        dir.publish();
        return dir.target().toString();
    }

    /** The 20 sample rows with row {@code at}'s V1 and V2 set to 1e18: within the bound, so valid input. */
    private Path withExtremeRow(int at) throws IOException {
        List<String> rows = new ArrayList<>();
        rows.add(String.join(",", header));
        for (int i = 0; i < lines.size(); i++) {
            String[] f = lines.get(i).split(",", -1);
            if (i == at) {
                for (int c = 0; c < f.length; c++) {
                    String name = header.get(c);
                    if (name.equals("V1") || name.equals("V2")) {
                        f[c] = "1e18";
                    }
                }
            }
            rows.add(String.join(",", f));
        }
        Path csv = out.resolve("extreme.csv");
        Files.write(csv, rows);
        return csv;
    }

    @Test
    void sparkOrdersNaNAboveEveryNumberSoThePlainComparisonDecidesNaNAsPositiveAndDecisionDoesNot() {
        SparkSession spark = SparkTestSession.get();
        Dataset<Row> s = spark.createDataset(List.of(Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 0.7, 0.3),
                org.apache.spark.sql.Encoders.DOUBLE()).toDF("score");
        org.apache.spark.sql.Column score = s.col("score");
        List<Row> naive = s.select(score.geq(0.5)).collectAsList();
        assertThat(naive.get(0).getBoolean(0)).as("Spark SQL: NaN >= 0.5").isTrue(); // the old decision = 1
        List<Row> got = s.select(ScoreJob.decision(score, 0.5)).collectAsList();
        assertThat(got.stream().map(r -> r.isNullAt(0) ? null : r.getInt(0)).toList())
                .containsExactly(null, null, null, 1, 0);
    }

    @Test
    void aRowTheNetworkScoresNaNFailsNamingItOrIsQuarantinedWithoutADecisionAndCounted() throws Exception {
        SparkSession spark = SparkTestSession.get();
        Path csv = withExtremeRow(4);
        // The reproduction: the bundle itself turns that (valid, finite) row into a non-finite score.
        LoadedModel m = LoadedModel.load(nanRunDir, spark.sparkContext().hadoopConfiguration());
        Dataset<Row> rows = Ingest.readUnlabelled(spark, new DataConfig(csv.toString(), "auto", m.label(), m.features(),
                m.idColumns(), DataConfig.BadRowPolicy.FAIL, null, dev.fulcrum.data.CsvOptions.DEFAULT), out.resolve("unused").toString()).rows();
        long nonFinite = m.score(rows, List.of("Time")).filter("isnan(score) OR abs(score) = double('Infinity')").count();
        assertThat(nonFinite).as("the extreme row scores NaN/Infinity").isEqualTo(1);
        String time = lines.get(4).split(",")[header.indexOf("Time")];

        assertThatThrownBy(() -> ScoreJob.run(spark, nanReq(csv.toString(), out.resolve("o1").toString(),
                DataConfig.BadRowPolicy.FAIL)))
                .isInstanceOf(BadInputException.class)
                .hasMessageContaining("extreme.csv").hasMessageContaining("Time=" + Double.parseDouble(time))
                .hasMessageContaining(ScoreJob.NON_FINITE_REASON).hasMessageContaining("(1 such row(s) in all)")
                .hasMessageContaining("--on-bad-row quarantine")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
        assertThat(out.resolve("o1")).doesNotExist();

        String output = out.resolve("o2").toString();
        ScoreJob.Outcome o = ScoreJob.run(spark, nanReq(csv.toString(), output, DataConfig.BadRowPolicy.QUARANTINE));
        assertThat(o.rows()).isEqualTo(19);
        assertThat(o.nonFiniteScores()).isEqualTo(1);
        assertThat(o.quarantined()).isEqualTo(1);
        Dataset<Row> scored = spark.read().option("header", "true").option("inferSchema", "true").csv(output);
        assertThat(scored.count()).isEqualTo(19);
        assertThat(scored.filter("isnan(score) OR decision IS NULL OR Time = " + time).count()).isZero();
        assertThat(o.positives()).isEqualTo(scored.filter("decision = 1").count());
        List<Row> q = spark.read().option("header", "true").csv(output + "/_quarantine").collectAsList();
        assertThat(q).hasSize(1);
        assertThat(q.get(0).getString(q.get(0).fieldIndex("reason"))).isEqualTo(ScoreJob.NON_FINITE_REASON);
        assertThat(q.get(0).getString(q.get(0).fieldIndex("raw_line"))).startsWith("Time=" + Double.parseDouble(time) + ",")
                .contains("V1=1.0E18");
        Map<String, Object> summary = Json.read(Files.readString(Path.of(output, ScoreJob.SUMMARY)));
        assertThat(summary.get("nonFiniteScores")).isEqualTo(1);
        assertThat(summary.get("quarantined")).isEqualTo(1);
        assertThat(summary.get("rows")).isEqualTo(19);
    }

    @Test
    void aHeaderOnlyInputIsRefusedUnlessAllowEmpty() throws Exception {
        SparkSession spark = SparkTestSession.get();
        Path csv = out.resolve("header-only.csv");
        Files.writeString(csv, String.join(",", header) + "\n");
        assertThatThrownBy(() -> ScoreJob.run(spark, nanReq(csv.toString(), out.resolve("o1").toString(),
                DataConfig.BadRowPolicy.FAIL)))
                .isInstanceOf(BadInputException.class)
                .hasMessage("--input " + csv + ": no data rows to score (only a header); pass --allow-empty to write an"
                        + " empty output");
        assertThat(out.resolve("o1")).doesNotExist();
        ScoreJob.Outcome o = ScoreJob.run(spark, req(csv.toString(), out.resolve("o2").toString(),
                DataConfig.BadRowPolicy.FAIL, true));
        assertThat(o.rows()).isZero();
        assertThat(Json.read(Files.readString(out.resolve("o2").resolve(ScoreJob.SUMMARY))).get("rows")).isEqualTo(0);
        Run cli = cli("score", "--model", runDir, "--input", csv.toString(), "--output", out.resolve("o3").toString());
        assertThat(cli.code()).isEqualTo(2);
        assertThat(cli.err().strip()).isEqualTo("fulcrum: --input " + csv + ": no data rows to score (only a header);"
                + " pass --allow-empty to write an empty output");
    }

    @Test
    void anInputWhoseEveryRowIsQuarantinedIsRefusedPointingAtTheQuarantine() throws Exception {
        SparkSession spark = SparkTestSession.get();
        int v7 = header.indexOf("V7");
        List<String> rows = new ArrayList<>(List.of(String.join(",", header)));
        for (String l : lines.subList(0, 3)) {
            String[] f = l.split(",", -1);
            f[v7] = "oops";
            rows.add(String.join(",", f));
        }
        Path csv = out.resolve("all-bad.csv");
        Files.write(csv, rows);
        String output = out.resolve("o").toString();
        assertThatThrownBy(() -> ScoreJob.run(spark, req(csv.toString(), output, DataConfig.BadRowPolicy.QUARANTINE, false)))
                .isInstanceOf(BadInputException.class)
                .hasMessageContaining("all 3 rows were quarantined").hasMessageContaining("see " + "file:" + output
                        + "/_quarantine").hasMessageContaining("--allow-empty");
        assertThat(spark.read().option("header", "true").csv(output + "/_quarantine").count()).isEqualTo(3);
        ScoreJob.Outcome o = ScoreJob.run(spark, new ScoreJob.Request(runDir, null, csv.toString(), "auto",
                out.resolve("o2").toString(), "csv", false, DataConfig.BadRowPolicy.QUARANTINE, true));
        assertThat(o.rows()).isZero();
        assertThat(o.quarantined()).isEqualTo(3);
    }

    @Test
    void theScoreCommandsBadRowHintNamesItsOwnOption() throws Exception {
        List<String> rows = new ArrayList<>(List.of(String.join(",", header)));
        String[] f = lines.get(2).split(",", -1);
        f[header.indexOf("V3")] = "x";
        rows.addAll(lines.subList(0, 2));
        rows.add(String.join(",", f));
        Path csv = out.resolve("bad.csv");
        Files.write(csv, rows);
        Run r = cli("score", "--model", runDir, "--input", csv.toString(), "--output", out.resolve("o").toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err().strip()).startsWith("fulcrum: data.input ").contains(csv + ", line 4: column V3")
                .endsWith("pass --on-bad-row quarantine").doesNotContain("data.onBadRow").doesNotContain("\n");
    }

    @Test
    void anUnknownHostInModelInputOrOutputIsOneLineNamingTheOptionExit2() throws Exception {
        String bad = "hdfs://no-such-host:8020/x.csv";
        String good = out.resolve("in.csv").toString();
        Files.write(Path.of(good), List.of(String.join(",", header), lines.get(0)));
        String[][] cases = {
                {"--model", bad, "--input", good, "--output", out.resolve("a").toString()},
                {"--model", runDir, "--input", bad, "--output", out.resolve("b").toString()},
                {"--model", runDir, "--input", good, "--output", bad}};
        String[] expected = {"--model " + bad, "data.input " + bad, "--output " + bad};
        for (int i = 0; i < cases.length; i++) {
            List<String> args = new ArrayList<>(List.of("score"));
            args.addAll(Arrays.asList(cases[i]));
            Run r = cli(args.toArray(new String[0]));
            assertThat(r.code()).as(expected[i]).isEqualTo(2);
            assertThat(r.err().strip()).as(expected[i])
                    .isEqualTo("fulcrum: " + expected[i] + ": unknown host 'no-such-host'; check the URI");
        }
    }

    @Test
    void aDiskThatFillsUpDuringScoringIsOneLineNamingTheOutputExit3AndLeavesNoTempDir() throws Exception {
        SparkSession spark = SparkTestSession.get();
        Path dir = out.resolve("small-disk");
        Files.createDirectories(dir);
        String output = dir.resolve("scored").toString();
        String input = withExtremeRow(-1).toString(); // written before the disk is mounted: the 20 plain rows
        // 300 bytes: less than the 20 scored rows (about 40 bytes each) need
        SmallDisk.mount(spark.sparkContext().hadoopConfiguration(), dir, 300);
        Run r;
        try {
            r = cli("score", "--model", runDir, "--input", input, "--output", output, "--format", "csv");
        } finally {
            SmallDisk.unmount(spark.sparkContext().hadoopConfiguration());
        }
        assertThat(r.code()).isEqualTo(3);
        assertThat(r.err().strip()).startsWith("fulcrum: --output file:" + output + ": no space left on device")
                .contains("no space left on device").doesNotContain("\n");
        try (Stream<Path> s = Files.list(dir)) {
            assertThat(s.map(p -> p.getFileName().toString()).toList()).as("no .tmp- left, nothing published").isEmpty();
        }
    }

    record Run(int code, String err) {
    }

    static Run cli(String... args) {
        SparkTestSession.get(); // the command reuses (and does not stop) the test session
        PrintStream old = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code;
        try {
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            code = FulcrumCli.execute(args);
        } finally {
            System.setErr(old);
        }
        return new Run(code, err.toString(StandardCharsets.UTF_8));
    }
}
