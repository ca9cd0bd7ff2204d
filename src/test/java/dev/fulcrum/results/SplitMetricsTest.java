package dev.fulcrum.results;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.fulcrum.eval.ScoreSummary;
import dev.fulcrum.report.Json;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** metrics.json's per-split block, as the typed record serialises it. */
class SplitMetricsTest {
    // P=4, N=6. Cumulative (tp, fp) at each score, desc: .95(1,0) .9(2,0) .8(2,1) .7(3,1)
    // .6(3,2) .5(3,3) .4(4,3) .3(4,4) .2(4,5) .1(4,6)
    private static final ScoreSummary VALIDATION = ScoreSummary.of(
            new double[] {0.95, 0.9, 0.8, 0.7, 0.6, 0.5, 0.4, 0.3, 0.2, 0.1},
            new double[] {1, 1, 0, 1, 0, 0, 1, 0, 0, 0});

    @Test
    @SuppressWarnings("unchecked")
    void jsonHasEveryNumberInOrderAndNullForUndefined() {
        Map<String, Object> m = Json.tree(SplitMetrics.of(VALIDATION, 0.7));
        assertThat(m.keySet()).containsExactly("rows", "positives", "negatives", "distinctScores",
                "exact", "rocAuc", "prAuc", "brier", "recallAtPrecision0.9", "precisionAtRecall0.9",
                "atThreshold", "at0.5");
        assertThat(((Number) m.get("positives")).longValue()).isEqualTo(4L);
        // positives beat 6+6+5+3 of 6 negatives each -> 20/24
        assertThat((Double) m.get("rocAuc")).isCloseTo(20.0 / 24, within(1e-15));
        Map<String, Object> at = (Map<String, Object>) m.get("atThreshold");
        assertThat(at.keySet()).containsExactly("threshold", "tp", "fp", "tn", "fn", "precision",
                "recall", "f1", "f2", "mcc", "balancedAccuracy", "gmean", "specificity", "accuracy");
        assertThat(((Number) at.get("tp")).longValue()).isEqualTo(3L);
        assertThat(((Number) at.get("fp")).longValue()).isEqualTo(1L);
        Map<String, Object> half = (Map<String, Object>) m.get("at0.5");
        assertThat(half.get("threshold")).isEqualTo(0.5);
        assertThat(((Number) half.get("fp")).longValue()).isEqualTo(3L);

        Map<String, Object> noPositives = Json.tree(SplitMetrics.of(
                ScoreSummary.of(new double[] {0.2, 0.4}, new double[] {0, 0}), 0.5));
        assertThat(noPositives).containsKey("rocAuc");
        assertThat(noPositives.get("rocAuc")).isNull();
        assertThat(noPositives.get("prAuc")).isNull();
        assertThat(noPositives.get("recallAtPrecision0.9")).isNull();
        // and the written text is valid JSON with null, never NaN
        assertThat(Json.write(SplitMetrics.of(ScoreSummary.of(new double[] {0.2}, new double[] {0}), 0.5)))
                .doesNotContain("NaN").contains("\"rocAuc\" : null");
    }
}
