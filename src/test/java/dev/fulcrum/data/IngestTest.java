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
                new GenerateConfig(10, 0.01, 1, 1, "csv"), CsvOptions.DEFAULT);
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

    private static DataConfig cfg(String input, DataConfig.BadRowPolicy policy, CsvOptions csv) {
        return new DataConfig(input, "auto", "Class", List.of(), List.of(), policy,
                new GenerateConfig(10, 0.01, 1, 1, "csv"), csv);
    }

    private List<String> quarantineColumn(String column) {
        return spark.read().option("header", "true").csv(dir.resolve("quarantine").toString())
                .select(column).as(org.apache.spark.sql.Encoders.STRING()).collectAsList();
    }

    /** Issue 12 case 9: the header of a ';'-file is one field; the error names the delimiter to set. */
    @Test
    void aSemicolonHeaderUnderTheCommaDefaultSaysWhichDelimiterToSet() throws Exception {
        String f = csv("semi.csv", "Time;V1;Amount;Class\n0;1.5;10.0;0\n1;-0.5;20.0;1\n");
        assertThatThrownBy(() -> read(f, DataConfig.BadRowPolicy.FAIL))
                .isInstanceOf(BadInputException.class)
                .hasMessageContaining("semi.csv: line 1: the header looks ';'-separated (1 field: 'Time;V1;Amount;Class');"
                        + " set data.csv.delimiter = \";\"");
        String t = csv("tab.csv", "Time\tV1\tClass\n0\t1\t0\n");
        assertThatThrownBy(() -> read(t, DataConfig.BadRowPolicy.FAIL))
                .isInstanceOf(BadInputException.class)
                .hasMessageContaining("the header looks '\\t'-separated").hasMessageContaining("data.csv.delimiter = \"\\t\"");
    }

    @Test
    void semicolonTabAndCustomQuoteFilesReadLikeTheCommaFile() throws Exception {
        String semi = csv("semi.csv", GOOD.replace(',', ';'));
        String tab = csv("tab.tsv", GOOD.replace(',', '\t'));
        String single = csv("single.csv", "'Time','V1','Amount','Class'\n'0',1.5,10.0,0\n1,-0.5,20.0,'1'\n2,0.25,5.5,0\n");
        for (var c : List.of(new Object[] {semi, new CsvOptions(';', '"', "")}, new Object[] {tab, new CsvOptions('\t', '"', "")},
                new Object[] {single, new CsvOptions(',', '\'', "")})) {
            DataConfig d = new DataConfig((String) c[0], "csv", "Class", List.of(), List.of(), DataConfig.BadRowPolicy.FAIL,
                    null, (CsvOptions) c[1]);
            Ingest.Result r = Ingest.read(spark, d, dir.resolve("q").toString());
            assertThat(r.features()).as((String) c[0]).containsExactly("Time", "V1", "Amount");
            assertThat(r.counts()).isEqualTo(new ClassCounts(2, 1));
            assertThat(r.rows().orderBy("Time").first().getDouble(1)).isEqualTo(1.5);
        }
        // a ';'-file whose fields hold commas in quotes: the delimiter, not the comma, splits
        String quoted = csv("q.csv", "id;V1;Class\n\"a;b\";1.5;0\n\"c,d\";2.5;1\n");
        DataConfig d = new DataConfig(quoted, "csv", "Class", List.of(), List.of("id"), DataConfig.BadRowPolicy.FAIL,
                null, new CsvOptions(';', '"', ""));
        assertThat(Ingest.read(spark, d, dir.resolve("q2").toString()).rows().select("id")
                .as(org.apache.spark.sql.Encoders.STRING()).collectAsList()).containsExactlyInAnyOrder("a;b", "c,d");
    }

    @Test
    void aFieldEqualToNullValueIsAMissingValue() throws Exception {
        String f = csv("na.csv", GOOD + "3,NA,1.0,0\n4,1.0,,1\n5,1.0,2.0,NA\n");
        Ingest.Result r = Ingest.read(spark, cfg(f, DataConfig.BadRowPolicy.QUARANTINE, new CsvOptions(',', '"', "NA")),
                dir.resolve("quarantine").toString());
        assertThat(r.quarantined()).isEqualTo(3);
        assertThat(quarantineColumn("reason")).containsExactlyInAnyOrder(
                "column V1: missing value", "column Amount: missing value", "column Class: missing value");
    }

    /** Issue 12 case 8: duplicated header names are one line naming the file, the names and their positions. */
    @Test
    void duplicateHeaderNamesAreRefusedNamingThemAndTheirPositions() throws Exception {
        String f = csv("dup.csv", "Time,V1,V2,V1,Class,V2\n0,1,2,3,0,4\n");
        assertThatThrownBy(() -> read(f, DataConfig.BadRowPolicy.FAIL))
                .isInstanceOf(BadInputException.class)
                .hasMessageContaining("dup.csv: line 1: duplicate column names 'V1' (columns 2, 4), 'V2' (columns 3, 6)")
                .hasMessageNotContaining("\n");
        String cased = csv("case.csv", "Time,v1,V1,Class\n0,1,2,0\n");
        assertThatThrownBy(() -> read(cased, DataConfig.BadRowPolicy.FAIL))
                .isInstanceOf(BadInputException.class)
                .hasMessageContaining("case.csv: line 1: duplicate column names 'v1'/'V1' (columns 2, 3)");
        // Parquet: Spark refuses the file's schema itself; the refusal is the same kind of one-line error
        String pq = dir.resolve("case.parquet").toString();
        spark.conf().set("spark.sql.caseSensitive", "true");
        try {
            spark.createDataFrame(List.of(RowFactory.create(1.0, 2.0, 0)), DataTypes.createStructType(List.of(
                    DataTypes.createStructField("v1", DataTypes.DoubleType, true),
                    DataTypes.createStructField("V1", DataTypes.DoubleType, true),
                    DataTypes.createStructField("Class", DataTypes.IntegerType, true)))).write().parquet(pq);
        } finally {
            spark.conf().unset("spark.sql.caseSensitive");
        }
        assertThatThrownBy(() -> read(pq, DataConfig.BadRowPolicy.FAIL))
                .isInstanceOf(BadInputException.class)
                .hasMessageContaining("case.parquet").hasMessageContaining("duplicate column")
                .hasMessageContaining("give every column a distinct name").hasMessageNotContaining("\n");
    }

    /** Issue 12 case 4: a finite value too large for the scaler's and the network's arithmetic is a bad row. */
    @Test
    void aValueBeyondTheSupportedMagnitudeIsABadRowNamingColumnAndBound() throws Exception {
        String f = csv("big.csv", GOOD + "3,1.0,1e308,0\n4,-2e19,1.0,1\n5,9.2e18,1.0,0\n");
        assertThatThrownBy(() -> read(f, DataConfig.BadRowPolicy.FAIL))
                .isInstanceOf(BadInputException.class)
                .hasMessageContaining("big.csv, line 5: column Amount: |1e308| exceeds the supported magnitude 1e19;"
                        + " rescale the column (2 bad row(s) in all)");
        Ingest.Result r = read(f, DataConfig.BadRowPolicy.QUARANTINE);
        assertThat(r.quarantined()).isEqualTo(2);
        assertThat(r.counts()).isEqualTo(new ClassCounts(3, 1)); // 9.2e18 (a 64-bit integer) is in range
        assertThat(quarantineColumn("reason")).containsExactlyInAnyOrder(
                "column Amount: |1e308| exceeds the supported magnitude 1e19; rescale the column",
                "column V1: |-2e19| exceeds the supported magnitude 1e19; rescale the column");

        StructType schema = DataTypes.createStructType(List.of(
                DataTypes.createStructField("Amount", DataTypes.DoubleType, true),
                DataTypes.createStructField("Class", DataTypes.IntegerType, true)));
        String path = dir.resolve("big.parquet").toString();
        spark.createDataFrame(List.of(RowFactory.create(1.0, 0), RowFactory.create(1e308, 1), RowFactory.create(2.0, 1),
                RowFactory.create(3.0, 0)), schema).coalesce(1).write().parquet(path);
        assertThatThrownBy(() -> read(path, DataConfig.BadRowPolicy.FAIL))
                .isInstanceOf(BadInputException.class)
                .hasMessageContaining("column Amount: |1.0E308| exceeds the supported magnitude 1e19; rescale the column"
                        + " (1 bad row(s) in all)");
        assertThat(read(path, DataConfig.BadRowPolicy.QUARANTINE).quarantined()).isEqualTo(1);
    }

    /** Issue 12 case 9: a 1 MB bad field is cut to 80 characters in the reason; raw_line keeps the line. */
    @Test
    void aHugeBadFieldIsCutInTheReasonAndKeptWholeInRawLine() throws Exception {
        String huge = "a".repeat(1 << 20);
        String f = csv("huge.csv", GOOD + "3," + huge + ",1.0,0\n");
        String shown = "column V1: expected a finite number; got '" + "a".repeat(80) + "…' (1048576 chars)";
        assertThatThrownBy(() -> read(f, DataConfig.BadRowPolicy.FAIL))
                .isInstanceOf(BadInputException.class)
                .hasMessageContaining(shown)
                .satisfies(e -> assertThat(e.getMessage().length()).isLessThan(500));
        read(f, DataConfig.BadRowPolicy.QUARANTINE);
        assertThat(quarantineColumn("reason")).containsExactly(shown);
        assertThat(quarantineColumn("raw_line")).containsExactly("3," + huge + ",1.0,0");
    }

    /** Issue 12 case 7: scoring reads a yes/no label without refusing a row; the label is left empty. */
    @Test
    void theUnlabelledReadNeverRefusesARowForItsLabel() throws Exception {
        String f = csv("yesno.csv", "Time,V1,Class\n0,1.5,yes\n1,2.5,no\n2,3.5,1\n");
        DataConfig d = new DataConfig(f, "auto", "Class", List.of("V1"), List.of("Time"), DataConfig.BadRowPolicy.FAIL,
                null, CsvOptions.DEFAULT);
        Ingest.Unlabelled u = Ingest.readUnlabelled(spark, d, dir.resolve("q").toString());
        assertThat(u.quarantined()).isZero();
        assertThat(u.hasLabel()).isTrue();
        assertThat(u.rows().orderBy("Time").collectAsList().stream().map(r -> r.get(r.fieldIndex(Columns.LABEL))).toList())
                .containsExactly(null, null, 1.0);
        // Parquet: a string label is not read at all
        String p = dir.resolve("yesno.parquet").toString();
        spark.read().option("header", "true").csv(f).selectExpr("Time", "cast(V1 as double) V1", "Class").write().parquet(p);
        Ingest.Unlabelled pu = Ingest.readUnlabelled(spark, new DataConfig(p, "auto", "Class", List.of("V1"), List.of("Time"),
                DataConfig.BadRowPolicy.FAIL, null, CsvOptions.DEFAULT), dir.resolve("q").toString());
        assertThat(pu.hasLabel()).isFalse();
        assertThat(pu.rows().count()).isEqualTo(3);
    }
}
