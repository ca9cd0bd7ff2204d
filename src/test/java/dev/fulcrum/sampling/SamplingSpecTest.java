package dev.fulcrum.sampling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.ConfigFactory;
import dev.fulcrum.error.BadInputException;
import java.util.List;
import org.junit.jupiter.api.Test;

class SamplingSpecTest {
    private static List<Resampler> parse(String hocon) {
        return SamplingSpec.parse(ConfigFactory.parseString("sampling = " + hocon).getConfigList("sampling"));
    }

    @Test
    void parsesTheChainInOrder() {
        List<Resampler> r = parse("[ { type = smote, k = 5, ratio = 0.1 }, { type = undersample, ratio = 0.5 },"
                + " { type = tomek }, { type = borderline-smote, m = 8, ratio = 0.2 }, { type = oversample },"
                + " { type = smote, search = approx, tables = 2, blockSize = 512 } ]");
        assertThat(r).extracting(Resampler::describe).containsExactly(
                "smote(k=5, ratio=0.1)", "undersample(ratio=0.5)", "tomek", "borderline-smote(k=5, m=8, ratio=0.2)",
                "oversample(ratio=1.0)", "smote(k=5, ratio=1.0, approx(tables=2, blockSize=512))");
        assertThat(parse("[]")).isEmpty();
    }

    @Test
    void errorsNameTheStage() {
        assertThatThrownBy(() -> parse("[ { type = smote, k = 0, ratio = 0.1 } ]"))
                .isInstanceOf(BadInputException.class).hasMessage("sampling[0].k must be >= 1; got 0");
        assertThatThrownBy(() -> parse("[ { type = smote }, { type = adasyn } ]"))
                .isInstanceOf(BadInputException.class)
                .hasMessage("sampling[1].type must be one of [borderline-smote, oversample, smote, tomek, undersample]; got \"adasyn\"");
        assertThatThrownBy(() -> parse("[ { type = undersample, ratio = 2 } ]"))
                .isInstanceOf(BadInputException.class)
                .hasMessageStartingWith("sampling[0].ratio must be in (0, 1]");
        assertThatThrownBy(() -> parse("[ { type = tomek, ratio = 0.5 } ]"))
                .isInstanceOf(BadInputException.class).hasMessageStartingWith("sampling[0].ratio: unknown key");
        assertThatThrownBy(() -> parse("[ { type = smote, search = fuzzy } ]"))
                .isInstanceOf(BadInputException.class)
                .hasMessage("sampling[0].search must be one of (exact, approx); got \"fuzzy\"");
        assertThatThrownBy(() -> parse("[ { k = 3 } ]"))
                .isInstanceOf(BadInputException.class).hasMessageStartingWith("sampling[0].type is required");
    }
}
