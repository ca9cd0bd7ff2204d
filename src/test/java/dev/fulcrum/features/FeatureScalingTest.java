package dev.fulcrum.features;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

import dev.fulcrum.SparkTestSession;
import dev.fulcrum.error.BadInputException;
import java.util.List;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

class FeatureScalingTest {
    private static final StructType SCHEMA = new StructType()
            .add("Time", DataTypes.DoubleType).add("V1", DataTypes.DoubleType).add("Amount", DataTypes.DoubleType)
            .add("label", DataTypes.DoubleType);

    private static Dataset<Row> frame(double[][] rows) {
        List<Row> rs = new java.util.ArrayList<>();
        for (double[] r : rows) {
            rs.add(RowFactory.create(r[0], r[1], r[2], r[3]));
        }
        return SparkTestSession.get().createDataFrame(rs, SCHEMA);
    }

    /** Train: Time 1..5, V1 = 10,20,30,40,50, Amount 1,2,3,4,100 (one outlier). */
    private static final double[][] TRAIN = {
        {1, 10, 1, 0}, {2, 20, 2, 0}, {3, 30, 3, 0}, {4, 40, 4, 1}, {5, 50, 100, 0}};
    /** Test rows far away: a scaler that saw them would have a very different centre. */
    private static final double[][] TEST = {{1000, 5000, 9000, 0}, {2000, 6000, 9000, 1}};

    @Test
    void standardScalerUsesTrainStatisticsOnly() {
        Dataset<Row> train = frame(TRAIN);
        PipelineModel m = FeatureScaling.fit(train, List.of("Time", "V1", "Amount"),
                ScalingSpec.uniform(ScalingSpec.Kind.STANDARD));
        List<Row> out = m.transform(train).select("features").collectAsList();
        // Time: mean 3, sample std sqrt(2.5); row 0 -> (1-3)/1.5811388 = -1.2649111
        Vector v0 = (Vector) out.get(0).get(0);
        assertThat(v0.apply(0)).isCloseTo(-1.2649111, offset(1e-6));
        assertThat(v0.apply(1)).isCloseTo(-1.2649111, offset(1e-6));
        // A test row is transformed with the train statistics: (1000-3)/1.5811388.
        Vector t0 = (Vector) m.transform(frame(TEST)).select("features").first().get(0);
        assertThat(t0.apply(0)).isCloseTo((1000 - 3) / Math.sqrt(2.5), offset(1e-6));
        // Leak check: had train+test been fitted, the train mean of the scaled column would be far from 0.
        double sum = 0;
        for (Row r : out) {
            sum += ((Vector) r.get(0)).apply(0);
        }
        assertThat(sum / out.size()).isCloseTo(0.0, offset(1e-9));
    }

    @Test
    void perGroupKindsAndLayout() {
        ScalingSpec spec = ScalingSpec.of(ScalingSpec.Kind.NONE, java.util.Map.of("Time", ScalingSpec.Kind.ROBUST, "Amount", ScalingSpec.Kind.ROBUST));
        List<String> cols = List.of("Time", "V1", "Amount");
        assertThat(FeatureScaling.vectorLayout(cols, spec)).containsExactly("Time", "Amount", "V1");
        Dataset<Row> train = frame(TRAIN);
        PipelineModel m = FeatureScaling.fit(train, cols, spec);
        Dataset<Row> scaled = m.transform(train);
        assertThat(scaled.columns()).containsExactly("Time", "V1", "Amount", "label", "features");
        Vector last = (Vector) scaled.select("features").collectAsList().get(4).get(0);
        // Robust: Time median 3, IQR 4-2 = 2 -> (5-3)/2 = 1; Amount median 3, IQR 2 -> (100-3)/2 = 48.5; V1 untouched.
        assertThat(last.toArray()).containsExactly(new double[] {1.0, 48.5, 50.0}, offset(1e-9));
        // The outlier does not squash the others (it would with a standard scaler).
        Vector first = (Vector) scaled.select("features").first().get(0);
        assertThat(first.apply(1)).isCloseTo(-1.0, offset(1e-9));
        // Test rows must not move the fitted median: (9000-3)/2.
        Vector t = (Vector) m.transform(frame(TEST)).select("features").first().get(0);
        assertThat(t.apply(1)).isCloseTo((9000 - 3) / 2.0, offset(1e-9));
    }

    @Test
    void pipelineRoundTripsThroughSave(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        ScalingSpec spec = ScalingSpec.of(ScalingSpec.Kind.STANDARD, java.util.Map.of("Amount", ScalingSpec.Kind.ROBUST));
        PipelineModel m = FeatureScaling.fit(frame(TRAIN), List.of("Time", "V1", "Amount"), spec);
        m.write().overwrite().save(dir.resolve("scaler").toString());
        PipelineModel back = PipelineModel.load(dir.resolve("scaler").toString());
        Vector a = (Vector) m.transform(frame(TEST)).select("features").first().get(0);
        Vector b = (Vector) back.transform(frame(TEST)).select("features").first().get(0);
        assertThat(b.toArray()).containsExactly(a.toArray(), offset(0.0));
    }

    @Test
    void columnsThatAreNotFeaturesAreRejected() {
        ScalingSpec typo = ScalingSpec.of(ScalingSpec.Kind.STANDARD, java.util.Map.of("Amout", ScalingSpec.Kind.ROBUST));
        assertThatThrownBy(() -> FeatureScaling.fit(frame(TRAIN), List.of("Time", "V1", "Amount"), typo))
                .isInstanceOf(BadInputException.class)
                .hasMessageStartingWith("scaling: columns must be feature columns; got [Amout]");
    }

    /** Issue 12 case 8: names MLlib's assembler cannot read (x.1, a space, a backtick) scale like plain names. */
    @Test
    void columnNamesSparkWouldParseScaleLikePlainNames(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        Dataset<Row> plain = frame(TRAIN);
        Dataset<Row> odd = plain.toDF("x.1", "my col", "a`b", "label");
        ScalingSpec spec = ScalingSpec.of(ScalingSpec.Kind.STANDARD, java.util.Map.of("a`b", ScalingSpec.Kind.ROBUST));
        ScalingSpec plainSpec = ScalingSpec.of(ScalingSpec.Kind.STANDARD, java.util.Map.of("Amount", ScalingSpec.Kind.ROBUST));
        PipelineModel m = FeatureScaling.fit(odd, List.of("x.1", "my col", "a`b"), spec);
        m.write().save(dir.resolve("s").toString());
        Dataset<Row> scaled = PipelineModel.load(dir.resolve("s").toString()).transform(odd);
        assertThat(scaled.columns()).containsExactly("x.1", "my col", "a`b", "label", "features");
        List<Row> want = FeatureScaling.fit(plain, List.of("Time", "V1", "Amount"), plainSpec).transform(plain)
                .select("features").collectAsList();
        assertThat(scaled.select("features").collectAsList()).isEqualTo(want);
        // the score job's replay of the scaler reads the raw columns by their real names
        ScalerPlan plan = ScalerPlan.of(m, odd.schema()).orElseThrow();
        assertThat(plan.inputs()).containsExactlyInAnyOrder("x.1", "my col", "a`b");
    }
}
