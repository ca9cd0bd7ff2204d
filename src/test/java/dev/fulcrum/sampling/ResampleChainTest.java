package dev.fulcrum.sampling;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ResampleChainTest {
    @Test
    void reportsCountsPerStageInOrder() {
        var chain = java.util.List.<Resampler>of(new Smote(5, 0.1), new RandomUnderSampler(0.5));
        ResampleChain.Result r = ResampleChain.run(Frames.gaussian(1000, 20, 3, 4, 2), chain, 3);
        assertThat(r.stages()).hasSize(2);
        assertThat(r.stages().get(0).stage()).isEqualTo("smote(k=5, ratio=0.1)");
        assertThat(r.stages().get(0).countsIn()).isEqualTo(Map.of(0.0, 1000L, 1.0, 20L));
        assertThat(r.stages().get(0).countsOut()).isEqualTo(Map.of(0.0, 1000L, 1.0, 100L));
        assertThat(r.stages().get(1).countsOut()).isEqualTo(Map.of(0.0, 200L, 1.0, 100L));
        assertThat(ClassBalance.counts(r.train())).isEqualTo(Map.of(0.0, 200L, 1.0, 100L));
    }
}
