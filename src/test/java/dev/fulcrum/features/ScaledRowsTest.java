package dev.fulcrum.features;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fulcrum.SparkTestSession;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/** {@link ScaledRows} returns what the fitted pipeline's own transform returns. */
class ScaledRowsTest {
    private static final List<String> COLS = List.of("a", "b", "c", "d");

    /** Mostly-zero rows (the assembler then compresses to sparse vectors), -0.0, and dense ones. */
    private static Dataset<Row> frame(int n, long seed) {
        StructType schema = new StructType();
        for (String c : COLS) {
            schema = schema.add(c, DataTypes.DoubleType, false);
        }
        schema = schema.add("label", DataTypes.DoubleType).add("id", DataTypes.StringType);
        Random r = new Random(seed);
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            boolean sparse = i % 2 == 0;
            double a = r.nextGaussian() * 3 + 1;
            double b = sparse ? 0.0 : r.nextDouble() * 1e6;
            double c = sparse ? -0.0 : r.nextGaussian();
            double d = sparse || i % 3 == 0 ? 0.0 : Math.exp(r.nextGaussian() * 5);
            rows.add(RowFactory.create(a, b, c, d, (double) (i % 2), "r" + i));
        }
        return SparkTestSession.get().createDataFrame(rows, schema);
    }

    @Test
    void sameColumnsVectorsAndVectorFormsAsThePipeline() {
        Dataset<Row> train = frame(200, 1);
        Dataset<Row> rows = frame(150, 2);
        List<ScalingSpec> specs = List.of(
                ScalingSpec.uniform(ScalingSpec.Kind.STANDARD),
                ScalingSpec.uniform(ScalingSpec.Kind.ROBUST),
                ScalingSpec.uniform(ScalingSpec.Kind.NONE),
                ScalingSpec.of(ScalingSpec.Kind.STANDARD, Map.of("b", ScalingSpec.Kind.ROBUST, "d", ScalingSpec.Kind.NONE)),
                ScalingSpec.of(ScalingSpec.Kind.NONE, Map.of("a", ScalingSpec.Kind.ROBUST)));
        boolean sawSparse = false;
        for (ScalingSpec spec : specs) {
            PipelineModel m = FeatureScaling.fit(train, COLS, spec);
            Dataset<Row> want = m.transform(rows);
            Dataset<Row> got = ScaledRows.of(m, rows);
            assertThat(got.columns()).containsExactly(want.columns());
            assertThat(got.schema().apply("features").metadata()).isEqualTo(want.schema().apply("features").metadata());
            List<Row> w = want.collectAsList();
            List<Row> g = got.collectAsList();
            for (int i = 0; i < w.size(); i++) {
                Vector wv = (Vector) w.get(i).getAs("features");
                Vector gv = (Vector) g.get(i).getAs("features");
                assertThat(gv.getClass()).as("%s row %d", spec, i).isEqualTo(wv.getClass());
                sawSparse |= wv instanceof org.apache.spark.ml.linalg.SparseVector;
                double[] wa = wv.toArray();
                double[] ga = gv.toArray();
                for (int k = 0; k < wa.length; k++) {
                    assertThat(Double.doubleToRawLongBits(ga[k])).as("%s row %d element %d", spec, i, k)
                            .isEqualTo(Double.doubleToRawLongBits(wa[k]));
                }
                for (int k = 0; k < w.get(i).size() - 1; k++) {
                    assertThat(g.get(i).get(k)).isEqualTo(w.get(i).get(k));
                }
            }
        }
        assertThat(sawSparse).as("the data exercises the assembler's sparse form").isTrue();
    }
}
