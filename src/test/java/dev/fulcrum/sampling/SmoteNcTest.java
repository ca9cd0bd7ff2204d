package dev.fulcrum.sampling;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

import dev.fulcrum.data.VectorLayout;
import dev.fulcrum.error.BadInputException;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

/** SMOTE-NC against neighbours, penalty and levels derived by hand on a tiny set. */
class SmoteNcTest {
    /** Vector [x, c=A, c=B]; minority rows (x, level): (0, A), (1, B), (2, A), (10, A). */
    private static final List<double[]> MINORITY = List.of(
            new double[] {0, 1, 0}, new double[] {1, 0, 1}, new double[] {2, 1, 0}, new double[] {10, 1, 0});
    private static final List<double[]> MAJORITY = List.of(
            new double[] {50, 1, 0}, new double[] {51, 0, 1}, new double[] {52, 1, 0}, new double[] {53, 0, 1},
            new double[] {54, 1, 0}, new double[] {55, 0, 1}, new double[] {56, 1, 0}, new double[] {57, 0, 1});
    private static final VectorLayout LAYOUT = new VectorLayout(List.of("x", "c=A", "c=B"),
            List.of(new VectorLayout.OneHot("c", 1, 2)));

    @Test
    void penaltyIsHalfTheSquaredMedianStdAndChangesTheNeighbours() {
        MinorityMatrix mm = MinorityMatrix.collect(Frames.of(MINORITY, MAJORITY), 1.0);
        int[][] blocks = SmoteNc.blocks(LAYOUT, 3);
        // x: mean 3.25, population variance (3.25^2 + 2.25^2 + 1.25^2 + 6.75^2) / 4 = 15.6875
        double m = SmoteNc.medianStd(mm, blocks);
        assertThat(m).isCloseTo(Math.sqrt(15.6875), offset(1e-12));
        // squared distances: (0,A)-(1,B) = 1 + m^2/2 = 8.84 > (0,A)-(2,A) = 4, so row 0's nearest is row 2
        // (plain Euclidean would pick row 1); row 1 is 8.84 from rows 0 and 2 (tie: lower row number)
        int[][] nn = ExactKnn.neighbours(SmoteTest.jsc(), SmoteNc.penalised(mm, blocks, m / 2), 1);
        assertThat(nn).isDeepEqualTo(new int[][] {{2}, {0}, {0}, {2}});
        MinorityMatrix scaled = SmoteNc.penalised(mm, blocks, m / 2);
        assertThat(SmoteTest.sq(scaled.row(0), scaled.row(1))).isCloseTo(1 + 15.6875 / 2, offset(1e-9));
    }

    @Test
    void syntheticRowsInterpolateNumbersAndTakeTheNeighboursLevel() {
        Dataset<Row> out = new SmoteNc(1, 1.0, "sampling[0]").resample(Frames.of(MINORITY, MAJORITY), 3, LAYOUT);
        List<double[]> minority = Frames.vectors(out.where(col("label").equalTo(1.0)));
        assertThat(minority).hasSize(8);
        // every base row's single neighbour (rows 2, 0, 0, 2) has level A: so has every synthetic row,
        // including those interpolated from the B row 1 (x in [0, 1])
        List<double[]> synthetic = minority.stream().filter(v -> MINORITY.stream()
                .noneMatch(o -> java.util.Arrays.equals(o, v))).toList();
        assertThat(synthetic).isNotEmpty();
        for (double[] v : synthetic) {
            assertThat(new double[] {v[1], v[2]}).containsExactly(1.0, 0.0);
            assertThat(v[0]).isBetween(0.0, 10.0);
        }
        assertThat(ClassBalance.counts(out)).containsEntry(0.0, 8L).containsEntry(1.0, 8L);
    }

    @Test
    void voteTakesTheMostFrequentLevelAndBreaksTiesAtRandom() {
        // rows: 0 = A, 1 = B, 2 = A, 3 = C (vector [x, A, B, C])
        double[] x = {0, 1, 0, 0, 0, 0, 1, 0, 0, 1, 0, 0, 0, 0, 0, 1};
        SplittableRandom rng = new SplittableRandom(1);
        double[] v = new double[4];
        SyntheticRows.vote(x, 4, new int[] {0, 1, 2}, 1, 3, v, rng);
        assertThat(v).containsExactly(0, 1, 0, 0); // A twice beats B once
        int a = 0;
        int b = 0;
        for (int t = 0; t < 2000; t++) {
            SyntheticRows.vote(x, 4, new int[] {1, 2}, 1, 3, v, rng); // one B, one A: a tie
            assertThat(v[1] + v[2] + v[3]).isEqualTo(1.0);
            assertThat(v[3]).isZero(); // C is not among the neighbours
            a += (int) v[1];
            b += (int) v[2];
        }
        assertThat(a).isBetween(850, 1150);
        assertThat(b).isEqualTo(2000 - a);
    }

    @Test
    void plainSmoteOnOneHotColumnsIsRefusedNamingThemAndSmoteNc() {
        assertThatThrownBy(() -> new Smote(1, 1.0).resample(Frames.of(MINORITY, MAJORITY), 3, LAYOUT))
                .isInstanceOf(BadInputException.class).hasMessageContaining("[c]").hasMessageContaining("smote-nc");
        assertThatThrownBy(() -> new BorderlineSmote(1, 2, 1.0).resample(Frames.of(MINORITY, MAJORITY), 3, LAYOUT))
                .isInstanceOf(BadInputException.class).hasMessageContaining("smote-nc");
    }

    @Test
    void withoutCategoricalColumnsItIsSmote() {
        Dataset<Row> train = Frames.gaussian(60, 12, 3, 5, 2);
        List<double[]> nc = Frames.vectors(new SmoteNc(3, 0.5, "s").resample(train, 9, VectorLayout.numeric(
                List.of("a", "b", "c"))));
        List<double[]> plain = Frames.vectors(new Smote(3, 0.5).resample(train, 9));
        assertThat(nc).hasSameSizeAs(plain);
        for (int i = 0; i < nc.size(); i++) {
            assertThat(nc.get(i)).containsExactly(plain.get(i), offset(0.0));
        }
    }
}
