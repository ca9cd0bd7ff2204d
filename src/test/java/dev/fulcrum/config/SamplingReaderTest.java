package dev.fulcrum.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import dev.fulcrum.error.BadInputException;
import dev.fulcrum.sampling.Resampler;
import java.util.List;
import org.junit.jupiter.api.Test;

class SamplingReaderTest {
    private static List<Resampler> parse(String hocon) {
        return SamplingReader.read(hocon);
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
                .hasMessage("sampling[1].type must be one of (smote, smote-nc, borderline-smote, undersample, oversample, tomek); got adasyn");
        assertThatThrownBy(() -> parse("[ { type = undersample, ratio = 2 } ]"))
                .isInstanceOf(BadInputException.class)
                .hasMessage("sampling[0].ratio must be in (0, 1]; got 2");
        assertThatThrownBy(() -> parse("[ { type = tomek, ratio = 0.5 } ]"))
                .isInstanceOf(BadInputException.class).hasMessage("sampling[0].ratio is not a known key; known keys: type");
        assertThatThrownBy(() -> parse("[ { type = smote, search = fuzzy } ]"))
                .isInstanceOf(BadInputException.class)
                .hasMessage("sampling[0].search must be one of (exact, approx); got fuzzy");
        assertThatThrownBy(() -> parse("[ { k = 3 } ]"))
                .isInstanceOf(BadInputException.class).hasMessage("sampling[0].type: required key is missing");
        assertThatThrownBy(() -> parse("[ { type = smote }, 3 ]"))
                .isInstanceOf(BadInputException.class).hasMessage("sampling[1] must be a block { ... }; got 3");
        assertThatThrownBy(() -> parse("[ { type = smote, blockSize = 8 } ]"))
                .isInstanceOf(BadInputException.class).hasMessage("sampling[0].blockSize must be >= 16; got 8");
    }

    @Test
    void aStagesKeysLeftOutComeFromDefaultsConf() {
        Config d = ConfigLoader.defaults().getConfig("defaults.sampling");
        assertThat(parse("[ { type = smote } ]")).extracting(Resampler::describe).containsExactly(
                "smote(k=" + d.getInt("smote.k") + ", ratio=" + d.getDouble("smote.ratio") + ")");
        assertThat(parse("[ { type = borderline-smote } ]")).extracting(Resampler::describe).containsExactly(
                "borderline-smote(k=" + d.getInt("borderline-smote.k") + ", m=" + d.getInt("borderline-smote.m")
                        + ", ratio=" + d.getDouble("borderline-smote.ratio") + ")");
        assertThat(parse("[ { type = smote, search = approx } ]")).extracting(Resampler::describe).containsExactly(
                "smote(k=5, ratio=1.0, approx(tables=" + d.getInt("smote.tables") + ", blockSize="
                        + d.getInt("smote.blockSize") + "))");
        assertThat(JobConfig.load(null, List.of("sampling = [ { type = undersample } ]")).sampling())
                .extracting(Resampler::describe).containsExactly("undersample(ratio=" + d.getDouble("undersample.ratio") + ")");
    }
}
