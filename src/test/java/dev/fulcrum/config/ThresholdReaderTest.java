package dev.fulcrum.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import dev.fulcrum.error.BadInputException;
import dev.fulcrum.eval.ThresholdStrategy;
import org.junit.jupiter.api.Test;

class ThresholdReaderTest {
    private static ThresholdStrategy parse(String hocon) {
        Config job = ConfigFactory.parseString("evaluation { threshold { " + hocon + " } }");
        return ThresholdReader.read(job.getConfig("evaluation.threshold"));
    }

    private static void fails(String hocon, String message) {
        assertThatThrownBy(() -> parse(hocon)).isInstanceOf(BadInputException.class)
                .hasMessage(message);
    }

    @Test
    void parsesEveryStrategy() {
        assertThat(parse("")).isEqualTo(ThresholdStrategy.maxF1());
        assertThat(parse("strategy = max-f1").describe()).isEqualTo("max-f1");
        assertThat(parse("strategy = max-fbeta, beta = 2").describe()).isEqualTo("max-fbeta(beta=2)");
        assertThat(parse("strategy = target-recall, recall = 0.9"))
                .isEqualTo(ThresholdStrategy.targetRecall(0.9));
        assertThat(parse("strategy = target-precision, precision = 1").describe())
                .isEqualTo("target-precision(precision=1)");
        assertThat(parse("strategy = min-cost, costFN = 100, costFP = 1.5").describe())
                .isEqualTo("min-cost(costFN=100, costFP=1.5)");
        assertThat(parse("strategy = fixed, value = 0.5")).isEqualTo(ThresholdStrategy.fixed(0.5));
        assertThat(parse("strategy = target-recall, recall = \"0.8\"")) // e.g. from --set
                .isEqualTo(ThresholdStrategy.targetRecall(0.8));
        assertThat(parse("strategy = fixed, value = 0").kind()).isEqualTo(ThresholdStrategy.Kind.FIXED);
    }

    @Test
    void rejectsBadBlocksWithPathRuleAndValue() {
        fails("strategy = best", "evaluation.threshold.strategy must be one of (max-f1, max-fbeta,"
                + " target-recall, target-precision, min-cost, fixed); got best");
        fails("strategy = 3", "evaluation.threshold.strategy must be one of (max-f1, max-fbeta,"
                + " target-recall, target-precision, min-cost, fixed); got 3");
        fails("strategy = target-recall, recall = 1.5",
                "evaluation.threshold.recall must be in (0, 1]; got 1.5");
        fails("strategy = target-recall, recall = 0",
                "evaluation.threshold.recall must be in (0, 1]; got 0");
        fails("strategy = target-precision, precision = -0.1",
                "evaluation.threshold.precision must be in (0, 1]; got -0.1");
        fails("strategy = max-fbeta, beta = 0", "evaluation.threshold.beta must be > 0; got 0");
        fails("strategy = max-fbeta, beta = two", "evaluation.threshold.beta must be a number; got \"two\"");
        fails("strategy = max-fbeta",
                "evaluation.threshold.beta: required key is missing");
        fails("strategy = min-cost, costFN = 10",
                "evaluation.threshold.costFP: required key is missing");
        fails("strategy = min-cost, costFN = -1, costFP = 1",
                "evaluation.threshold.costFN must be >= 0; got -1");
        fails("strategy = min-cost, costFN = 0, costFP = 0", "evaluation.threshold.costFN and"
                + " evaluation.threshold.costFP must not both be 0; got 0 and 0; e.g. costFN = 100, costFP = 1");
        fails("strategy = fixed, value = 1.2", "evaluation.threshold.value must be in [0, 1]; got 1.2");
        fails("strategy = max-f1, recall = 0.8",
                "evaluation.threshold.recall is not a known key; known keys: strategy");
        fails("strategy = target-recall, recal = 0.8",
                "evaluation.threshold.recal is not a known key; known keys: recall, strategy");
    }

    @Test
    void customPathAppearsInMessages() {
        Config block = ConfigFactory.parseString("strategy = fixed, value = 2");
        assertThatThrownBy(() -> ThresholdReader.read(block, "retrain.threshold"))
                .hasMessage("retrain.threshold.value must be in [0, 1]; got 2");
    }
}
