package dev.fulcrum.compare;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.typesafe.config.ConfigFactory;
import dev.fulcrum.error.BadInputException;
import dev.fulcrum.eval.ScoreSummary;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Mean/std arithmetic, leaderboard order and the compare block's validation, without Spark. */
class LeaderboardTest {

    @Test
    void meanAndSampleStdOfKnownNumbers() {
        MeanStd m = MeanStd.of(0.2, 0.4, 0.6);
        assertThat(m.mean()).isCloseTo(0.4, within(1e-15));
        assertThat(m.std()).isCloseTo(0.2, within(1e-15)); // sqrt((0.04 + 0 + 0.04) / 2)
        assertThat(m.n()).isEqualTo(3);
        MeanStd m2 = MeanStd.of(2, 4, 4, 4, 5, 5, 7, 9);
        assertThat(m2.mean()).isEqualTo(5.0);
        assertThat(m2.std()).isCloseTo(Math.sqrt(32.0 / 7), within(1e-12));
        assertThat(MeanStd.of(0.7)).isEqualTo(new MeanStd(0.7, 0.0, 1));
        assertThat(MeanStd.of(1.0, Double.NaN, 3.0)).isEqualTo(new MeanStd(2.0, Math.sqrt(2), 2));
        assertThat(MeanStd.of(Double.NaN).n()).isZero();
        assertThat(MeanStd.of(0.81234, 0.79)).extracting(x -> x.format(3)).isEqualTo("0.801 ± 0.016");
    }

    @Test
    void sortedByMeanPrAucWithFailedEntriesLast() {
        Leaderboard b = new Leaderboard(List.of(
                entry("b", 0.30, 0.50), entry("failed"), entry("a", 0.60, 0.62), entry("c", 0.65, 0.65)));
        assertThat(b.entries()).extracting(Leaderboard.Entry::name).containsExactly("c", "a", "b", "failed");
        assertThat(b.rows().get(0)).extracting(LeaderboardRow::rank, LeaderboardRow::name).containsExactly(1, "c");
        assertThat(b.entries().get(1).prAuc().mean()).isCloseTo(0.61, within(1e-15));
        assertThat(b.entries().get(1).prAuc().std()).isCloseTo(0.02 / Math.sqrt(2), within(1e-12));
    }

    @Test
    void fraudsCaughtAndFalseAlarmsAreTheTestConfusionMatrixAtTheTunedThreshold() {
        // scores (label): 0.9 (1), 0.8 (0), 0.7 (1), 0.4 (0), 0.3 (1), 0.1 (0); tuned threshold 0.5:
        // predicted positive = {0.9, 0.8, 0.7} -> TP 2 (0.9, 0.7), FP 1 (0.8); the 0.3 fraud is missed.
        ScoreSummary test = ScoreSummary.of(new double[] {0.9, 0.8, 0.7, 0.4, 0.3, 0.1},
                new double[] {1, 0, 1, 0, 1, 0});
        RunMetrics r = RunMetrics.of(1, test, 0.5, 2.0, Double.NaN, 1);
        assertThat(r.caught()).isEqualTo(2);
        assertThat(r.falseAlarms()).isEqualTo(1);
        assertThat(r.f1()).isCloseTo(2.0 / 3, within(1e-12)); // P = R = 2/3
        assertThat(dev.fulcrum.report.Json.tree(r)).containsEntry("caughtAtTunedThreshold", 2L)
                .containsEntry("falseAlarmsAtTunedThreshold", 1L);
        Leaderboard.Entry e = new Leaderboard.Entry("x", "network", "bce", "none",
                List.of(r, RunMetrics.of(2, test, 0.75, 2.0, Double.NaN, 1))); // 0.75: TP 1, FP 1
        assertThat(e.row(1).caughtAtTunedThreshold()).isEqualTo(new MeanStd(1.5, Math.sqrt(0.5), 2));
        assertThat(CompareHtml.render(new CompareReport("t", "job", null, null, List.of(), List.of(), java.util.Map.of(),
                java.util.Map.of()), new Leaderboard(List.of(e)), 1))
                .contains("1.5 ± 0.7 / 3");
    }

    @Test
    void theGridIsEveryLossTimesEverySamplingAndMistakesNameTheKey() {
        CompareSpec s = CompareSpec.parse(ConfigFactory.parseString("losses = [{type=bce}, {type=focal}], "
                + "samplings = [[], [{type=undersample, ratio=0.5}], [{type=smote, k=3, ratio=0.2}]], seeds = [3, 4], "
                + "baselines = [gbt]"));
        assertThat(s.cells()).hasSize(6);
        assertThat(s.cells().get(0).name()).isEqualTo("bce + no sampling");
        assertThat(s.seeds()).containsExactly(3L, 4L);
        assertThatThrownBy(() -> CompareSpec.parse(ConfigFactory.parseString("losses = [{type=nope}]")))
                .isInstanceOf(BadInputException.class).hasMessage("compare.losses[0].type must be one of (bce, weighted-bce, "
                        + "focal, dice, tversky, focal-tversky, combo); got nope");
        assertThatThrownBy(() -> CompareSpec.parse(ConfigFactory.parseString("losses = [{type=focal, gamma=-1}]")))
                .isInstanceOf(BadInputException.class).hasMessage("compare.losses[0].gamma must be >= 0; got -1");
        assertThatThrownBy(() -> CompareSpec.parse(ConfigFactory.parseString("samplings = [[{type=smote, k=0}]]")))
                .isInstanceOf(BadInputException.class).hasMessage("compare.samplings[0][0].k must be >= 1; got 0");
        assertThatThrownBy(() -> CompareSpec.parse(ConfigFactory.parseString("seeds = [1, 1]")))
                .isInstanceOf(BadInputException.class).hasMessage("compare.seeds must list at least one seed, without repeats; got [1, 1]");
        assertThatThrownBy(() -> CompareSpec.parse(ConfigFactory.parseString("baselines = [svm]")))
                .isInstanceOf(BadInputException.class).hasMessage("compare.baselines[0] must be one of (logistic-regression, gbt, xgboost); got svm");
        assertThatThrownBy(() -> CompareSpec.parse(ConfigFactory.parseString("samplings = [{type = smote}]")))
                .isInstanceOf(BadInputException.class).hasMessage("compare.samplings[0] must be a list of blocks; got {\"type\":\"smote\"}");
        assertThatThrownBy(() -> CompareSpec.parse(ConfigFactory.parseString("lossez = []")))
                .isInstanceOf(BadInputException.class).hasMessage("compare.lossez is not a known key; known keys: baselines, curves, "
                        + "gbtMaxDepth, gbtMaxIter, losses, lrMaxIter, samplings, seeds, xgbEarlyStopping, xgbEta, xgbMaxDepth, "
                        + "xgbRounds");
    }

    private static Leaderboard.Entry entry(String name, double... prAucs) {
        List<RunMetrics> runs = new java.util.ArrayList<>();
        for (int i = 0; i < prAucs.length; i++) {
            runs.add(new RunMetrics(i + 1, prAucs[i], 0.9, 0.5, 0.6, 0.5, 5, 2, 1.0, 100, 10, Double.NaN, 1, List.of(), null));
        }
        if (prAucs.length == 0) {
            runs.add(RunMetrics.failed(1, 100, 10, "boom"));
        }
        return new Leaderboard.Entry(name, "network", "bce", "no sampling", runs);
    }
}
