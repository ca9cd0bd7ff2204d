package dev.fulcrum.sampling;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

class CleaningAndBorderlineTest {
    private static double[] p(double... v) {
        return v;
    }

    @Test
    void tomekRemovesOnlyMajorityRowsOfMutualNearestPairs() {
        // 1-D: 3 and 3.4 are each other's nearest neighbour (a link); 20/21 are both minority; 10 is alone.
        List<double[]> maj = List.of(p(0), p(1), p(2), p(3), p(10));
        List<double[]> min = List.of(p(3.4), p(20), p(21));
        Dataset<Row> out = new TomekLinks().resample(Frames.of(min, maj), 0);
        List<Long> ids = out.select("id").as(Encoders.LONG()).collectAsList();
        assertThat(ids).containsExactlyInAnyOrder(0L, 1L, 2L, 4L, 5L, 6L, 7L);
        assertThat(out.columns()).containsExactly("id", "features", "label");
    }

    @Test
    void borderlineDangerRowsMatchBruteForceAndSyntheticRowsComeFromThem() {
        Dataset<Row> train = Frames.gaussian(300, 30, 2, 11, 2);
        MinorityMatrix mm = MinorityMatrix.collect(train, 1.0);
        int m = 6;
        int[] danger = BorderlineSmote.dangerRows(train, mm, 1.0, m);
        // Brute force over all rows: m nearest excluding the row itself.
        // One collect for vectors and labels: two collects of a repartitioned frame may order rows differently.
        List<double[]> all = new ArrayList<>();
        List<Double> labels = new ArrayList<>();
        for (Row r : train.select("features", "label").collectAsList()) {
            all.add(((org.apache.spark.ml.linalg.Vector) r.get(0)).toArray());
            labels.add(r.getDouble(1));
        }
        List<Integer> expected = new ArrayList<>();
        for (int i = 0; i < mm.n(); i++) {
            double[] x = mm.row(i);
            int[] nn = IntStream.range(0, all.size()).boxed()
                    .sorted(Comparator.comparingDouble(j -> SmoteTest.sq(x, all.get(j))))
                    .skip(1).limit(m).mapToInt(Integer::intValue).toArray();
            long maj = IntStream.of(nn).filter(j -> labels.get(j) == 0.0).count();
            if (2 * maj >= m && maj < m) {
                expected.add(i);
            }
        }
        assertThat(danger).containsExactly(expected.stream().mapToInt(Integer::intValue).toArray());
        assertThat(danger.length).isBetween(1, mm.n() - 1);

        Dataset<Row> out = new BorderlineSmote(3, m, 0.5).resample(train, 4);
        assertThat(ClassBalance.counts(out)).containsEntry(1.0, 150L).containsEntry(0.0, 300L);
        int[][] nn = SmoteTest.bruteForce(mm, 3);
        int[][] onlyDanger = new int[mm.n()][0];
        for (int i : danger) {
            onlyDanger[i] = nn[i];
        }
        for (double[] s : Frames.vectors(out.where(col("id").isNull()))) {
            assertThat(SmoteTest.onSomeSegment(s, mm, onlyDanger)).isTrue();
        }
    }
}
