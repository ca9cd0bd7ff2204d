package dev.fulcrum.tune;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigRenderOptions;
import dev.fulcrum.config.ConfigLoader;
import dev.fulcrum.error.BadInputException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TuneSpecTest {
    private static TuneSpec spec(String hocon) {
        return TuneSpec.parse(ConfigFactory.parseString(hocon)
                .withFallback(ConfigLoader.defaults().getConfig("tune")).resolve());
    }

    @Test
    void rungsMultiplyByTheReductionAndEndAtMaxEpochs() {
        assertThat(spec("minEpochs = 3, maxEpochs = 27, reduction = 3").rungs()).containsExactly(3, 9, 27);
        assertThat(spec("minEpochs = 2, maxEpochs = 10, reduction = 3").rungs()).containsExactly(2, 6, 10);
        assertThat(spec("minEpochs = 1, maxEpochs = 4, reduction = 2").rungs()).containsExactly(1, 2, 4);
        assertThat(spec("minEpochs = 5, maxEpochs = 5").rungs()).containsExactly(5);
    }

    @Test
    void mistakesNameTheKey() {
        assertThatThrownBy(() -> spec("minEpochs = 9, maxEpochs = 3")).isInstanceOf(BadInputException.class)
                .hasMessage("tune.maxEpochs must be >= tune.minEpochs (9); got 3");
        assertThatThrownBy(() -> spec("space.learningRate = [0.1, 0.01]")).isInstanceOf(BadInputException.class)
                .hasMessageStartingWith("tune.space.learningRate must be [min, max] with min <= max");
        assertThatThrownBy(() -> spec("space.loss = [{type = nope}]")).isInstanceOf(BadInputException.class)
                .hasMessageStartingWith("tune.space.loss[0].type must be one of (");
        assertThatThrownBy(() -> spec("space.hidden = [[0]]")).isInstanceOf(BadInputException.class)
                .hasMessageStartingWith("tune.space.hidden[0] must hold widths >= 1");
        assertThatThrownBy(() -> spec("space.widths = []")).isInstanceOf(BadInputException.class)
                .hasMessageStartingWith("tune.space.widths is not a known key");
        assertThatThrownBy(() -> spec("space.dropout = [0, 1]")).isInstanceOf(BadInputException.class)
                .hasMessageContaining("tune.space.dropout[1]");
        assertThatThrownBy(() -> spec("largeData = shrink")).isInstanceOf(BadInputException.class)
                .hasMessage("tune.largeData must be one of (sample, distributed, fail); got shrink");
    }

    @Test
    void batchSizesThatLeaveAnEpochFewerThanTenStepsAreNotSearched() {
        List<Integer> space = List.of(32, 64, 256);
        // mlc_churn's 3,000 training rows: 256 still gives 11 steps
        assertThat(SearchRows.batchSizes(space, 3000)).containsExactly(32, 64, 256);
        assertThat(SearchRows.batchSizes(space, 2560)).containsExactly(32, 64, 256);
        assertThat(SearchRows.batchSizes(space, 2559)).containsExactly(32, 64);
        // credit_g's 600: 64 gives 9
        assertThat(SearchRows.batchSizes(space, 600)).containsExactly(32);
        // glass_tableware's 128: no choice gives 10; the smallest is kept, in any order of the space
        assertThat(SearchRows.batchSizes(List.of(256, 64, 128), 128)).containsExactly(64);
    }

    @Test
    void retrainMembersIsZeroOrAtLeastTwo() {
        assertThat(spec("").retrainMembers()).as("the default").isEqualTo(5);
        assertThat(spec("retrainMembers = 0").retrainMembers()).isZero();
        assertThat(spec("retrainMembers = 5").retrainMembers()).isEqualTo(5);
        assertThat(spec("retrainMembers = 5").withBudget(3, 1.0).retrainMembers()).isEqualTo(5);
        assertThatThrownBy(() -> spec("retrainMembers = 1")).isInstanceOf(BadInputException.class)
                .hasMessageStartingWith("tune.retrainMembers must be 0 (publish the winner as one network) or >= 2");
        assertThatThrownBy(() -> spec("retrainMembers = -1")).isInstanceOf(BadInputException.class)
                .hasMessageContaining("tune.retrainMembers");
        assertThat(spec("").retrainFrom()).isEqualTo(TuneSpec.RetrainFrom.WINNER);
        assertThat(spec("").retrainPatience()).isEqualTo(15);
        assertThat(spec("retrainPatience = 0").withBudget(3, 1.0).retrainPatience()).isZero();
        assertThatThrownBy(() -> spec("retrainPatience = -1")).isInstanceOf(BadInputException.class)
                .hasMessageContaining("tune.retrainPatience");
        assertThat(spec("retrainFrom = finalists").withBudget(3, 1.0).retrainFrom())
                .isEqualTo(TuneSpec.RetrainFrom.FINALISTS);
        assertThatThrownBy(() -> spec("retrainFrom = best")).isInstanceOf(BadInputException.class)
                .hasMessageContaining("tune.retrainFrom must be one of (winner, finalists); got best");
    }

    @Test
    void largeDataDefaultsToSampleAndReadsEveryChoice() {
        assertThat(spec("").largeData()).isEqualTo(TuneSpec.LargeData.SAMPLE);
        assertThat(spec("largeData = distributed").largeData()).isEqualTo(TuneSpec.LargeData.DISTRIBUTED);
        assertThat(spec("largeData = FAIL").largeData()).isEqualTo(TuneSpec.LargeData.FAIL);
        assertThat(spec("largeData = fail").withBudget(3, 1.0).largeData()).isEqualTo(TuneSpec.LargeData.FAIL);
    }

    @Test
    void trialsAreDrawnDeterministicallyWithinTheSpace() {
        TuneSpec.Space space = spec("space.learningRate = [0.001, 0.1], space.dropout = [0.1, 0.2]").space();
        List<Trial> a = Trial.sample(space, 200, 7, 100);
        assertThat(Trial.sample(space, 200, 7, 100)).isEqualTo(a);
        assertThat(Trial.sample(space, 200, 8, 100)).isNotEqualTo(a);
        for (Trial t : a) {
            assertThat(t.learningRate()).isBetween(0.001, 0.1);
            assertThat(t.dropout()).isBetween(0.1, 0.2);
            assertThat(t.modelSeed()).isEqualTo(100 + t.id());
            assertThat(space.hidden()).contains(t.hidden());
            assertThat(space.batchSizes()).contains(t.batchSize());
        }
        // log-uniform: about half of the draws fall below the geometric mean 0.01 (binomial(200, 0.5): 5 sd = 35)
        long below = a.stream().filter(t -> t.learningRate() < 0.01).count();
        assertThat(below).isBetween(65L, 135L);
        // every loss and sampling choice gets drawn
        assertThat(a.stream().map(Trial::loss).distinct().count()).isEqualTo(space.losses().size());
        assertThat(a.stream().map(Trial::sampling).distinct().count()).isEqualTo(space.samplings().size());
    }

    @Test
    void aTrialReplacesTheJobsBlocksRatherThanMergingIntoThem() {
        TuneSpec.Space space = spec("space.loss = [{type = focal, gamma = 1}]").space();
        Trial t = new Trial(0, 0, 0, 0.01, List.of(8, 4), 0.1, 64, 3);
        Config job = ConfigFactory.parseString("loss { type = weighted-bce, posWeight = 5 }, model { hidden = [64, 32, 16] }");
        Config c = t.applyTo(job, space);
        assertThat(c.getConfig("loss").root().unwrapped()).isEqualTo(Map.of("type", "focal", "gamma", 1));
        assertThat(c.getIntList("model.hidden")).containsExactly(8, 4);
        assertThat(c.getInt("training.batchSize")).isEqualTo(64);
        assertThat(t.overrides(space)).isEqualTo("--set 'loss={\"gamma\":1,\"type\":\"focal\"}' --set 'sampling=[]' "
                + "--set 'model.learningRate=0.01' --set 'model.hidden=[8,4]' --set 'model.dropout=0.1' "
                + "--set 'training.batchSize=64' --set 'model.seed=3'");
        assertThat(c.getValue("sampling").render(ConfigRenderOptions.concise())).isEqualTo("[]");
    }

    @Test
    void halvingKeepsTheBestCeilingFractionAndRanksNaNLast() {
        Map<Integer, Double> best = new java.util.LinkedHashMap<>();
        best.put(0, 0.30);
        best.put(1, Double.NaN);
        best.put(2, 0.55);
        best.put(3, 0.30);
        best.put(4, 0.10);
        // ceil(5 / 3) = 2: 0.55 (trial 2), then the 0.30 tie goes to the lower id (0)
        assertThat(SuccessiveHalving.promote(best, 3)).containsExactly(0, 2);
        // ceil(5 / 2) = 3
        assertThat(SuccessiveHalving.promote(best, 2)).containsExactly(0, 2, 3);
        assertThat(best.keySet().stream().sorted(SuccessiveHalving.ranking(best)).toList())
                .containsExactly(2, 0, 3, 4, 1);
    }
}
