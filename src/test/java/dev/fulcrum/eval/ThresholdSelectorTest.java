package dev.fulcrum.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fulcrum.error.BadInputException;
import org.junit.jupiter.api.Test;

class ThresholdSelectorTest {
    // P=4, N=6. Cumulative (tp, fp) at each score, desc: .95(1,0) .9(2,0) .8(2,1) .7(3,1)
    // .6(3,2) .5(3,3) .4(4,3) .3(4,4) .2(4,5) .1(4,6)
    static final double[] S = {0.95, 0.9, 0.8, 0.7, 0.6, 0.5, 0.4, 0.3, 0.2, 0.1};
    static final double[] Y = {1, 1, 0, 1, 0, 0, 1, 0, 0, 0};
    static final ScoreSummary VALIDATION = ScoreSummary.of(S, Y);

    private static double select(ThresholdStrategy st) {
        return ThresholdSelector.select(VALIDATION, st);
    }

    @Test
    void eachStrategyPicksTheHandDerivedThreshold() {
        // F1: .95 .4, .9 .667, .8 .571, .7 .75, .6 .667, .5 .6, .4 .727 ...
        assertThat(select(ThresholdStrategy.maxF1())).isEqualTo(0.7);
        // F2 = 5tp/(5tp+4fn+fp): .9 .556, .7 .75, .4 .870, .3 .833
        assertThat(select(ThresholdStrategy.maxFbeta(2))).isEqualTo(0.4);
        // F0.5 = 1.25tp/(1.25tp+.25fn+fp): .95 .625, .9 .833, .7 .75
        assertThat(select(ThresholdStrategy.maxFbeta(0.5))).isEqualTo(0.9);
        assertThat(select(ThresholdStrategy.targetRecall(0.5))).isEqualTo(0.9);
        assertThat(select(ThresholdStrategy.targetRecall(0.75))).isEqualTo(0.7);
        assertThat(select(ThresholdStrategy.targetRecall(0.76))).isEqualTo(0.4);
        assertThat(select(ThresholdStrategy.targetRecall(1))).isEqualTo(0.4);
        assertThat(select(ThresholdStrategy.targetPrecision(0.75))).isEqualTo(0.7);
        assertThat(select(ThresholdStrategy.targetPrecision(0.8))).isEqualTo(0.9);
        assertThat(select(ThresholdStrategy.targetPrecision(1))).isEqualTo(0.9);
        assertThat(select(ThresholdStrategy.targetPrecision(0.4))).isEqualTo(0.4);
        // cost 10fn + fp: none 40, .9 20, .7 11, .4 3, .3 4
        assertThat(select(ThresholdStrategy.minCost(10, 1))).isEqualTo(0.4);
        // cost fn + 10fp: none 4, .95 3, .9 2, .8 12
        assertThat(select(ThresholdStrategy.minCost(1, 10))).isEqualTo(0.9);
        // false negatives free: predicting nothing (cost 0) wins; threshold just above the top score
        double none = select(ThresholdStrategy.minCost(0, 1));
        assertThat(none).isEqualTo(Math.nextUp(0.95));
        assertThat(VALIDATION.at(none)).isEqualTo(new ConfusionMatrix(0, 0, 6, 4));
        assertThat(select(ThresholdStrategy.fixed(0.33))).isEqualTo(0.33);
    }

    @Test
    void unreachablePrecisionAndMissingPositivesFailClearly() {
        ScoreSummary noisy = ScoreSummary.of(new double[] {0.9, 0.8, 0.7}, new double[] {0, 1, 0});
        assertThatThrownBy(() -> ThresholdSelector.select(noisy, ThresholdStrategy.targetPrecision(0.9)))
                .isInstanceOf(BadInputException.class)
                .hasMessage("evaluation.threshold.precision: no threshold reaches it on the validation"
                        + " split; got 0.9 (best precision there 0.5); lower it or use target-recall / max-f1");
        ScoreSummary negativesOnly = ScoreSummary.of(new double[] {0.9, 0.1}, new double[] {0, 0});
        assertThatThrownBy(() -> ThresholdSelector.select(negativesOnly, ThresholdStrategy.maxF1()))
                .isInstanceOf(BadInputException.class)
                .hasMessage("evaluation.threshold: strategy max-f1 needs positive rows in the validation"
                        + " split; got 0 of 2; use a larger validation fraction or strategy = fixed");
        assertThat(ThresholdSelector.select(negativesOnly, ThresholdStrategy.minCost(1, 1)))
                .isEqualTo(Math.nextUp(0.9));
    }

    @Test
    void selectorSeesOnlyTheSummaryItIsGiven() {
        // A "test" split whose own optimum is elsewhere: the selector must follow the summary it
        // gets, so validation -> 0.7 whatever the test split looks like, and the same data summarised
        // on Spark (any partitioning) gives the same choice as the in-memory summary.
        ScoreSummary test = ScoreSummary.of(new double[] {0.95, 0.9, 0.8, 0.7, 0.3, 0.2},
                new double[] {1, 1, 1, 0, 1, 0});
        assertThat(ThresholdSelector.select(test, ThresholdStrategy.maxF1())).isEqualTo(0.3);
        assertThat(ThresholdSelector.select(VALIDATION, ThresholdStrategy.maxF1())).isEqualTo(0.7);
        ScoreSummary onSpark = BinaryEvaluator.summarize(BinaryEvaluatorTest.frame(S, Y, 3), "score", "label");
        for (ThresholdStrategy st : new ThresholdStrategy[] {ThresholdStrategy.maxF1(),
            ThresholdStrategy.maxFbeta(2), ThresholdStrategy.targetRecall(0.75),
            ThresholdStrategy.targetPrecision(0.8), ThresholdStrategy.minCost(10, 1)}) {
            assertThat(ThresholdSelector.select(onSpark, st)).as(st.describe()).isEqualTo(select(st));
        }
    }
}
