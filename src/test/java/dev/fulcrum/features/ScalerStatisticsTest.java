package dev.fulcrum.features;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.fulcrum.SparkTestSession;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.feature.RobustScalerModel;
import org.apache.spark.ml.feature.StandardScaler;
import org.apache.spark.ml.feature.StandardScalerModel;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/**
 * {@link ScalerStatistics} fits what the estimators fit on the assembled vectors: Spark's
 * StandardScaler (to summation order) and {@link ExactRobustScaler} (exactly), on any partitioning.
 */
class ScalerStatisticsTest {
    private static final StructType SCHEMA = new StructType()
            .add("a", DataTypes.DoubleType).add("b", DataTypes.DoubleType).add("c", DataTypes.DoubleType)
            .add("k", DataTypes.StringType).add("z", DataTypes.StringType);

    /** a: large offset, b: heavy tail with -0.0 and 0.0, c: constant, k: a varying string, z: a constant one. */
    private static Dataset<Row> frame(int n, int partitions) {
        Random r = new Random(5);
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            double b = i % 9 == 0 ? -0.0 : i % 9 == 1 ? 0.0 : Math.exp(r.nextGaussian() * 3);
            rows.add(RowFactory.create(1e6 + r.nextGaussian(), b, 4.0, "k" + (i % 3), "same"));
        }
        return SparkTestSession.get().createDataFrame(rows, SCHEMA).repartition(partitions);
    }

    private static <M> M fitted(Dataset<Row> df, List<String> cols, PipelineStage scaler, Class<M> type) {
        org.apache.spark.ml.PipelineModel m = new org.apache.spark.ml.Pipeline().setStages(new PipelineStage[] {
            new VectorAssembler().setInputCols(cols.toArray(new String[0])).setOutputCol("in"), scaler}).fit(df);
        return type.cast(m.stages()[1]);
    }

    @Test
    void theEstimatorsStatisticsInOnePass() {
        for (int partitions : new int[] {1, 3, 7}) {
            Dataset<Row> df = frame(5000, partitions);
            List<String> cols = List.of("a", "b", "c");
            ScalerStatistics s = ScalerStatistics.of(df, cols, cols, List.of("a", "b", "c", "k", "z"));
            assertThat(s.rows()).isEqualTo(5000);
            assertThat(s.constant()).containsExactly("c", "z");
            StandardScalerModel want = fitted(df, cols, new StandardScaler().setInputCol("in").setOutputCol("out")
                    .setWithMean(true), StandardScalerModel.class);
            StandardScalerModel got = s.standard("in", "out");
            for (int i = 0; i < 3; i++) {
                assertThat(got.mean().apply(i)).isCloseTo(want.mean().apply(i), within(1e-12 * Math.abs(want.mean().apply(i))));
                assertThat(got.std().apply(i)).isCloseTo(want.std().apply(i), within(1e-9 * want.std().apply(i)));
            }
            assertThat(got.std().apply(2)).isEqualTo(0.0);
            assertThat(got.getWithMean()).isTrue();
            assertThat(got.getWithStd()).isTrue();
            RobustScalerModel wantR = fitted(df, cols, new ExactRobustScaler().setInputCol("in").setOutputCol("out"),
                    RobustScalerModel.class);
            RobustScalerModel gotR = s.robust("in", "out");
            assertThat(gotR.median().toArray()).containsExactly(wantR.median().toArray());
            assertThat(gotR.range().toArray()).containsExactly(wantR.range().toArray());
            assertThat(gotR.getWithCentering()).isTrue();
            assertThat(gotR.getWithScaling()).isTrue();
        }
    }

    @Test
    void oneRowHasStandardDeviationZeroAsTheSummarizerSays() {
        Dataset<Row> one = frame(1, 1);
        ScalerStatistics s = ScalerStatistics.of(one, List.of("a"), List.of(), List.of("a"));
        assertThat(s.standard("in", "out").std().apply(0)).isEqualTo(0.0);
        assertThat(s.constant()).containsExactly("a");
    }

    @Test
    void aNumericColumnThatIsNotDoubleIsLeftToTheEstimators() {
        Dataset<Row> ints = frame(10, 1).withColumn("a", org.apache.spark.sql.functions.col("a").cast("int"));
        assertThat(ScalerStatistics.of(ints, List.of("a"), List.of(), List.of("a"))).isNull();
    }
}
