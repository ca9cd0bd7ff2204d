package dev.fulcrum.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fulcrum.SparkTestSession;
import dev.fulcrum.bundle.LoadedModel;
import dev.fulcrum.config.JobConfig;
import dev.fulcrum.data.CsvOptions;
import dev.fulcrum.data.DataConfig;
import dev.fulcrum.data.Ingest;
import dev.fulcrum.features.ScalerPlan;
import dev.fulcrum.report.Json;
import dev.fulcrum.train.NetworkScorer;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code scaling.bins} from the job file to {@code fulcrum score}: the bundle's pipeline holds the
 * encoding, the network was trained on it, and scoring (the {@link ScalerPlan} path) gives exactly
 * the scores of the saved pipeline followed by the network.
 */
class PiecewiseLinearScoreTest {
    @TempDir
    Path dir;

    @Test
    @SuppressWarnings("unchecked")
    void aBinnedBundleScoresExactlyAsItsPipeline() throws Exception {
        SparkSession spark = SparkTestSession.get();
        String runs = dir.resolve("runs").toString();
        TrainJob.Outcome o = TrainJob.run(spark, JobConfig.load(new File("jobs/fraud-baseline.conf"), List.of(
                "output.dir=\"" + runs + "\"", "job.name=bins", "data.generate.rows=2000",
                "data.generate.fraudRate=0.05", "data.generate.partitions=2", "data.idColumns=[Time]",
                "scaling.robust=[Amount]", "scaling.bins=4", "training.mode=local", "training.epochs=2", "training.batchSize=64",
                "model.hidden=[8]")));
        Map<String, Object> bundle = Json.read(Files.readString(
                Path.of(java.net.URI.create(o.runDir())).resolve("model/bundle.json")));
        List<String> vector = (List<String>) bundle.get("vector");
        // 29 scaled columns (V1..V28, Amount), then 4 encodings of each: continuous values, no ties
        assertThat(vector).hasSize(29 * 5);
        assertThat(vector.subList(0, 29)).doesNotContain("V1#pl1");
        assertThat(vector.subList(29, 33)).containsExactly("V1#pl1", "V1#pl2", "V1#pl3", "V1#pl4");

        LoadedModel m = LoadedModel.load(o.runDir(), spark.sparkContext().hadoopConfiguration());
        assertThat(m.network().layerInputSize(0)).isEqualTo(vector.size());
        String csv;
        try (Stream<Path> s = Files.list(Path.of(runs, "data"))) {
            csv = s.filter(p -> p.getFileName().toString().endsWith(".csv")).findFirst().orElseThrow().toString();
        }
        Dataset<Row> rows = Ingest.readUnlabelled(spark, new DataConfig(csv, "auto", m.label(), m.features(),
                m.idColumns(), DataConfig.BadRowPolicy.FAIL, null, CsvOptions.DEFAULT), "unused").rows();
        assertThat(ScalerPlan.of(m.scaler(), rows.schema())).get()
                .satisfies(p -> assertThat(p.size()).isEqualTo(vector.size()));

        String out = dir.resolve("scored").toString();
        ScoreJob.Outcome s = ScoreJob.run(spark, new ScoreJob.Request(o.runDir(), null, csv, "auto", out, "parquet",
                false, DataConfig.BadRowPolicy.FAIL));
        assertThat(s.rows()).isEqualTo(2000);
        assertThat(pairs(spark.read().parquet(out)))
                .isEqualTo(pairs(NetworkScorer.score(m.scaler().transform(rows), m.network(), m.outputColumns())));
    }

    private static List<String> pairs(Dataset<Row> scored) {
        return scored.select("Time", "score").collectAsList().stream()
                .map(r -> r.get(0) + " " + Double.doubleToRawLongBits(r.getDouble(1))).sorted().toList();
    }
}
