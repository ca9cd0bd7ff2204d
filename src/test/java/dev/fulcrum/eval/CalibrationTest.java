package dev.fulcrum.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class CalibrationTest {

    @Test
    void priorCorrectionUndoesABalancedUndersample() {
        // data rate 1%, trained on 1:1: k = (0.01/0.99) / 1, so a score of 0.5 (odds 1) becomes odds k = 1/99 -> 0.01
        Calibration c = Calibration.prior(0.01, 0.5);
        assertThat(c.apply(0.5)).isCloseTo(0.01, within(1e-12));
        // score 0.9: odds 9 -> 9/99 -> p = 9/108
        assertThat(c.apply(0.9)).isCloseTo(9.0 / 108, within(1e-12));
        // no resampling: identity
        assertThat(Calibration.prior(0.2, 0.2).apply(0.37)).isCloseTo(0.37, within(1e-12));
    }

    @Test
    void isotonicPoolsAdjacentViolatorsByHand() {
        // (score, positives, negatives): 0.1 -> 1/1, 0.2 -> 0/1 violates, pooled to 1/2 on [0.1, 0.2];
        // 0.3 -> 1/2 ties the pool's 0.5 and joins it (non-decreasing fit, pooled on ties): 2/4 on
        // [0.1, 0.3]; 0.4 -> 1/1 stays. Points (0.1, .5), (0.3, .5), (0.4, 1), linear between, clipped.
        Calibration c = Calibration.isotonic(new double[][] {{0.1, 1, 0}, {0.2, 0, 1}, {0.3, 1, 1}, {0.4, 1, 0}});
        assertThat(c.describe()).isEqualTo(Map.of("method", "isotonic", "x", List.of(0.1, 0.3, 0.4),
                "y", List.of(0.5, 0.5, 1.0)));
        assertThat(c.apply(0.05)).isEqualTo(0.5);
        assertThat(c.apply(0.2)).isEqualTo(0.5);
        assertThat(c.apply(0.35)).isCloseTo(0.75, within(1e-12));
        assertThat(c.apply(0.4)).isEqualTo(1.0);
        assertThat(c.apply(0.99)).isEqualTo(1.0);
    }

    @Test
    void isotonicFitIsTheLeastSquaresMonotoneFitOnASmallCase() {
        // brute force over a grid of non-decreasing fits of 4 points: PAV must attain the minimum
        double[][] counts = {{0.2, 3, 1}, {0.4, 1, 3}, {0.6, 2, 2}, {0.8, 0, 4}};
        Calibration c = Calibration.isotonic(counts);
        double pav = sse(counts, new double[] {c.apply(0.2), c.apply(0.4), c.apply(0.6), c.apply(0.8)});
        double best = Double.MAX_VALUE;
        int steps = 40;
        for (int a = 0; a <= steps; a++) {
            for (int b = a; b <= steps; b++) {
                for (int d = b; d <= steps; d++) {
                    for (int e = d; e <= steps; e++) {
                        best = Math.min(best, sse(counts, new double[] {a / (double) steps, b / (double) steps,
                                d / (double) steps, e / (double) steps}));
                    }
                }
            }
        }
        assertThat(pav).isLessThanOrEqualTo(best + 1e-12);
        // here every point violates its successor: a single pool at the overall rate 6/16
        assertThat(c.apply(0.5)).isCloseTo(6.0 / 16, within(1e-12));
    }

    private static double sse(double[][] counts, double[] fit) {
        double s = 0;
        for (int i = 0; i < counts.length; i++) {
            s += counts[i][1] * (1 - fit[i]) * (1 - fit[i]) + counts[i][2] * fit[i] * fit[i];
        }
        return s;
    }

    @Test
    void plattRecoversTheLinkThatGeneratedTheLabels() {
        // labels drawn with P(y = 1 | s) = sigmoid(2 logit(s) - 1.5): the fit must find a ~ 2, b ~ -1.5
        Random r = new Random(7);
        int n = 200_000;
        double[] scores = new double[n];
        double[] labels = new double[n];
        for (int i = 0; i < n; i++) {
            scores[i] = Math.round((0.02 + 0.96 * r.nextDouble()) * 1000) / 1000.0;
            labels[i] = r.nextDouble() < Calibration.sigmoid(2 * Calibration.logit(scores[i]) - 1.5) ? 1 : 0;
        }
        Calibration c = Calibration.platt(ScoreSummary.of(scores, labels));
        Map<String, Object> d = c.describe();
        assertThat((double) d.get("a")).isCloseTo(2.0, within(0.05));
        assertThat((double) d.get("b")).isCloseTo(-1.5, within(0.05));
    }

    @Test
    void plattSolutionZeroesTheGradientWithPlattsTargets() {
        double[][] counts = {{0.05, 1, 40}, {0.2, 3, 20}, {0.5, 6, 8}, {0.7, 5, 2}, {0.95, 9, 1}};
        long pos = 24;
        long neg = 71;
        Calibration c = Calibration.platt(counts, pos, neg);
        double hi = (pos + 1.0) / (pos + 2.0);
        double lo = 1.0 / (neg + 2.0);
        double ga = 0;
        double gb = 0;
        for (double[] k : counts) {
            double x = Calibration.logit(k[0]);
            double p = c.apply(k[0]);
            double d = k[1] * (p - hi) + k[2] * (p - lo);
            ga += d * x;
            gb += d;
        }
        assertThat(ga).isCloseTo(0, within(1e-8));
        assertThat(gb).isCloseTo(0, within(1e-8));
        // increasing: rankings (and PR-AUC) are kept
        for (double s = 0.01; s < 0.99; s += 0.01) {
            assertThat(c.apply(s + 0.01)).isGreaterThan(c.apply(s));
        }
    }

    @Test
    void descriptionRoundTripsAndBadBundleValuesAreRefused() {
        Calibration p = Calibration.platt(new double[][] {{0.1, 1, 9}, {0.9, 8, 2}}, 9, 11);
        Calibration back = Calibration.fromDescription(p.describe());
        assertThat(back.apply(0.3)).isEqualTo(p.apply(0.3));
        Calibration iso = Calibration.isotonic(new double[][] {{0.1, 0, 3}, {0.5, 1, 1}, {0.9, 3, 0}});
        assertThat(Calibration.fromDescription(iso.describe()).apply(0.7)).isEqualTo(iso.apply(0.7));
        assertThat(Calibration.fromDescription(Map.of("method", "none")).apply(0.42)).isEqualTo(0.42);
        assertThatThrownBy(() -> Calibration.fromDescription(Map.of("method", "platt", "a", -1.0, "b", 0.0)))
                .hasMessageContaining("calibration.a must be > 0");
        assertThatThrownBy(() -> Calibration.fromDescription(Map.of("method", "isotonic", "x", List.of(0.5, 0.2),
                "y", List.of(0.1, 0.3)))).hasMessageContaining("non-decreasing");
        assertThatThrownBy(() -> Calibration.fromDescription(Map.of("method", "magic")))
                .hasMessageContaining("calibration.method must be one of none, prior, platt, isotonic; got magic");
    }

    @Test
    void reliabilityByHand() {
        // scores 0.1 (2 neg), 0.8 (1 pos, 1 neg): raw Brier = (2*0.01 + 0.04 + 0.64) / 4 = 0.175
        ScoreSummary s = ScoreSummary.of(new double[] {0.1, 0.1, 0.8, 0.8}, new double[] {0, 0, 1, 0});
        Reliability r = Reliability.of(s, Calibration.prior(0.25, 0.5), 10);
        assertThat(r.brierRaw()).isCloseTo(0.175, within(1e-12));
        assertThat(r.raw().get(1).rows()).isEqualTo(2);
        assertThat(r.raw().get(1).observedRate()).isEqualTo(0.0);
        assertThat(r.raw().get(8).rows()).isEqualTo(2);
        assertThat(r.raw().get(8).observedRate()).isEqualTo(0.5);
        assertThat(r.raw().get(5).meanPredicted()).isNaN();
        // prior 0.25 vs 0.5: k = 1/3; 0.1 -> odds 1/27 -> 1/28; 0.8 -> odds 4/3 -> 4/7
        double p1 = 1.0 / 28;
        double p8 = 4.0 / 7;
        assertThat(r.brierCalibrated()).isCloseTo((2 * p1 * p1 + (1 - p8) * (1 - p8) + p8 * p8) / 4, within(1e-12));
        assertThat(r.exact()).isTrue();
    }
}
