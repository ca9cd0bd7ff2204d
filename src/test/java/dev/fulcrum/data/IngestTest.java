package dev.fulcrum.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fulcrum.SparkTestSession;
import dev.fulcrum.error.BadInputException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IngestTest {
    private final SparkSession spark = SparkTestSession.get();
    @TempDir
    Path dir;

    private static final String GOOD = """
            "Time","V1","Amount","Class"
            0,1.5,10.0,"0"
            1,-0.5,20.0,"1"
            2,0.25,5.5,0
            """;

    private String csv(String name, String content) throws Exception {
        Path p = dir.resolve(name);
        Files.writeString(p, content);
        return p.toString();
    }

    private static DataConfig cfg(String input, DataConfig.BadRowPolicy policy) {
        return new DataConfig(input, "auto", "Class", List.of(), List.of(), policy,
                new GenerateConfig(10, 0.01, 1, 1, "csv"));
    }

    private Ingest.Result read(String input, DataConfig.BadRowPolicy policy) {
        return Ingest.read(spark, cfg(input, policy), dir.resolve("quarantine").toString());
    }

    @Test
    void readsQuotedCsvIntoTypedColumnsAndALabel() throws Exception {
        Ingest.Result r = read(csv("good.csv", GOOD), DataConfig.BadRowPolicy.FAIL);
        assertThat(r.features()).containsExactly("Time", "V1", "Amount");
        assertThat(r.counts()).isEqualTo(new ClassCounts(2, 1));
        assertThat(r.quarantined()).isZero();
        Row first = r.rows().orderBy("Time").first();
        assertThat(first.getDouble(1)).isEqualTo(1.5);
        assertThat(first.getDouble(first.fieldIndex(Columns.LABEL))).isEqualTo(0.0);
    }

    @Test
    void badValueFailsNamingFileLineAndColumn() throws Exception {
        String f = csv("bad.csv", GOOD + "3,abc,1.0,0\n4,1.0,NaN,1\n");
        assertThatThrownBy(() -> read(f, DataConfig.BadRowPolicy.FAIL))
                .isInstanceOf(BadInputException.class)
                .hasMessageContaining("bad.csv, line 5: column V1: expected a finite number; got 'abc'")
                .hasMessageContaining("2 bad row(s)")
                .hasMessageContaining("data.onBadRow = quarantine");
    }

    @Test
    void quarantineWritesEachBadRowWithItsReasonAndCountsIt() throws Exception {
        String f = csv("bad.csv", GOOD + "3,abc,1.0,0\n4,1.0,Infinity,1\n5,1.0,2.0,2\n6,1.0\n");
        Ingest.Result r = read(f, DataConfig.BadRowPolicy.QUARANTINE);
        assertThat(r.quarantined()).isEqualTo(4);
        assertThat(r.counts()).isEqualTo(new ClassCounts(2, 1));
        List<String> reasons = spark.read().option("header", "true").csv(dir.resolve("quarantine").toString())
                .select("reason").as(org.apache.spark.sql.Encoders.STRING()).collectAsList();
        assertThat(reasons).containsExactlyInAnyOrder(
                "column V1: expected a finite number; got 'abc'",
                "column Amount: expected a finite number; got 'Infinity'",
                "column Class: expected label 0 or 1; got '2'",
                "the header has 4 fields, this line has 2");
    }

    @Test
    void missingFileEmptyFileAndHeaderOnlyAreOneLineErrors() throws Exception {
        assertThatThrownBy(() -> read(dir.resolve("none.csv").toString(), DataConfig.BadRowPolicy.FAIL))
                .isInstanceOf(BadInputException.class).hasMessageStartingWith("data.input: file not found");
        String empty = csv("empty.csv", "");
        assertThatThrownBy(() -> read(empty, DataConfig.BadRowPolicy.FAIL))
                .isInstanceOf(BadInputException.class).hasMessageContaining("input is empty");
        String header = csv("header.csv", "Time,V1,Amount,Class\n");
        assertThatThrownBy(() -> read(header, DataConfig.BadRowPolicy.FAIL))
                .isInstanceOf(BadInputException.class).hasMessageContaining("no valid data rows (only a header)");
    }

    @Test
    void missingLabelColumnAndSingleClassAreClearErrors() throws Exception {
        String noLabel = csv("nolabel.csv", "Time,V1,Amount\n0,1,2\n");
        assertThatThrownBy(() -> read(noLabel, DataConfig.BadRowPolicy.FAIL))
                .isInstanceOf(BadInputException.class)
                .hasMessageContaining("data.label: column 'Class' not found")
                .hasMessageContaining("its columns are: Time, V1, Amount");
        String oneClass = csv("one.csv", "Time,V1,Amount,Class\n0,1,2,0\n1,1,2,0\n");
        assertThatThrownBy(() -> read(oneClass, DataConfig.BadRowPolicy.FAIL))
                .isInstanceOf(BadInputException.class)
                .hasMessageContaining("must hold both classes 0 and 1; found 2 rows of class 0 and 0 of class 1");
    }

    @Test
    void parquetNullsAndNanAreQuarantinedWithTheirColumn() {
        StructType schema = DataTypes.createStructType(List.of(
                DataTypes.createStructField("V1", DataTypes.DoubleType, true),
                DataTypes.createStructField("Class", DataTypes.IntegerType, true)));
        List<Row> rows = List.of(RowFactory.create(1.0, 0), RowFactory.create(2.0, 1), RowFactory.create(Double.NaN, 0),
                RowFactory.create(null, 1), RowFactory.create(3.0, 7), RowFactory.create(4.0, 0));
        String path = dir.resolve("in.parquet").toString();
        spark.createDataFrame(rows, schema).coalesce(1).write().parquet(path);
        Ingest.Result r = read(path, DataConfig.BadRowPolicy.QUARANTINE);
        assertThat(r.counts()).isEqualTo(new ClassCounts(2, 1));
        assertThat(r.quarantined()).isEqualTo(3);
        assertThatThrownBy(() -> read(path, DataConfig.BadRowPolicy.FAIL))
                .isInstanceOf(BadInputException.class)
                .hasMessageContaining("in.parquet")
                .hasMessageContaining("3 bad row(s)");
    }

    @Test
    void generatedDataRoundTripsThroughCsvAndKeepsBayesScoreOutOfTheFeatures() {
        String out = dir.resolve("gen.csv").toString();
        GenerateConfig g = new GenerateConfig(2000, 0.05, 4, 3, "csv");
        assertThat(GeneratedData.writeIfAbsent(spark, g, out, true, false)).isTrue();
        assertThat(GeneratedData.writeIfAbsent(spark, g, out, true, false)).isFalse();
        Ingest.Result r = read(out, DataConfig.BadRowPolicy.FAIL);
        assertThat(r.counts().total()).isEqualTo(2000);
        assertThat(r.features()).hasSize(30).doesNotContain(Columns.BAYES_SCORE, "Class");
        assertThat(r.hasBayes()).isTrue();
        assertThat(r.files().files()).hasSize(3);
    }
}
