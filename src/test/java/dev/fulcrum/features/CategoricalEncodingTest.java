package dev.fulcrum.features;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

import dev.fulcrum.SparkTestSession;
import dev.fulcrum.data.ColumnRules;
import dev.fulcrum.data.VectorLayout;
import dev.fulcrum.error.BadInputException;
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

/** FeatureScaling.fit with categorical columns and empty numeric cells, against hand-derived vectors. */
class CategoricalEncodingTest {
    private static final StructType SCHEMA = new StructType()
            .add("x.1", DataTypes.DoubleType).add("y", DataTypes.DoubleType).add("shop-id", DataTypes.StringType)
            .add("label", DataTypes.DoubleType);
    private static final ScalingSpec NONE = ScalingSpec.uniform(ScalingSpec.Kind.NONE);
    private static final List<String> COLS = List.of("x.1", "y", "shop-id");

    private static Dataset<Row> frame(Object[][] rows) {
        List<Row> rs = new ArrayList<>();
        for (Object[] r : rows) {
            rs.add(RowFactory.create(r));
        }
        return SparkTestSession.get().createDataFrame(rs, SCHEMA);
    }

    /**
     * x.1 = 1, 2, null, 7, 10 (median of the present four by Spark's approxQuantile: an element,
     * the lower middle 2; mean 5); y complete; shop-id: b x3, a x1, (missing) x1 -> levels by
     * frequency b, then a and (missing) tied at 1, alphabetical: "(missing)" < "a".
     */
    private static final Object[][] TRAIN = {
        {1.0, 5.0, "b", 0.0}, {2.0, 6.0, "b", 0.0}, {null, 7.0, "a", 1.0}, {7.0, 8.0, "b", 0.0},
        {10.0, 9.0, ColumnRules.MISSING_LEVEL, 1.0}};

    private static double[] vec(PipelineModel m, Object[] row) {
        return ((Vector) m.transform(frame(new Object[][] {row})).select("features").first().get(0)).toArray();
    }

    @Test
    void imputesIndicatesAndOneHotsWithTrainStatistics() {
        FeatureScaling.Fitted f = FeatureScaling.fit(frame(TRAIN), COLS, List.of("shop-id"), NONE,
                new ColumnRules(null, List.of(), ColumnRules.Impute.MEAN, 0, true));
        assertThat(f.imputed()).containsExactly("x.1");
        assertThat(f.layout().names()).containsExactly("x.1", "y", "x.1_missing", "shop-id=b", "shop-id=(missing)",
                "shop-id=a");
        assertThat(f.layout().blocks()).containsExactly(new VectorLayout.OneHot("shop-id", 3, 3));
        // the missing x.1 becomes the train mean (1+2+7+10)/4 = 5, flagged 1; level a is element 5
        assertThat(vec(f.model(), TRAIN[2])).containsExactly(new double[] {5, 7, 1, 0, 0, 1}, offset(1e-12));
        assertThat(vec(f.model(), TRAIN[4])).containsExactly(new double[] {10, 9, 0, 0, 1, 0}, offset(1e-12));
        // a value never seen in train: all zeros in its block (the dropped last category), not an error
        assertThat(vec(f.model(), new Object[] {3.0, 1.0, "zzz", 0.0}))
                .containsExactly(new double[] {3, 1, 0, 0, 0, 0}, offset(1e-12));
        // a missing y at scoring: y had no empty cell in train, so nothing fills it (Ingest refuses such rows)
        assertThat(f.layout().width()).isEqualTo(6);
    }

    @Test
    void medianAndConstantStrategiesAndNoIndicator() {
        FeatureScaling.Fitted med = FeatureScaling.fit(frame(TRAIN), COLS, List.of("shop-id"), NONE,
                new ColumnRules(null, List.of(), ColumnRules.Impute.MEDIAN, 0, false));
        assertThat(med.layout().names()).containsExactly("x.1", "y", "shop-id=b", "shop-id=(missing)", "shop-id=a");
        assertThat(vec(med.model(), TRAIN[2])[0]).isEqualTo(2.0);
        FeatureScaling.Fitted con = FeatureScaling.fit(frame(TRAIN), COLS, List.of("shop-id"), NONE,
                new ColumnRules(null, List.of(), ColumnRules.Impute.CONSTANT, -1.5, false));
        assertThat(vec(con.model(), TRAIN[2])[0]).isEqualTo(-1.5);
        assertThat(vec(con.model(), TRAIN[3])[0]).isEqualTo(7.0);
    }

    @Test
    void numericColumnsAreScaledOneHotColumnsAreNot() {
        FeatureScaling.Fitted f = FeatureScaling.fit(frame(TRAIN), COLS, List.of("shop-id"),
                ScalingSpec.uniform(ScalingSpec.Kind.STANDARD), new ColumnRules(null, List.of(), ColumnRules.Impute.MEAN, 0, false));
        double[] v = vec(f.model(), TRAIN[0]);
        // y: mean 7, sample std sqrt(2.5); x.1 after imputation: 1,2,5,7,10, mean 5, sample variance (16+9+0+4+25)/4
        assertThat(v[0]).isCloseTo((1 - 5) / Math.sqrt(13.5), offset(1e-9));
        assertThat(v[1]).isCloseTo((5 - 7) / Math.sqrt(2.5), offset(1e-9));
        assertThat(new double[] {v[2], v[3], v[4]}).containsExactly(1.0, 0.0, 0.0);
    }

    @Test
    void categoricalColumnUnderAScalerIsRefused() {
        ScalingSpec spec = ScalingSpec.of(ScalingSpec.Kind.STANDARD, java.util.Map.of("shop-id", ScalingSpec.Kind.ROBUST));
        assertThatThrownBy(() -> FeatureScaling.fit(frame(TRAIN), COLS, List.of("shop-id"), spec,
                new ColumnRules(null, List.of(), ColumnRules.Impute.MEDIAN, 0, true)))
                .isInstanceOf(BadInputException.class).hasMessageContaining("[shop-id]")
                .hasMessageContaining("never scaled");
    }

    @Test
    void savedAndLoadedPipelineGivesTheSameVectors(@TempDir java.nio.file.Path dir) throws Exception {
        FeatureScaling.Fitted f = FeatureScaling.fit(frame(TRAIN), COLS, List.of("shop-id"), NONE,
                new ColumnRules(null, List.of(), ColumnRules.Impute.MEDIAN, 0, true));
        String path = dir.resolve("scaler").toString();
        f.model().write().overwrite().save(path);
        PipelineModel back = PipelineModel.load(path);
        for (Object[] r : TRAIN) {
            assertThat(vec(back, r)).containsExactly(vec(f.model(), r), offset(0.0));
        }
        assertThat(back.transform(frame(TRAIN)).columns()).containsExactly("x.1", "y", "shop-id", "label", "features");
    }

    @Test
    void aColumnCompleteInTrainButNotInAnotherSplitIsImputedWithTrainStatistics() {
        Dataset<Row> all = frame(TRAIN).union(frame(new Object[][] {{4.0, null, "a", 0.0}}));
        FeatureScaling.Fitted f = FeatureScaling.fit(frame(TRAIN), all, COLS, List.of("shop-id"), NONE,
                new ColumnRules(null, List.of(), ColumnRules.Impute.MEAN, 0, false));
        assertThat(f.imputed()).containsExactly("x.1", "y");
        // y's fill is the train mean (5+6+7+8+9)/5 = 7, not influenced by the other split's row
        assertThat(vec(f.model(), new Object[] {4.0, null, "a", 0.0})[1]).isEqualTo(7.0);
    }
}
