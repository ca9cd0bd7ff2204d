package dev.fulcrum.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.fulcrum.SparkTestSession;
import dev.fulcrum.error.BadInputException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

class BinaryEvaluatorTest {
    private static final StructType SCHEMA = new StructType()
            .add("score", DataTypes.DoubleType, true).add("label", DataTypes.DoubleType, true);

    static Dataset<Row> frame(double[] scores, double[] labels, int partitions) {
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < scores.length; i++) {
            rows.add(RowFactory.create(scores[i], labels[i]));
        }
        return SparkTestSession.get().createDataFrame(rows, SCHEMA).repartition(partitions);
    }

    @Test
    void handComputedSmallCaseWithTies() {
        // scores desc: 0.9(+) 0.8(-) 0.8(+) 0.5(-) 0.5(-) 0.1(+) 0.1(-)   P=3 N=4
        double[] s = {0.9, 0.8, 0.8, 0.5, 0.5, 0.1, 0.1};
        double[] y = {1, 0, 1, 0, 0, 1, 0};
        // AUC: pairs (pos,neg): pos .9 beats 4 negs; pos .8 beats 3 and ties 1 -> 3.5;
        // pos .1 ties 1 -> 0.5. (4+3.5+0.5)/12 = 8/12
        // AP: thresholds .9 (R=1/3, P=1), .8 (R=2/3, P=2/3), .5 (no new pos), .1 (R=1, P=3/7)
        // = 1/3*1 + 1/3*2/3 + 1/3*3/7
        double ap = (1.0 + 2.0 / 3 + 3.0 / 7) / 3;
        double brier = (0.01 + 0.64 + 0.04 + 0.25 + 0.25 + 0.81 + 0.01) / 7;
        for (int parts : new int[] {1, 7}) {
            ScoreSummary sum = BinaryEvaluator.summarize(frame(s, y, parts), "score", "label");
            assertThat(sum.positives()).isEqualTo(3);
            assertThat(sum.negatives()).isEqualTo(4);
            assertThat(sum.distinctScores()).isEqualTo(4);
            assertThat(sum.exact()).isTrue();
            assertThat(sum.rocAuc()).isCloseTo(8.0 / 12, within(1e-15));
            assertThat(sum.averagePrecision()).isCloseTo(ap, within(1e-15));
            assertThat(sum.brier()).isCloseTo(brier, within(1e-15));
            assertThat(sum.at(0.8)).isEqualTo(new ConfusionMatrix(2, 1, 3, 1));
            assertThat(sum.at(0.85)).isEqualTo(new ConfusionMatrix(1, 0, 4, 2));
            assertThat(sum.at(0.95)).isEqualTo(new ConfusionMatrix(0, 0, 4, 3));
            assertThat(sum.at(0.0)).isEqualTo(new ConfusionMatrix(3, 4, 0, 0));
            assertThat(sum.rocCurve()).hasSize(5);
            assertThat(sum.rocCurve().get(2)).containsExactly(0.25, 2.0 / 3);
            assertThat(sum.prCurve().get(0)).containsExactly(0, 1);
            assertThat(sum.histogram(true, 10)).containsExactly(0, 1, 0, 0, 0, 0, 0, 0, 1, 1);
            assertThat(sum.histogram(false, 10)).containsExactly(0, 1, 0, 0, 0, 2, 0, 0, 1, 0);
            assertThat(sum.recallAtPrecision(0.9)).isCloseTo(1.0 / 3, within(1e-15));
            assertThat(sum.precisionAtRecall(0.9)).isCloseTo(3.0 / 7, within(1e-15));
        }
    }

    @Test
    void distributedEqualsLocalAndThinnedTableStaysExactForAt() {
        Random rnd = new Random(7);
        int n = 3000;
        double[] s = new double[n];
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            y[i] = rnd.nextDouble() < 0.05 ? 1 : 0;
            s[i] = Math.min(1, Math.max(0, Math.round((0.3 * y[i] + rnd.nextGaussian() * 0.2 + 0.3)
                    * 500) / 500.0));
        }
        ScoreSummary local = ScoreSummary.of(s, y);
        ScoreSummary full = BinaryEvaluator.summarize(frame(s, y, 5), "score", "label");
        ScoreSummary thin = BinaryEvaluator.summarize(frame(s, y, 5), "score", "label", 20);
        ScoreSummary thin1 = BinaryEvaluator.summarize(frame(s, y, 1), "score", "label", 20);
        // The retained ranks depend on the global rank only, not on the partitioning.
        for (int k = 0; k < thin.candidateCount(); k++) {
            assertThat(thin1.candidateThreshold(k)).isEqualTo(thin.candidateThreshold(k));
            assertThat(thin1.candidate(k)).isEqualTo(thin.candidate(k));
        }
        assertThat(thin1.candidateCount()).isEqualTo(thin.candidateCount());
        assertThat(full.exact()).isTrue();
        assertThat(thin.exact()).isFalse();
        assertThat(thin.candidateCount()).isBetween(20, 21);
        for (ScoreSummary x : new ScoreSummary[] {full, thin}) {
            assertThat(x.rocAuc()).isCloseTo(local.rocAuc(), within(1e-12));
            assertThat(x.averagePrecision()).isCloseTo(local.averagePrecision(), within(1e-12));
            assertThat(x.brier()).isCloseTo(local.brier(), within(1e-12));
            assertThat(x.histogram(true, 50)).containsExactly(local.histogram(true, 50));
        }
        for (double t : new double[] {0.123, 0.3, 0.5, 0.6113, 0.9}) {
            assertThat(thin.at(t)).isEqualTo(local.at(t));
            assertThat(full.at(t)).isEqualTo(local.at(t));
        }
    }

    @Test
    void emptyInputGivesUndefinedScoresNotErrors() {
        ScoreSummary empty = BinaryEvaluator.summarize(frame(new double[0], new double[0], 2),
                "score", "label");
        assertThat(empty.rows()).isZero();
        assertThat(empty.exact()).isTrue();
        assertThat(empty.rocAuc()).isNaN();
        assertThat(empty.averagePrecision()).isNaN();
        assertThat(empty.brier()).isNaN();
        assertThat(empty.at(0.5)).isEqualTo(new ConfusionMatrix(0, 0, 0, 0));
        assertThat(empty.rocCurve()).isEmpty();
        assertThat(empty.histogram(true, 20)).containsOnly(0.0);
    }

    @Test
    void badInputFailsWithColumnNamedMessages() {
        Dataset<Row> ok = frame(new double[] {0.2, 0.7}, new double[] {0, 1}, 1);
        assertThatThrownBy(() -> BinaryEvaluator.summarize(ok, "prob", "label"))
                .isInstanceOf(BadInputException.class)
                .hasMessage("Expected column prob to be one of (score, label); found none");
        assertThatThrownBy(() -> BinaryEvaluator.summarize(
                ok.selectExpr("cast(score as string) as score", "label"), "score", "label"))
                .isInstanceOf(BadInputException.class)
                .hasMessage("score: must be a numeric column; got string");
        assertThatThrownBy(() -> BinaryEvaluator.summarize(
                frame(new double[] {0.2, 0.7, 0.1}, new double[] {0, 2, 1}, 2), "score", "label"))
                .isInstanceOf(BadInputException.class)
                .hasMessage("label: must be 0 or 1; got 1 rows with other values (e.g. 2.0)");
        assertThatThrownBy(() -> BinaryEvaluator.summarize(
                frame(new double[] {0.2, Double.NaN, 1.5}, new double[] {0, 1, 1}, 2), "score", "label"))
                .isInstanceOf(BadInputException.class)
                .hasMessageStartingWith("score: must be a number in [0,1]; got 2 rows outside it");
    }
}
