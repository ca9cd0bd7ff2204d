package dev.fulcrum.features;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fulcrum.SparkTestSession;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/** {@link ScalerPlan} gives bit for bit the {@code features} of {@code PipelineModel.transform}. */
class ScalerPlanTest {
    private static final List<String> COLS = List.of("a", "b", "c", "d", "e");

    /** Random rows plus the edge values: zeros, -0.0, a constant column (std and IQR 0), huge values. */
    private static Dataset<Row> frame(int n, long seed) {
        StructType schema = new StructType();
        for (String c : COLS) {
            schema = schema.add(c, DataTypes.DoubleType, false);
        }
        schema = schema.add("id", DataTypes.StringType);
        Random r = new Random(seed);
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            double a = r.nextGaussian() * 3 + 1;
            double b = i % 7 == 0 ? 0.0 : (i % 11 == 0 ? -0.0 : r.nextDouble() * 1e6);
            // constant when fitted (std and IQR 0, scale 0): (x - shift) * 0 is -0.0 below the shift
            double c = seed == 1 ? 5.0 : (i % 3 == 0 ? 4.0 : 6.0);
            double d = i % 5 == 0 ? -0.0 : r.nextGaussian() * 1e-3;
            double e = i % 13 == 0 ? 0.0 : Math.exp(r.nextGaussian() * 10);
            rows.add(RowFactory.create(a, b, c, d, e, "r" + i));
        }
        return SparkTestSession.get().createDataFrame(rows, schema);
    }

    private static void assertSameAsPipeline(PipelineModel m, Dataset<Row> rows) {
        ScalerPlan plan = ScalerPlan.of(m, rows.schema()).orElseThrow();
        List<Row> want = m.transform(rows).select("features").collectAsList();
        List<Row> raw = rows.collectAsList();
        int[] at = plan.inputs().stream().mapToInt(c -> rows.schema().fieldIndex(c)).toArray();
        double[] got = new double[plan.size()];
        for (int i = 0; i < raw.size(); i++) {
            double[] in = new double[at.length];
            for (int k = 0; k < at.length; k++) {
                in[k] = raw.get(i).getDouble(at[k]);
            }
            plan.apply(in, got, 0);
            double[] w = ((Vector) want.get(i).get(0)).toArray();
            assertThat(w).hasSize(got.length);
            for (int k = 0; k < w.length; k++) {
                // raw bits: -0.0 and 0.0 differ, NaN never equals
                assertThat(Double.doubleToRawLongBits(got[k])).as("row %d element %d: %s vs %s", i, k, got[k], w[k])
                        .isEqualTo(Double.doubleToRawLongBits(w[k]));
            }
        }
    }

    @Test
    void everyScalingKindAloneAndMixedGivesThePipelinesExactFeatures() {
        Dataset<Row> train = frame(400, 1);
        Dataset<Row> score = frame(300, 2);
        List<ScalingSpec> specs = List.of(
                ScalingSpec.uniform(ScalingSpec.Kind.STANDARD),
                ScalingSpec.uniform(ScalingSpec.Kind.ROBUST),
                ScalingSpec.uniform(ScalingSpec.Kind.NONE),
                ScalingSpec.of(ScalingSpec.Kind.STANDARD, Map.of("b", ScalingSpec.Kind.ROBUST, "e", ScalingSpec.Kind.NONE)),
                ScalingSpec.of(ScalingSpec.Kind.NONE, Map.of("a", ScalingSpec.Kind.ROBUST, "c", ScalingSpec.Kind.ROBUST)),
                ScalingSpec.of(ScalingSpec.Kind.ROBUST, Map.of("c", ScalingSpec.Kind.STANDARD, "d", ScalingSpec.Kind.STANDARD)));
        for (ScalingSpec spec : specs) {
            PipelineModel m = FeatureScaling.fit(train, COLS, spec);
            assertSameAsPipeline(m, score);
            assertThat(ScalerPlan.of(m, score.schema()).orElseThrow().size()).isEqualTo(COLS.size());
        }
    }

    @Test
    void anUnknownStageOrANonDoubleInputHasNoPlan() {
        Dataset<Row> train = frame(50, 3);
        PipelineModel m = FeatureScaling.fit(train, COLS, ScalingSpec.uniform(ScalingSpec.Kind.STANDARD));
        StructType intA = new StructType();
        for (var f : train.schema().fields()) {
            intA = intA.add(f.name(), f.name().equals("a") ? DataTypes.IntegerType : f.dataType());
        }
        assertThat(ScalerPlan.of(m, intA)).isEmpty();
        PipelineModel keepInvalid = new org.apache.spark.ml.Pipeline().setStages(new PipelineStage[] {
            new VectorAssembler().setInputCols(COLS.toArray(new String[0])).setOutputCol("features")
                    .setHandleInvalid("keep")}).fit(train);
        assertThat(ScalerPlan.of(keepInvalid, train.schema())).isEmpty();
        PipelineModel other = new org.apache.spark.ml.Pipeline().setStages(new PipelineStage[] {
            new VectorAssembler().setInputCols(COLS.toArray(new String[0])).setOutputCol("v"),
            new org.apache.spark.ml.feature.MinMaxScaler().setInputCol("v").setOutputCol("features")}).fit(train);
        assertThat(ScalerPlan.of(other, train.schema())).isEmpty();
    }
}
