package dev.fulcrum.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class ConfusionMatrixTest {
    private static final double EPS = 1e-15;

    @Test
    void handDerivedFormulas() {
        ConfusionMatrix cm = new ConfusionMatrix(6, 2, 10, 4);
        assertThat(cm.positives()).isEqualTo(10);
        assertThat(cm.negatives()).isEqualTo(12);
        assertThat(cm.precision()).isCloseTo(0.75, within(EPS));
        assertThat(cm.recall()).isCloseTo(0.6, within(EPS));
        assertThat(cm.specificity()).isCloseTo(10.0 / 12, within(EPS));
        assertThat(cm.accuracy()).isCloseTo(16.0 / 22, within(EPS));
        assertThat(cm.f1()).isCloseTo(12.0 / 18, within(EPS));       // 2tp/(2tp+fp+fn)
        assertThat(cm.fbeta(2)).isCloseTo(30.0 / 48, within(EPS));    // 5tp/(5tp+4fn+fp)
        assertThat(cm.fbeta(0.5)).isCloseTo(7.5 / (7.5 + 1 + 2), within(EPS));
        assertThat(cm.mcc()).isCloseTo(52 / Math.sqrt(8.0 * 10 * 12 * 14), within(EPS));
        assertThat(cm.balancedAccuracy()).isCloseTo((0.6 + 10.0 / 12) / 2, within(EPS));
        assertThat(cm.gmean()).isCloseTo(Math.sqrt(0.5), within(EPS));
    }

    @Test
    void perfectAndInvertedMcc() {
        assertThat(new ConfusionMatrix(3, 0, 5, 0).mcc()).isEqualTo(1.0);
        assertThat(new ConfusionMatrix(0, 5, 0, 3).mcc()).isEqualTo(-1.0);
    }

    @Test
    void zeroDenominatorsAreZeroLikeSklearnZeroDivision0() {
        ConfusionMatrix nothingPredicted = new ConfusionMatrix(0, 0, 5, 3);
        assertThat(nothingPredicted.precision()).isZero();
        assertThat(nothingPredicted.recall()).isZero();
        assertThat(nothingPredicted.f1()).isZero();
        assertThat(nothingPredicted.mcc()).isZero();
        assertThat(nothingPredicted.specificity()).isEqualTo(1.0);
        assertThat(nothingPredicted.balancedAccuracy()).isEqualTo(0.5);
        assertThat(nothingPredicted.gmean()).isZero();

        ConfusionMatrix onlyNegatives = new ConfusionMatrix(0, 0, 5, 0);
        assertThat(onlyNegatives.recall()).isZero();
        assertThat(onlyNegatives.f1()).isZero();
        assertThat(onlyNegatives.fbeta(2)).isZero();
        assertThat(onlyNegatives.mcc()).isZero();
        assertThat(onlyNegatives.accuracy()).isEqualTo(1.0);

        ConfusionMatrix onlyPositivesAllPredicted = new ConfusionMatrix(4, 0, 0, 0);
        assertThat(onlyPositivesAllPredicted.specificity()).isZero();
        assertThat(onlyPositivesAllPredicted.mcc()).isZero();
        assertThat(onlyPositivesAllPredicted.f1()).isEqualTo(1.0);

        ConfusionMatrix empty = new ConfusionMatrix(0, 0, 0, 0);
        assertThat(new double[] {empty.precision(), empty.recall(), empty.specificity(),
            empty.accuracy(), empty.f1(), empty.mcc(), empty.balancedAccuracy(), empty.gmean()})
                .containsOnly(0.0);
    }

    @Test
    void rejectsBadArguments() {
        assertThatThrownBy(() -> new ConfusionMatrix(-1, 0, 0, 0))
                .hasMessage("confusion counts must be >= 0; got tp=-1 fp=0 tn=0 fn=0");
        assertThatThrownBy(() -> new ConfusionMatrix(1, 1, 1, 1).fbeta(0))
                .hasMessage("beta must be finite and > 0; got 0.0");
    }
}
