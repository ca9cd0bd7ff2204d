package dev.fulcrum.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fulcrum.SparkTestSession;
import dev.fulcrum.error.BadInputException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Ingest under ColumnRules: categorical detection, empty cells as values, data.required. */
class IngestCategoricalTest {
    private final SparkSession spark = SparkTestSession.get();
    private static final ColumnRules AUTO = new ColumnRules(null, List.of(), ColumnRules.Impute.MEDIAN, 0, true);

    @TempDir
    Path dir;

    private Ingest.Result read(String content, ColumnRules rules, DataConfig.BadRowPolicy policy) throws Exception {
        Path p = dir.resolve("t.csv");
        Files.writeString(p, content);
        return Ingest.read(spark, new DataConfig(p.toString(), "auto", "Class", List.of(), List.of(), policy, null,
                CsvOptions.DEFAULT, rules), dir.resolve("q").toString());
    }

    /** shop: 4 of 5 non-empty cells are words -> categorical; typo.col: 1 word in 6 -> numeric. */
    private static final String TABLE = "shop,typo.col,amt,Class\n"
            + "a,1,1.5,0\nb,2,,1\n,3,2.5,0\na,4,3.5,1\n7,5,4.5,0\nc,x,5.5,1\n";

    @Test
    void mostlyWordsIsCategoricalAFewTyposStayBadRowsAndEmptyCellsAreValues() throws Exception {
        Ingest.Result r = read(TABLE, AUTO, DataConfig.BadRowPolicy.QUARANTINE);
        assertThat(r.categorical()).containsExactly("shop");
        assertThat(r.rows().schema().apply("shop").dataType()).isEqualTo(DataTypes.StringType);
        assertThat(r.rows().schema().apply("typo.col").dataType()).isEqualTo(DataTypes.DoubleType);
        assertThat(r.quarantined()).isEqualTo(1); // the 'x' in typo.col
        List<Row> rows = r.rows().orderBy(Columns.ref("typo.col")).collectAsList();
        assertThat(rows).hasSize(5);
        assertThat(rows.get(1).isNullAt(2)).isTrue(); // the empty amt is null, for the imputer
        assertThat(rows.get(2).getString(0)).isEqualTo(ColumnRules.MISSING_LEVEL);
        assertThat(rows.get(4).getString(0)).isEqualTo("7"); // a number in a categorical column is a level
    }

    @Test
    void requiredColumnsAndImputeNoneKeepTheStrictRule() throws Exception {
        assertThatThrownBy(() -> read(TABLE, new ColumnRules(null, List.of("shop"), ColumnRules.Impute.MEDIAN, 0, true),
                DataConfig.BadRowPolicy.FAIL)).isInstanceOf(BadInputException.class)
                .hasMessageContaining("line 4: column shop: missing value");
        assertThatThrownBy(() -> read(TABLE, new ColumnRules(List.of("shop", "typo.col"), List.of(), ColumnRules.Impute.NONE,
                0, false), DataConfig.BadRowPolicy.FAIL)).isInstanceOf(BadInputException.class)
                .hasMessageContaining("line 3: column amt: missing value");
        assertThatThrownBy(() -> read(TABLE, new ColumnRules(List.of("Class"), List.of(), ColumnRules.Impute.MEDIAN, 0,
                true), DataConfig.BadRowPolicy.FAIL)).isInstanceOf(BadInputException.class)
                .hasMessageContaining("data.categorical: column 'Class' is not a feature column");
    }

    @Test
    void parquetStringColumnsAreCategoricalAndNullsAreValues() throws Exception {
        Ingest.Result csv = read(TABLE, AUTO, DataConfig.BadRowPolicy.QUARANTINE);
        String pq = dir.resolve("t.parquet").toString();
        csv.rows().withColumn("shop", org.apache.spark.sql.functions.when(Columns.ref("shop")
                .equalTo(ColumnRules.MISSING_LEVEL), null).otherwise(Columns.ref("shop")))
                .withColumnRenamed("label", "Class").write().parquet(pq);
        Ingest.Result r = Ingest.read(spark, new DataConfig(pq, "auto", "Class", List.of(), List.of(),
                DataConfig.BadRowPolicy.FAIL, null, CsvOptions.DEFAULT, AUTO), dir.resolve("q2").toString());
        assertThat(r.categorical()).containsExactly("shop");
        assertThat(r.rows().filter(Columns.ref("shop").equalTo(ColumnRules.MISSING_LEVEL)).count()).isEqualTo(1);
        assertThat(r.rows().filter(Columns.ref("amt").isNull()).count()).isEqualTo(1);
    }
}
