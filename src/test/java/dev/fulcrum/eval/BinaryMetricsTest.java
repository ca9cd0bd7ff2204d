package dev.fulcrum.eval;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class BinaryMetricsTest {
    @Test
    @SuppressWarnings("unchecked")
    void mapHasEveryNumberInOrderAndNullForUndefined() {
        Map<String, Object> m = BinaryMetrics.toMap(ThresholdSelectorTest.VALIDATION, 0.7);
        assertThat(m.keySet()).containsExactly("rows", "positives", "negatives", "distinctScores",
                "exact", "rocAuc", "prAuc", "brier", "recallAtPrecision0.9", "precisionAtRecall0.9",
                "atThreshold", "at0.5");
        assertThat(m.get("positives")).isEqualTo(4L);
        // positives beat 6+6+5+3 of 6 negatives each -> 20/24
        assertThat((Double) m.get("rocAuc")).isCloseTo(20.0 / 24, org.assertj.core.api.Assertions.within(1e-15));
        Map<String, Object> at = (Map<String, Object>) m.get("atThreshold");
        assertThat(at.keySet()).containsExactly("threshold", "tp", "fp", "tn", "fn", "precision",
                "recall", "f1", "f2", "mcc", "balancedAccuracy", "gmean", "specificity", "accuracy");
        assertThat(at.get("tp")).isEqualTo(3L);
        assertThat(at.get("fp")).isEqualTo(1L);
        Map<String, Object> half = (Map<String, Object>) m.get("at0.5");
        assertThat(half.get("threshold")).isEqualTo(0.5);
        assertThat(half.get("fp")).isEqualTo(3L);

        Map<String, Object> noPositives = BinaryMetrics.toMap(
                ScoreSummary.of(new double[] {0.2, 0.4}, new double[] {0, 0}), 0.5);
        assertThat(noPositives.get("rocAuc")).isNull();
        assertThat(noPositives.get("prAuc")).isNull();
        assertThat(noPositives.get("recallAtPrecision0.9")).isNull();
        assertThat(noPositives).containsKey("rocAuc");
    }
}
