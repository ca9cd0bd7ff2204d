package dev.fulcrum.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fulcrum.SparkTestSession;
import dev.fulcrum.bundle.LoadedModel;
import dev.fulcrum.config.JobConfig;
import dev.fulcrum.data.ColumnRules;
import dev.fulcrum.data.CsvOptions;
import dev.fulcrum.data.DataConfig;
import dev.fulcrum.data.Ingest;
import dev.fulcrum.error.BadInputException;
import dev.fulcrum.report.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 14 item 1 end to end on a committed fixture (src/test/resources/tabular/shops.csv: string
 * columns merchant and country.code, empty merchant and amount cells, a hyphenated age-years):
 * train with SMOTE-NC, then score raw rows, including a merchant never seen in training.
 */
class CategoricalEndToEndTest {
    private static final Path FIXTURE = Path.of("src/test/resources/tabular/shops.csv");

    @TempDir
    Path dir;

    private JobConfig job(String sampling) {
        return job(sampling, "onehot");
    }

    private JobConfig job(String sampling, String encoding) {
        return JobConfig.load(null, List.of("output.dir=\"" + dir.resolve("runs") + "\"", "job.name=shops",
                "data.input=\"" + FIXTURE.toAbsolutePath() + "\"", "data.idColumns=[id]", "sampling=" + sampling,
                "training.mode=local", "training.epochs=3", "training.batchSize=32", "model.hidden=[4]",
                "data.encoding=" + encoding));
    }

    @Test
    @SuppressWarnings("unchecked")
    void stringsAndEmptyCellsTrainAndScore() throws Exception {
        SparkSession spark = SparkTestSession.get();
        TrainJob.Outcome o = TrainJob.run(spark, job("[{type=smote-nc, k=3, ratio=0.5}]"));
        Map<String, Object> bundle = Json.read(Files.readString(
                Path.of(java.net.URI.create(o.runDir())).resolve("model/bundle.json")));
        assertThat((List<String>) bundle.get("features")).containsExactly("merchant", "country.code", "amount", "age-years");
        assertThat((List<String>) bundle.get("categorical")).containsExactly("merchant", "country.code");
        assertThat((List<String>) bundle.get("imputed")).containsExactly("amount");
        List<String> vector = (List<String>) bundle.get("vector");
        // numeric (scaled), the indicator, then the levels seen in the train split
        assertThat(vector.subList(0, 3)).containsExactly("amount", "age-years", "amount_missing");
        assertThat(vector).contains("merchant=shop_e", "merchant=" + ColumnRules.MISSING_LEVEL, "country.code=NL");
        assertThat(vector).hasSize(3 + 6 + 3);

        // scoring raw rows: an unseen merchant and an empty amount are scored, not refused
        Path fresh = dir.resolve("fresh.csv");
        Files.writeString(fresh, "id,merchant,country.code,amount,age-years\n"
                + "n1,shop_zzz,DE,10.5,30\nn2,shop_a,NL,,40\nn3,,FR,70,50\n");
        String out = dir.resolve("scored").toString();
        ScoreJob.Outcome s = ScoreJob.run(spark, new ScoreJob.Request(o.runDir(), null, fresh.toString(), "auto", out,
                "parquet", false, DataConfig.BadRowPolicy.FAIL));
        assertThat(s.rows()).isEqualTo(3);
        assertThat(spark.read().parquet(out).filter("score >= 0 AND score <= 1").count()).isEqualTo(3);

        // what the saved pipeline made of them: shop_zzz has no element set in the merchant block,
        // the empty amount is flagged, the empty merchant is the "(missing)" level
        LoadedModel m = LoadedModel.load(o.runDir(), spark.sparkContext().hadoopConfiguration());
        List<double[]> scaled = scaled(m, fresh);
        double[] unseen = scaled.get(0);
        double[] emptyAmount = scaled.get(1);
        double[] emptyMerchant = scaled.get(2);
        int[] merchant = block(vector, "merchant=");
        for (int i : merchant) {
            assertThat(unseen[i]).as(vector.get(i)).isZero();
        }
        assertThat(unseen[2]).isZero();
        assertThat(emptyAmount[2]).isEqualTo(1.0);
        assertThat(emptyAmount[vector.indexOf("merchant=shop_a")]).isEqualTo(1.0);
        assertThat(emptyMerchant[vector.indexOf("merchant=" + ColumnRules.MISSING_LEVEL)]).isEqualTo(1.0);

        // age-years had no empty cell in train: the model cannot fill one, so such a row is bad
        Path gap = dir.resolve("gap.csv");
        Files.writeString(gap, "id,merchant,country.code,amount,age-years\nn1,shop_a,DE,10.5,\n");
        assertThatThrownBy(() -> ScoreJob.run(spark, new ScoreJob.Request(o.runDir(), null, gap.toString(), "auto",
                dir.resolve("gap-out").toString(), "parquet", false, DataConfig.BadRowPolicy.FAIL)))
                .isInstanceOf(BadInputException.class).hasMessageContaining("column age-years: missing value");
    }

    /**
     * data.encoding = target (the default): one input per categorical column, so plain SMOTE has no
     * one-hot block to break and runs; at scoring a merchant never seen in training encodes as 0
     * (no evidence) and a known one as the value the saved pipeline holds for it.
     */
    @Test
    @SuppressWarnings("unchecked")
    void targetEncodedColumnsTrainWithSmoteAndScore() throws Exception {
        SparkSession spark = SparkTestSession.get();
        TrainJob.Outcome o = TrainJob.run(spark, job("[{type=smote, k=3, ratio=0.5}]", "target"));
        Map<String, Object> bundle = Json.read(Files.readString(
                Path.of(java.net.URI.create(o.runDir())).resolve("model/bundle.json")));
        assertThat((List<String>) bundle.get("categorical")).containsExactly("merchant", "country.code");
        assertThat((List<String>) bundle.get("vector")).containsExactly("amount", "age-years", "amount_missing",
                "merchant#target", "country.code#target");

        Path fresh = dir.resolve("fresh.csv");
        Files.writeString(fresh, "id,merchant,country.code,amount,age-years\n"
                + "n1,shop_zzz,XX,10.5,30\nn2,shop_a,NL,,40\n");
        String out = dir.resolve("scored").toString();
        ScoreJob.Outcome s = ScoreJob.run(spark, new ScoreJob.Request(o.runDir(), null, fresh.toString(), "auto", out,
                "parquet", false, DataConfig.BadRowPolicy.FAIL));
        assertThat(s.rows()).isEqualTo(2);
        assertThat(spark.read().parquet(out).filter("score >= 0 AND score <= 1").count()).isEqualTo(2);

        LoadedModel m = LoadedModel.load(o.runDir(), spark.sparkContext().hadoopConfiguration());
        List<double[]> scaled = scaled(m, fresh);
        double[] unseen = scaled.get(0);
        double[] known = scaled.get(1);
        assertThat(new double[] {unseen[3], unseen[4]}).containsExactly(0.0, 0.0);
        double[][] saved = java.util.Arrays.stream(m.scaler().stages())
                .filter(t -> t instanceof dev.fulcrum.features.TargetEncoderModel)
                .map(t -> ((dev.fulcrum.features.TargetEncoderModel) t).getEncodings()).findFirst().orElseThrow();
        // shop_a is a training level: its value is one of the merchant column's saved values, and not 0
        assertThat(saved[0]).contains(known[3]);
        assertThat(known[3]).isNotZero();
    }

    @Test
    void plainSmoteOnTheOneHotColumnsIsRefused() {
        assertThatThrownBy(() -> TrainJob.run(SparkTestSession.get(), job("[{type=smote, k=3, ratio=0.5}]")))
                .isInstanceOf(BadInputException.class)
                .hasMessageContaining("[merchant, country.code]").hasMessageContaining("smote-nc");
    }

    /** The network inputs the bundle's saved pipeline makes of a raw, unlabelled CSV, in id order. */
    private List<double[]> scaled(LoadedModel m, Path csv) {
        SparkSession spark = SparkTestSession.get();
        Dataset<Row> rows = Ingest.readUnlabelled(spark, new DataConfig(csv.toString(), "auto", m.label(), m.features(),
                m.idColumns(), DataConfig.BadRowPolicy.FAIL, null, CsvOptions.DEFAULT, m.columnRules()),
                dir.resolve("q-" + csv.getFileName()).toString()).rows();
        List<double[]> out = new ArrayList<>();
        for (Row r : m.scaler().transform(rows).orderBy("id").select("features").collectAsList()) {
            out.add(((Vector) r.get(0)).toArray());
        }
        return out;
    }

    private static int[] block(List<String> names, String prefix) {
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            if (names.get(i).startsWith(prefix)) {
                out.add(i);
            }
        }
        return out.stream().mapToInt(Integer::intValue).toArray();
    }
}
