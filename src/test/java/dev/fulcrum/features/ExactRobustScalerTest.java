package dev.fulcrum.features;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.fulcrum.SparkTestSession;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.apache.spark.ml.feature.RobustScalerModel;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

class ExactRobustScalerTest {
    private static final StructType SCHEMA = new StructType().add("a", DataTypes.DoubleType)
            .add("b", DataTypes.DoubleType);

    private static Dataset<Row> vectors(List<Row> rows, int partitions) {
        Dataset<Row> df = SparkTestSession.get().createDataFrame(rows, SCHEMA).repartition(partitions);
        return new VectorAssembler().setInputCols(new String[] {"a", "b"}).setOutputCol("in").transform(df);
    }

    private static RobustScalerModel fit(Dataset<Row> df) {
        return new ExactRobustScaler().setInputCol("in").setOutputCol("out").fit(df);
    }

    @Test
    void medianAndInterquartileRangeAsNumpyComputesThem() {
        // x = 1..10 and x^2. numpy.percentile (linear): x -> 3.25, 5.5, 7.75; x^2 -> 10.75, 30.5, 60.25
        List<Row> rows = new ArrayList<>();
        for (int x = 1; x <= 10; x++) {
            rows.add(RowFactory.create((double) x, (double) x * x));
        }
        RobustScalerModel m = fit(vectors(rows, 3));
        assertThat(m.median().toArray()).containsExactly(5.5, 30.5);
        assertThat(m.range().toArray()).containsExactly(7.75 - 3.25, 60.25 - 10.75);
        assertThat(m.getWithCentering()).isTrue();
        assertThat(m.getWithScaling()).isTrue();
        // (x - median) / range, applied by Spark's own model
        Row r = m.transform(vectors(List.of(RowFactory.create(10.0, 1.0)), 1)).select("out").first();
        assertThat(((Vector) r.get(0)).toArray()).containsExactly(new double[] {(10 - 5.5) / 4.5, (1 - 30.5) / 49.5},
                within(1e-12));
    }

    @Test
    void twentyThousandRowsGiveTheSortedAnswerWhateverThePartitioning() {
        Random rnd = new Random(11);
        List<Row> rows = new ArrayList<>();
        double[] a = new double[20_000];
        double[] b = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            a[i] = Math.exp(rnd.nextGaussian() * 2); // heavy right tail, like Amount
            b[i] = rnd.nextInt(50);                   // many ties, like a coarse Time
            rows.add(RowFactory.create(a[i], b[i]));
        }
        double[] expectedMedian = {numpyQuantile(a, 0.5), numpyQuantile(b, 0.5)};
        double[] expectedRange = {numpyQuantile(a, 0.75) - numpyQuantile(a, 0.25),
            numpyQuantile(b, 0.75) - numpyQuantile(b, 0.25)};
        for (int partitions : new int[] {1, 3, 7}) {
            List<Row> shuffled = new ArrayList<>(rows);
            Collections.shuffle(shuffled, new Random(partitions));
            RobustScalerModel m = fit(vectors(shuffled, partitions));
            assertThat(m.median().toArray()).as(partitions + " partitions").containsExactly(expectedMedian);
            assertThat(m.range().toArray()).as(partitions + " partitions").containsExactly(expectedRange);
        }
    }

    /** numpy.percentile's default: linear interpolation at rank p(n-1) of the sorted values. */
    private static double numpyQuantile(double[] values, double p) {
        double[] s = values.clone();
        Arrays.sort(s);
        double h = p * (s.length - 1);
        int lo = (int) Math.floor(h);
        int hi = (int) Math.ceil(h);
        return s[lo] + (h - lo) * (s[hi] - s[lo]);
    }
}
