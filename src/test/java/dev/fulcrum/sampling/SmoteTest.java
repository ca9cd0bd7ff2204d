package dev.fulcrum.sampling;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fulcrum.SparkTestSession;
import dev.fulcrum.error.BadInputException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

class SmoteTest {
    private static final Dataset<Row> TRAIN = Frames.gaussian(400, 40, 3, 2, 3);

    static JavaSparkContext jsc() {
        return JavaSparkContext.fromSparkContext(SparkTestSession.get().sparkContext());
    }

    /** Brute-force k-NN among the rows of {@code x}, ties by index, self excluded. */
    static int[][] bruteForce(MinorityMatrix mm, int k) {
        int[][] out = new int[mm.n()][];
        for (int i = 0; i < mm.n(); i++) {
            final int q = i;
            double[] xi = mm.row(i);
            out[i] = IntStream.range(0, mm.n()).filter(j -> j != q).boxed()
                    .sorted(Comparator.comparingDouble((Integer j) -> sq(xi, mm.row(j))).thenComparingInt(j -> j))
                    .limit(k).mapToInt(Integer::intValue).toArray();
        }
        return out;
    }

    static double sq(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += (a[i] - b[i]) * (a[i] - b[i]);
        }
        return s;
    }

    @Test
    void exactNeighboursEqualBruteForce() {
        MinorityMatrix mm = MinorityMatrix.collect(Frames.gaussian(0, 700, 5, 3, 4).union(TRAIN.limit(1)), 1.0);
        int[][] nn = ExactKnn.neighbours(jsc(), mm, 5); // 700 rows: three query blocks
        int[][] ref = bruteForce(mm, 5);
        for (int i = 0; i < mm.n(); i++) {
            assertThat(nn[i]).as("row %d", i).containsExactly(ref[i]);
        }
    }

    @Test
    void syntheticRowsLieOnSegmentsToExactNeighboursAndCountsMatchRatio() {
        Dataset<Row> out = new Smote(5, 0.5).resample(TRAIN, 42);
        assertThat(ClassBalance.counts(out)).containsEntry(0.0, 400L).containsEntry(1.0, 200L);
        Dataset<Row> synth = out.where(col("id").isNull());
        assertThat(synth.count()).isEqualTo(160);
        assertThat(synth.where(col("label").notEqual(1.0)).count()).isZero();
        MinorityMatrix mm = MinorityMatrix.collect(TRAIN, 1.0);
        int[][] ref = bruteForce(mm, 5);
        for (double[] s : Frames.vectors(synth)) {
            assertThat(onSomeSegment(s, mm, ref)).as("synthetic %s", Arrays.toString(s)).isTrue();
        }
    }

    /** True if s = x_i + u (x_j - x_i) with u in [0,1] for some row i and one of its neighbours j. */
    static boolean onSomeSegment(double[] s, MinorityMatrix mm, int[][] nn) {
        for (int i = 0; i < mm.n(); i++) {
            double[] a = mm.row(i);
            for (int j : nn[i]) {
                double[] b = mm.row(j);
                double num = 0;
                double den = 0;
                for (int f = 0; f < a.length; f++) {
                    num += (s[f] - a[f]) * (b[f] - a[f]);
                    den += (b[f] - a[f]) * (b[f] - a[f]);
                }
                double u = den == 0 ? 0 : num / den;
                if (u < -1e-12 || u > 1 + 1e-12) {
                    continue;
                }
                double err = 0;
                for (int f = 0; f < a.length; f++) {
                    double p = a[f] + u * (b[f] - a[f]);
                    err += (s[f] - p) * (s[f] - p);
                }
                if (err < 1e-18) {
                    return true;
                }
            }
        }
        return false;
    }

    @Test
    void deterministicBySeedAndIndependentOfPartitioning() {
        List<String> a = synthetic(new Smote(3, 0.4).resample(TRAIN, 7));
        List<String> b = synthetic(new Smote(3, 0.4).resample(TRAIN.repartition(1), 7));
        List<String> c = synthetic(new Smote(3, 0.4).resample(TRAIN, 8));
        assertThat(a).isEqualTo(b);
        assertThat(a).isNotEqualTo(c);
    }

    private static List<String> synthetic(Dataset<Row> out) {
        List<String> s = new ArrayList<>();
        for (double[] v : Frames.vectors(out.where(col("id").isNull()))) {
            s.add(Arrays.toString(v));
        }
        s.sort(null);
        return s;
    }

    @Test
    void duplicatesAndTinyMinoritySetsFollowTheRules() {
        List<double[]> maj = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            maj.add(new double[] {i, -i});
        }
        // Three minority rows, two identical: k = 5 is reduced to 2; the duplicate pair yields copies.
        List<double[]> min = List.of(new double[] {1, 1}, new double[] {1, 1}, new double[] {3, 5});
        Dataset<Row> out = new Smote(5, 0.5).resample(Frames.of(min, maj), 1);
        assertThat(ClassBalance.counts(out)).containsEntry(1.0, 15L);
        MinorityMatrix mm = MinorityMatrix.collect(Frames.of(min, maj), 1.0);
        int[][] all = {{1, 2}, {0, 2}, {0, 1}};
        for (double[] s : Frames.vectors(out.where(col("id").isNull()))) {
            assertThat(onSomeSegment(s, mm, all)).isTrue();
        }
        assertThatThrownBy(() -> new Smote(5, 0.5, Smote.NeighbourSearch.EXACT, ApproxKnn.Params.DEFAULT, "sampling[0]")
                .resample(Frames.of(List.of(new double[] {1, 1}), maj), 1))
                .isInstanceOf(BadInputException.class)
                .hasMessage("sampling[0]: needs at least 2 minority rows to interpolate; got 1");
        assertThatThrownBy(() -> new Smote(0, 0.5, Smote.NeighbourSearch.EXACT, ApproxKnn.Params.DEFAULT, "sampling[0]"))
                .isInstanceOf(BadInputException.class).hasMessage("sampling[0].k must be >= 1; got 0");
    }

    @Test
    void approximateSearchIsExactWithOneWindowAndHasHighRecallOtherwise() {
        MinorityMatrix mm = MinorityMatrix.collect(Frames.gaussian(0, 600, 4, 5, 2).union(TRAIN.limit(1)), 1.0);
        int[][] exact = ExactKnn.neighbours(jsc(), mm, 5);
        int[][] oneWindow = ApproxKnn.neighbours(jsc(), mm, 5, new ApproxKnn.Params(1, 1024), 3);
        assertThat(KnnRecall.of(oneWindow, exact)).isEqualTo(1.0);
        int[][] approx = ApproxKnn.neighbours(jsc(), mm, 5, new ApproxKnn.Params(6, 128), 3);
        double recall = KnnRecall.of(approx, exact);
        assertThat(recall).isGreaterThan(0.7);
        Dataset<Row> out = new Smote(5, 0.5, Smote.NeighbourSearch.APPROX, new ApproxKnn.Params(6, 128), "smote")
                .resample(TRAIN, 1);
        assertThat(ClassBalance.counts(out)).containsEntry(1.0, 200L);
    }
}
