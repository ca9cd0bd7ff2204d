package dev.fulcrum.train;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fulcrum.train.TrainingConfig.EarlyStopping;
import dev.fulcrum.train.TrainingConfig.Metric;
import org.junit.jupiter.api.Test;

class BestEpochTest {
    private static BestEpoch run(EarlyStopping rule, double... values) {
        BestEpoch b = new BestEpoch(rule);
        for (int i = 0; i < values.length && !b.shouldStop(); i++) {
            b.offer(i + 1, values[i]);
        }
        return b;
    }

    @Test
    void keepsTheBestEpochAndStopsAfterPatienceEpochsWithoutImprovement() {
        BestEpoch b = run(new EarlyStopping(Metric.PR_AUC, 2, 0.0), 0.30, 0.50, 0.45, 0.49, 0.99);
        assertThat(b.bestEpoch()).isEqualTo(2);
        assertThat(b.best()).isEqualTo(0.50);
        assertThat(b.shouldStop()).isTrue(); // 0.99 at epoch 5 is never seen
        assertThat(b.sinceImprovement()).isEqualTo(2);
    }

    @Test
    void anImprovementMustExceedMinDelta() {
        // 0.505 beats 0.50 but not by more than 0.01: counts as no improvement.
        BestEpoch b = run(new EarlyStopping(Metric.ROC_AUC, 2, 0.01), 0.50, 0.505, 0.509, 0.70);
        assertThat(b.bestEpoch()).isEqualTo(1);
        assertThat(b.shouldStop()).isTrue();
        BestEpoch c = run(new EarlyStopping(Metric.ROC_AUC, 2, 0.01), 0.50, 0.505, 0.52);
        assertThat(c.bestEpoch()).isEqualTo(3);
        assertThat(c.shouldStop()).isFalse();
    }

    @Test
    void lossIsMinimised() {
        BestEpoch b = run(new EarlyStopping(Metric.LOSS, 1, 0.0), 0.9, 0.5, 0.6);
        assertThat(b.bestEpoch()).isEqualTo(2);
        assertThat(b.shouldStop()).isTrue();
    }

    @Test
    void patienceZeroNeverStopsButStillTracksTheBest() {
        BestEpoch b = run(new EarlyStopping(Metric.PR_AUC, 0, 0.0), 0.3, 0.2, 0.1, 0.05, 0.01);
        assertThat(b.shouldStop()).isFalse();
        assertThat(b.bestEpoch()).isEqualTo(1);
        assertThat(b.sinceImprovement()).isEqualTo(4);
    }

    @Test
    void nanIsNeverAnImprovementButTheFirstEpochIsAlwaysTheBestSoFar() {
        BestEpoch b = run(new EarlyStopping(Metric.PR_AUC, 3, 0.0), Double.NaN, 0.4, Double.NaN, 0.3);
        assertThat(b.bestEpoch()).isEqualTo(2);
        assertThat(b.sinceImprovement()).isEqualTo(2);
    }

    @Test
    void restoredStateContinuesCounting() {
        BestEpoch b = new BestEpoch(new EarlyStopping(Metric.PR_AUC, 3, 0.0), 2, 0.5, 2);
        b.offer(5, 0.4);
        assertThat(b.shouldStop()).isTrue();
        assertThat(b.bestEpoch()).isEqualTo(2);
    }
}
