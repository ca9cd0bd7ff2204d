package dev.fulcrum.features;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import dev.fulcrum.SparkTestSession;
import dev.fulcrum.data.ColumnRules;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** data.encoding = target through FeatureScaling.fit, against values derived by hand. */
class TargetEncoderTest {
    private static final StructType SCHEMA = new StructType().add("x", DataTypes.DoubleType)
            .add("shop.id", DataTypes.StringType).add("size", DataTypes.StringType).add("label", DataTypes.DoubleType);
    private static final List<String> COLS = List.of("x", "shop.id", "size");
    private static final ScalingSpec NONE = ScalingSpec.uniform(ScalingSpec.Kind.NONE);

    /**
     * 10 rows, 2 positive: prior p = 0.2, logit(p) = ln(1/4). shop.id a: 4 rows, 2 positive;
     * b: 2 rows, none; c: 4 rows, none. size S: 5 rows, 1 positive; L: 5 rows, 1 positive.
     * With m = 2 pseudo-rows (m·p = 0.4):
     *   a: (2 + 0.4) / (4 + 2) = 0.4,   logit 0.4 - logit 0.2 = ln((0.4/0.6) / (1/4)) = ln(8/3)
     *   b: (0 + 0.4) / (2 + 2) = 0.1,   ln((0.1/0.9) / (1/4)) = ln(4/9)
     *   c: (0 + 0.4) / (4 + 2) = 1/15,  ln((1/14) / (1/4)) = ln(2/7)
     *   S and L: (1 + 0.4) / (5 + 2) = 0.2 = p: 0 (a level like everyone carries no evidence)
     */
    private static final Object[][] TRAIN = {
        {1.0, "a", "S", 1.0}, {2.0, "a", "L", 1.0}, {3.0, "a", "S", 0.0}, {4.0, "a", "L", 0.0},
        {5.0, "b", "S", 0.0}, {6.0, "b", "L", 0.0}, {7.0, "c", "S", 0.0}, {8.0, "c", "L", 0.0},
        {9.0, "c", "S", 0.0}, {10.0, "c", "L", 0.0}};

    private static final ColumnRules TARGET = new ColumnRules(null, List.of(), ColumnRules.Impute.MEDIAN, 0, true,
            ColumnRules.Encoding.TARGET, 2);

    private static Dataset<Row> frame(Object[][] rows) {
        List<Row> rs = new ArrayList<>();
        for (Object[] r : rows) {
            rs.add(RowFactory.create(r));
        }
        return SparkTestSession.get().createDataFrame(rs, SCHEMA);
    }

    private static double[] vec(PipelineModel m, Object[] row) {
        return ((Vector) m.transform(frame(new Object[][] {row})).select("features").first().get(0)).toArray();
    }

    @Test
    void eachColumnBecomesTheSmoothedLogOddsOfItsLevel(@TempDir java.nio.file.Path dir) throws Exception {
        FeatureScaling.Fitted f = FeatureScaling.fit(frame(TRAIN), COLS, List.of("shop.id", "size"), NONE, TARGET);
        assertThat(f.layout().names()).containsExactly("x", "shop.id#target", "size#target");
        assertThat(f.layout().hasCategorical()).as("no one-hot block").isFalse();
        assertThat(vec(f.model(), TRAIN[0])).containsExactly(new double[] {1, Math.log(8.0 / 3), 0}, offset(1e-12));
        assertThat(vec(f.model(), TRAIN[4])).containsExactly(new double[] {5, Math.log(4.0 / 9), 0}, offset(1e-12));
        assertThat(vec(f.model(), TRAIN[9])).containsExactly(new double[] {10, Math.log(2.0 / 7), 0}, offset(1e-12));
        // values never seen in training: no evidence, 0; the label of a scored row is not read
        Object[] unseen = {3.0, "zzz", "XL", null};
        assertThat(vec(f.model(), unseen)).containsExactly(new double[] {3, 0, 0}, offset(0.0));

        String path = dir.resolve("scaler").toString();
        f.model().write().overwrite().save(path);
        PipelineModel back = PipelineModel.load(path);
        for (Object[] r : TRAIN) {
            assertThat(vec(back, r)).containsExactly(vec(f.model(), r), offset(0.0));
        }
        assertThat(back.transform(frame(TRAIN)).columns()).containsExactly("x", "shop.id", "size", "label", "features");
    }

    @Test
    void largerSmoothingPullsEveryLevelTowardsThePrior() {
        FeatureScaling.Fitted f = FeatureScaling.fit(frame(TRAIN), COLS, List.of("shop.id", "size"), NONE,
                new ColumnRules(null, List.of(), ColumnRules.Impute.MEDIAN, 0, true, ColumnRules.Encoding.TARGET, 1000));
        double a = vec(f.model(), TRAIN[0])[1];
        // (2 + 200) / 1004 vs 0.2: ln((202/802) / (1/4)) = ln(808/802)
        assertThat(a).isCloseTo(Math.log(808.0 / 802), offset(1e-12));
        assertThat(a).isBetween(0.0, Math.log(8.0 / 3));
    }

    @Test
    void aSplitWithOneClassEncodesEveryLevelAsZero() {
        Object[][] negatives = {{1.0, "a", "S", 0.0}, {2.0, "b", "L", 0.0}};
        FeatureScaling.Fitted f = FeatureScaling.fit(frame(negatives), COLS, List.of("shop.id", "size"), NONE, TARGET);
        assertThat(vec(f.model(), negatives[0])).containsExactly(1, 0, 0);
    }
}
