package dev.fulcrum.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fulcrum.SparkTestSession;
import dev.fulcrum.config.JobConfig;
import dev.fulcrum.bundle.LoadedModel;
import dev.fulcrum.data.CsvOptions;
import dev.fulcrum.data.DataConfig;
import dev.fulcrum.data.Ingest;
import dev.fulcrum.features.ScalerPlan;
import dev.fulcrum.train.NetworkScorer;
import dev.fulcrum.report.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 12 case 8: column names Spark would parse ({@code x.1} as a struct field, {@code my col},
 * {@code a-b}, a backtick) train and score end to end: every reference to a user's column is quoted.
 */
class ColumnNamesEndToEndTest {
    @TempDir
    Path dir;

    @Test
    @SuppressWarnings("unchecked")
    void dottedSpacedAndHyphenatedColumnsTrainAndScore() throws Exception {
        StringBuilder csv = new StringBuilder("id,g.id,x.1,my col,a-b,q`t,Class\n");
        Random r = new Random(3);
        for (int i = 0; i < 600; i++) {
            int y = i % 6 == 0 ? 1 : 0;
            csv.append("r").append(i).append(",g").append(i % 50).append(',').append(r.nextGaussian() + 2 * y).append(',')
                    .append(r.nextGaussian() * 10 - 5 * y).append(',').append(r.nextGaussian()).append(',')
                    .append(r.nextInt(5)).append(',').append(y).append('\n');
        }
        Path input = dir.resolve("names.csv");
        Files.writeString(input, csv);
        String runs = dir.resolve("runs").toString();
        JobConfig job = JobConfig.load(null, List.of("output.dir=\"" + runs + "\"", "job.name=names",
                "data.input=\"" + input + "\"", "data.idColumns=[id, \"g.id\"]", "split.groupBy=\"g.id\"",
                "sampling=[{type=smote, k=3, ratio=0.5}, {type=tomek}]",
                "scaling.robust=[\"my col\"]", "scaling.none=[\"q`t\"]",
                "training.mode=local", "training.epochs=3", "training.batchSize=32", "model.hidden=[4]"));
        SparkSession spark = SparkTestSession.get();
        TrainJob.Outcome o = TrainJob.run(spark, job);
        Map<String, Object> bundle = Json.read(Files.readString(
                Path.of(java.net.URI.create(o.runDir())).resolve("model/bundle.json")));
        assertThat((List<String>) bundle.get("features")).containsExactlyInAnyOrder("x.1", "my col", "a-b", "q`t");

        String output = dir.resolve("scored").toString();
        ScoreJob.Outcome s = ScoreJob.run(spark, new ScoreJob.Request(o.runDir(), null, input.toString(), "auto", output,
                "parquet", false, DataConfig.BadRowPolicy.FAIL));
        assertThat(s.rows()).isEqualTo(600);
        Dataset<Row> got = spark.read().parquet(output);
        assertThat(got.columns()).containsExactly("id", "g.id", "Class", "score", "probability", "decision");
        assertThat(got.filter("score >= 0 AND score <= 1").count()).isEqualTo(600);

        // the score job's exact replay of the scaler (ScalerPlan, through the CopyColumns stage) gives
        // the scores of the saved pipeline itself
        LoadedModel m = LoadedModel.load(o.runDir(), spark.sparkContext().hadoopConfiguration());
        Dataset<Row> rows = Ingest.readUnlabelled(spark, new DataConfig(input.toString(), "auto", m.label(), m.features(),
                m.idColumns(), DataConfig.BadRowPolicy.FAIL, null, CsvOptions.DEFAULT), dir.resolve("q").toString()).rows();
        assertThat(ScalerPlan.of(m.scaler(), rows.schema())).isPresent();
        Dataset<Row> reference = NetworkScorer.score(m.scaler().transform(rows), m.network(), m.outputColumns());
        assertThat(scores(got)).isEqualTo(scores(reference));
    }

    private static List<String> scores(Dataset<Row> scored) {
        return scored.select("id", "score").collectAsList().stream()
                .map(r -> r.getString(0) + " " + Double.doubleToRawLongBits(r.getDouble(1))).sorted().toList();
    }
}
