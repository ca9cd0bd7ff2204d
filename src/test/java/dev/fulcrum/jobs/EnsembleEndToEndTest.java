package dev.fulcrum.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.fulcrum.SparkTestSession;
import dev.fulcrum.bundle.LoadedModel;
import dev.fulcrum.config.JobConfig;
import dev.fulcrum.data.CsvOptions;
import dev.fulcrum.data.DataConfig;
import dev.fulcrum.data.Ingest;
import dev.fulcrum.error.BadInputException;
import dev.fulcrum.report.Json;
import dev.fulcrum.train.NetworkScorer;
import java.io.File;
import java.io.IOException;
import java.net.URI;
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

/**
 * An EasyEnsemble trained by the train job (3 members on generated data), published as one bundle
 * of member networks, and scored by the score job with the mean of the members' probabilities.
 */
class EnsembleEndToEndTest {
    @TempDir
    static Path shared;
    @TempDir
    Path out;

    static String runsDir;
    static String runDir;
    static String csv;
    static TrainJob.Outcome trained;

    private static List<String> keys(String... more) {
        List<String> k = new java.util.ArrayList<>(List.of("output.dir=\"" + runsDir + "\"", "job.name=ens",
                "data.generate.rows=4000", "data.generate.fraudRate=0.04", "data.generate.partitions=2",
                "data.idColumns=[Time]", "scaling.robust=[Amount]", "model.hidden=[8]", "training.epochs=8",
                "training.earlyStopping.patience=2", "ensemble.members=3", "ensemble.ratio=2"));
        k.addAll(List.of(more));
        return k;
    }

    @BeforeAll
    static void trainAnEnsemble() throws IOException {
        runsDir = shared.resolve("runs").toString();
        trained = TrainJob.run(SparkTestSession.get(), JobConfig.load(new File("jobs/fraud-baseline.conf"), keys()));
        runDir = trained.runDir();
        try (Stream<Path> s = Files.list(Path.of(runsDir, "data"))) {
            csv = s.filter(p -> p.getFileName().toString().endsWith(".csv")).findFirst().orElseThrow().toString();
        }
    }

    private static Path model() {
        return Path.of(URI.create(runDir)).resolve("model");
    }

    @Test
    @SuppressWarnings("unchecked")
    void theRunRecordsEveryMemberAndPublishesThemAsOneBundle() throws IOException {
        var m = trained.metrics();
        assertThat(m.training().mode()).isEqualTo("ensemble");
        assertThat(m.ensemble().members()).isEqualTo(3);
        long trainPositives = m.stages().stream().filter(s -> s.stage().equals("split: train")).findFirst()
                .orElseThrow().out().positives();
        assertThat(m.ensemble().byMember()).hasSize(3).allSatisfy(r -> {
            assertThat(r.positives()).isEqualTo(trainPositives);
            assertThat(r.negatives()).isEqualTo(2 * trainPositives); // ratio 2, slices of ~770 negatives
            assertThat(r.validationPrAucByEpoch()).isNotEmpty().hasSizeLessThanOrEqualTo(8);
            assertThat(r.bestEpoch()).isBetween(1, r.validationPrAucByEpoch().size());
        });
        assertThat(m.training().examples()).isEqualTo(3 * 3 * trainPositives);
        assertThat(m.test().prAuc()).isGreaterThan(5 * 0.04); // well above no skill (the positive rate)
        try (Stream<Path> s = Files.list(model().resolve("members"))) {
            assertThat(s.map(p -> p.getFileName().toString()).filter(n -> !n.startsWith(".")).sorted())
                    .containsExactly("member-01.zip", "member-02.zip", "member-03.zip");
        }
        assertThat(model().resolve("network.zip")).doesNotExist();
        Map<String, Object> bundle = Json.read(Files.readString(model().resolve("bundle.json")));
        assertThat((List<Object>) ((Map<String, Object>) bundle.get("ensemble")).get("members")).hasSize(3);
        assertThat(Files.readString(Path.of(URI.create(runDir)).resolve("report.html"))).contains("EasyEnsemble of 3");
    }

    @Test
    void theScoreJobWritesTheMeanOfTheMembersScores() {
        SparkSession spark = SparkTestSession.get();
        String output = out.resolve("scored").toString();
        ScoreJob.run(spark, new ScoreJob.Request(runDir, null, csv, "auto", output, "parquet", false,
                DataConfig.BadRowPolicy.FAIL));
        List<double[]> got = pairs(spark.read().parquet(output));
        assertThat(got).hasSize(4000);

        // independently: each member on the bundle's scaler pipeline, averaged here (rows by position
        // in a cached frame; Time has duplicates, so it cannot key them)
        LoadedModel m = LoadedModel.load(runDir, spark.sparkContext().hadoopConfiguration());
        assertThat(m.networks()).hasSize(3);
        DataConfig cfg = new DataConfig(csv, "csv", m.label(), m.features(), m.idColumns(),
                DataConfig.BadRowPolicy.FAIL, null, CsvOptions.DEFAULT);
        Dataset<Row> scaled = m.scaler().transform(Ingest.readUnlabelled(spark, cfg, "unused").rows()).cache();
        double[] sum = new double[4000];
        double[] time = new double[4000];
        for (var net : m.networks()) {
            List<Row> rows = NetworkScorer.score(scaled, net, m.outputColumns()).select("Time", "score").collectAsList();
            for (int i = 0; i < rows.size(); i++) {
                time[i] = Double.parseDouble(String.valueOf(rows.get(i).get(0)));
                sum[i] += rows.get(i).getDouble(1);
            }
        }
        scaled.unpersist();
        List<double[]> expected = new java.util.ArrayList<>();
        for (int i = 0; i < 4000; i++) {
            expected.add(new double[] {time[i], sum[i] / 3});
        }
        expected.sort(BY_TIME_THEN_SCORE);
        for (int i = 0; i < 4000; i++) {
            assertThat(got.get(i)[0]).isEqualTo(expected.get(i)[0]);
            assertThat(got.get(i)[1]).as("row %d", i).isCloseTo(expected.get(i)[1], within(1e-9));
        }
    }

    private static final java.util.Comparator<double[]> BY_TIME_THEN_SCORE =
            java.util.Comparator.<double[]>comparingDouble(p -> p[0]).thenComparingDouble(p -> p[1]);

    private static List<double[]> pairs(Dataset<Row> scored) {
        List<double[]> p = new java.util.ArrayList<>(scored.select("Time", "score").collectAsList().stream()
                .map(r -> new double[] {Double.parseDouble(String.valueOf(r.get(0))), r.getDouble(1)}).toList());
        p.sort(BY_TIME_THEN_SCORE);
        return p;
    }

    @Test
    void aModifiedOrMissingMemberIsRefusedNamingTheFile() throws IOException {
        Path copy = out.resolve("copy");
        copyTree(Path.of(URI.create(runDir)), copy);
        Path member = copy.resolve("model/members/member-02.zip");
        byte[] bytes = Files.readAllBytes(member);
        bytes[bytes.length / 2] ^= 1;
        Files.write(member, bytes);
        Files.deleteIfExists(copy.resolve("model/members/.member-02.zip.crc"));
        var hadoop = SparkTestSession.get().sparkContext().hadoopConfiguration();
        assertThatThrownBy(() -> LoadedModel.load(copy.toString(), hadoop))
                .isInstanceOf(BadInputException.class).hasMessageContaining("member-02.zip");

        Path other = out.resolve("other");
        copyTree(Path.of(URI.create(runDir)), other);
        Files.delete(other.resolve("model/members/member-03.zip"));
        Files.deleteIfExists(other.resolve("model/members/.member-03.zip.crc"));
        assertThatThrownBy(() -> LoadedModel.load(other.toString(), hadoop))
                .isInstanceOf(BadInputException.class).hasMessageContaining("member-03.zip");
    }

    @Test
    void anEnsembleWithOtherResamplingOrOneMemberIsRefusedBeforeTraining() {
        assertThatThrownBy(() -> JobConfig.load(null, List.of("ensemble.members=1")))
                .isInstanceOf(BadInputException.class).hasMessageContaining("ensemble.members")
                .hasMessageContaining("at least 2");
        JobConfig job = JobConfig.load(new File("jobs/fraud-baseline.conf"),
                keys("sampling=[{type=undersample, ratio=0.5}]", "job.name=ens-sampled"));
        assertThatThrownBy(() -> TrainJob.run(SparkTestSession.get(), job))
                .isInstanceOf(BadInputException.class).hasMessageContaining("sampling = []");
        JobConfig grid = JobConfig.load(new File("jobs/fraud-baseline.conf"),
                keys("compare.samplings=[[], [{type=undersample, ratio=0.5}]]"));
        assertThatThrownBy(() -> CompareJob.run(SparkTestSession.get(), grid,
                dev.fulcrum.compare.CompareSpec.parse(grid.resolved().getConfig("compare"))))
                .isInstanceOf(BadInputException.class).hasMessageContaining("compare.samplings must be [ [] ]");
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> s = Files.walk(from)) {
            for (Path p : s.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        }
    }
}
