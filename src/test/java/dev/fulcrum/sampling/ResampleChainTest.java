package dev.fulcrum.sampling;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.ConfigFactory;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ResampleChainTest {
    @Test
    void reportsCountsPerStageInOrder() {
        var chain = SamplingSpec.parse(ConfigFactory.parseString(
                "s = [ { type = smote, k = 5, ratio = 0.1 }, { type = undersample, ratio = 0.5 } ]").getConfigList("s"));
        ResampleChain.Result r = ResampleChain.run(Frames.gaussian(1000, 20, 3, 4, 2), chain, 3);
        assertThat(r.stages()).hasSize(2);
        assertThat(r.stages().get(0).stage()).isEqualTo("smote(k=5, ratio=0.1)");
        assertThat(r.stages().get(0).countsIn()).isEqualTo(Map.of(0.0, 1000L, 1.0, 20L));
        assertThat(r.stages().get(0).countsOut()).isEqualTo(Map.of(0.0, 1000L, 1.0, 100L));
        assertThat(r.stages().get(1).countsOut()).isEqualTo(Map.of(0.0, 200L, 1.0, 100L));
        assertThat(ClassBalance.counts(r.train())).isEqualTo(Map.of(0.0, 200L, 1.0, 100L));
    }
}
