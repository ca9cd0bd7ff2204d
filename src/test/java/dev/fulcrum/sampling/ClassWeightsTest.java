package dev.fulcrum.sampling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

import dev.fulcrum.error.BadInputException;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ClassWeightsTest {
    private static final Map<Double, Long> COUNTS = Map.of(0.0, 990L, 1.0, 10L);

    @Test
    void posWeightIsNegativesOverPositives() {
        assertThat(ClassWeights.posWeight(COUNTS)).isEqualTo(99.0);
        assertThatThrownBy(() -> ClassWeights.posWeight(Map.of(0.0, 5L)))
                .isInstanceOf(BadInputException.class)
                .hasMessageStartingWith("loss.posWeight = auto needs both classes in the training split");
    }

    @Test
    void inverseFrequencyIsBalanced() {
        Map<Double, Double> w = ClassWeights.inverseFrequency(COUNTS);
        assertThat(w.get(0.0)).isCloseTo(1000.0 / (2 * 990), offset(1e-12));
        assertThat(w.get(1.0)).isCloseTo(1000.0 / (2 * 10), offset(1e-12));
    }

    @Test
    void effectiveNumberByHand() {
        // beta = 0.99: E(990) = (1 - 0.99^990) / 0.01 = 99.995..., E(10) = (1 - 0.99^10) / 0.01 = 9.5618...
        double e0 = (1 - Math.pow(0.99, 990)) / 0.01;
        double e1 = (1 - Math.pow(0.99, 10)) / 0.01;
        Map<Double, Double> w = ClassWeights.effectiveNumber(COUNTS, 0.99);
        double s = 1 / e0 + 1 / e1;
        assertThat(w.get(0.0)).isCloseTo(2 / e0 / s, offset(1e-12));
        assertThat(w.get(1.0)).isCloseTo(2 / e1 / s, offset(1e-12));
        assertThat(w.get(1.0) / w.get(0.0)).isCloseTo(10.458, offset(1e-3));
        assertThat(ClassWeights.effectiveNumber(COUNTS, 0.0).get(1.0)).isEqualTo(1.0);
    }
}
