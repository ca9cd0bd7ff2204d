package dev.fulcrum.features;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fulcrum.SparkTestSession;
import dev.fulcrum.data.ColumnRules;
import dev.fulcrum.error.BadInputException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code scaling.bins}: the piecewise-linear encoding against values worked out by hand, its
 * layout, its replay by {@link ScalerPlan} and its round trip through a saved pipeline.
 */
class PiecewiseLinearEncodingTest {
    private static final StructType SCHEMA = new StructType()
            .add("x", DataTypes.DoubleType, false)
            .add("flag", DataTypes.DoubleType, false)
            .add("k", DataTypes.DoubleType, false);

    /** x = 1..9, flag alternating 0/1, k constant 7. */
    private static Dataset<Row> train() {
        List<Row> rows = new ArrayList<>();
        for (int i = 1; i <= 9; i++) {
            rows.add(RowFactory.create((double) i, (double) (i % 2), 7.0));
        }
        return SparkTestSession.get().createDataFrame(rows, SCHEMA);
    }

    private static Dataset<Row> rows(double... xs) {
        List<Row> rows = new ArrayList<>();
        for (double x : xs) {
            rows.add(RowFactory.create(x, 1.0, 7.0));
        }
        return SparkTestSession.get().createDataFrame(rows, SCHEMA);
    }

    private static List<double[]> features(PipelineModel m, Dataset<Row> rows) {
        List<double[]> out = new ArrayList<>();
        for (Row r : m.transform(rows).select("features").collectAsList()) {
            out.add(((Vector) r.get(0)).toArray());
        }
        return out;
    }

    @Test
    void quartileBinsOfOneToNineEncodeByHand() {
        // 4 bins of 1..9: numpy-linear quantiles at 0, 1/4, 1/2, 3/4, 1 are ranks 0, 2, 4, 6, 8 -> edges 1, 3, 5, 7, 9.
        // flag has two distinct values (one bin) and k one: neither is encoded.
        FeatureScaling.Fitted f = FeatureScaling.fit(train(), List.of("x", "flag", "k"), List.of(),
                ScalingSpec.uniform(ScalingSpec.Kind.NONE).withBins(4), ColumnRules.STRICT);
        assertThat(f.layout().names()).containsExactly("x", "flag", "k", "x#pl1", "x#pl2", "x#pl3", "x#pl4");
        PiecewiseLinearModel plm = (PiecewiseLinearModel) java.util.Arrays.stream(f.model().stages())
                .filter(s -> s instanceof PiecewiseLinearModel).findFirst().orElseThrow();
        assertThat(plm.getEdges()[0]).containsExactly(1, 3, 5, 7, 9);
        assertThat(plm.getEdges()[1]).isEmpty();
        assertThat(plm.getEdges()[2]).isEmpty();
        List<double[]> v = features(f.model(), rows(4.0, 1.0, 9.0, 0.0, 10.0, 6.5));
        // x = 4: bin [1,3] full, (4-3)/2 = 0.5 into [3,5], nothing above
        assertThat(v.get(0)).containsExactly(4, 1, 7, 1, 0.5, 0, 0);
        assertThat(v.get(1)).containsExactly(1, 1, 7, 0, 0, 0, 0);
        assertThat(v.get(2)).containsExactly(9, 1, 7, 1, 1, 1, 1);
        // outside the training range the encodings saturate; the scaled value still carries x
        assertThat(v.get(3)).containsExactly(0, 1, 7, 0, 0, 0, 0);
        assertThat(v.get(4)).containsExactly(10, 1, 7, 1, 1, 1, 1);
        assertThat(v.get(5)).containsExactly(6.5, 1, 7, 1, 1, 0.75, 0);
    }

    @Test
    void aPointMassMergesItsBins() {
        // 0, 0, 0, 0, 1, 2, 4: quantiles at thirds are ranks 0, 2, 4, 6 -> 0, 0, 1, 4 -> edges 0, 1, 4
        List<Row> rows = new ArrayList<>();
        for (double x : new double[] {0, 0, 0, 0, 1, 2, 4}) {
            rows.add(RowFactory.create(x, 0.0, 1.0));
        }
        Dataset<Row> t = SparkTestSession.get().createDataFrame(rows, SCHEMA);
        FeatureScaling.Fitted f = FeatureScaling.fit(t, List.of("x"), List.of(),
                ScalingSpec.uniform(ScalingSpec.Kind.NONE).withBins(3), ColumnRules.STRICT);
        assertThat(f.layout().names()).containsExactly("x", "x#pl1", "x#pl2");
        double[] v = features(f.model(), rows(2.0)).get(0);
        assertThat(v[0]).isEqualTo(2.0);
        assertThat(v[1]).isEqualTo(1.0);
        assertThat(v[2]).isCloseTo(1.0 / 3, org.assertj.core.data.Offset.offset(1e-15));
    }

    @Test
    void thePlanReplaysTheEncodingBitForBitOnEveryScalingKind() {
        StructType schema = new StructType();
        for (String c : List.of("a", "b", "c", "d")) {
            schema = schema.add(c, DataTypes.DoubleType, false);
        }
        java.util.Random r = new java.util.Random(5);
        List<Row> tr = new ArrayList<>();
        List<Row> sc = new ArrayList<>();
        for (int i = 0; i < 700; i++) {
            Row row = RowFactory.create(r.nextGaussian() * 4, Math.exp(r.nextGaussian() * 3), (double) (i % 4),
                    i % 9 == 0 ? -0.0 : r.nextDouble());
            (i < 400 ? tr : sc).add(row);
        }
        Dataset<Row> train = SparkTestSession.get().createDataFrame(tr, schema);
        Dataset<Row> score = SparkTestSession.get().createDataFrame(sc, schema);
        List<String> cols = List.of("a", "b", "c", "d");
        for (ScalingSpec spec : List.of(ScalingSpec.uniform(ScalingSpec.Kind.STANDARD),
                ScalingSpec.of(ScalingSpec.Kind.ROBUST, Map.of("c", ScalingSpec.Kind.NONE, "d", ScalingSpec.Kind.STANDARD)))) {
            PipelineModel m = FeatureScaling.fit(train, cols, spec.withBins(8));
            ScalerPlan plan = ScalerPlan.of(m, score.schema()).orElseThrow();
            List<double[]> want = features(m, score);
            // a, b, d: 8 bins each; c (100 each of 0..3 in train): quantiles at eighths, ranks 49.875 t,
            // are 0, 0, 0.75, 1, 1.5, 2, 2.25, 3, 3 (scaled alike) -> 7 distinct edges, 6 bins
            assertThat(plan.size()).isEqualTo(4 + 8 + 8 + 6 + 8);
            List<Row> raw = score.collectAsList();
            int[] at = plan.inputs().stream().mapToInt(c -> score.schema().fieldIndex(c)).toArray();
            for (int i = 0; i < raw.size(); i++) {
                double[] in = new double[at.length];
                for (int k = 0; k < at.length; k++) {
                    in[k] = raw.get(i).getDouble(at[k]);
                }
                double[] got = new double[plan.size()];
                plan.apply(in, got, 0);
                for (int k = 0; k < got.length; k++) {
                    assertThat(Double.doubleToRawLongBits(got[k])).as("%s row %d element %d", spec, i, k)
                            .isEqualTo(Double.doubleToRawLongBits(want.get(i)[k]));
                }
                Vector pv = plan.vector(in);
                assertThat(pv.toArray()).containsExactly(want.get(i));
            }
        }
    }

    @Test
    void aSavedPipelineEncodesTheSame(@TempDir Path dir) throws Exception {
        PipelineModel m = FeatureScaling.fit(train(), List.of("x", "flag", "k"),
                ScalingSpec.uniform(ScalingSpec.Kind.STANDARD).withBins(4));
        m.write().save(dir.resolve("p").toString());
        PipelineModel back = PipelineModel.load(dir.resolve("p").toString());
        Dataset<Row> in = rows(4.0, 2.5, 8.75, -3.0);
        List<double[]> a = features(m, in);
        List<double[]> b = features(back, in);
        for (int i = 0; i < a.size(); i++) {
            assertThat(b.get(i)).containsExactly(a.get(i));
        }
        assertThat(a.get(0)).hasSize(3 + 4);
    }

    @Test
    void minusZeroAndZeroAreOneEdge() {
        assertThat(PiecewiseLinearEncoder.ascendingDistinct(new double[] {-1, -0.0, 0.0, 0.0, 2}))
                .containsExactly(-1, -0.0, 2);
    }

    @Test
    void edgesThatAreNotStrictlyAscendingAreRefusedBeforeAnyRowIsEncoded() {
        StructType schema = new StructType().add("v", org.apache.spark.ml.linalg.SQLDataTypes.VectorType());
        for (double[] bad : new double[][] {{0, 2, 1}, {0, 1, 1}, {0, Double.NaN, 2}}) {
            PiecewiseLinearModel m = new PiecewiseLinearModel("plm", "v", "out", new double[][] {bad}, new String[] {"x"});
            assertThatThrownBy(() -> m.transformSchema(schema)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("piecewise-linear encoding of x").hasMessageContaining("strictly ascending");
        }
    }

    @Test
    void oneBinIsRefused() {
        assertThatThrownBy(() -> ScalingSpec.uniform(ScalingSpec.Kind.NONE).withBins(1))
                .isInstanceOf(BadInputException.class).hasMessageContaining("scaling.bins");
    }
}
