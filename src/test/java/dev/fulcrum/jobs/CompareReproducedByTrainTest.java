package dev.fulcrum.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.fulcrum.SparkTestSession;
import dev.fulcrum.compare.CompareReport;
import dev.fulcrum.compare.CompareSpec;
import dev.fulcrum.compare.LeaderboardRow;
import dev.fulcrum.compare.RunMetrics;
import dev.fulcrum.config.JobConfig;
import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A comparison cell is a train run: the same loss, sampling and seed through {@code fulcrum train}
 * with the overrides compare.json prints for that seed ({@code splits[i].reproduce}) gives the
 * same test rows and the same test PR-AUC.
 */
class CompareReproducedByTrainTest {
    @TempDir
    Path out;

    private List<String> common() {
        return new ArrayList<>(List.of("output.dir=\"" + out + "\"",
                "data.generate.rows=4000", "data.generate.fraudRate=0.05", "data.generate.partitions=2",
                "training.mode=local", "training.epochs=2", "training.batchSize=128", "model.hidden=[8]"));
    }

    @Test
    void theCellWithSeedThreeEqualsATrainRunWithItsReproduceOverrides() {
        List<String> c = common();
        c.addAll(List.of("compare.losses=[{type=focal, alpha=0.25, gamma=2}]",
                "compare.samplings=[[{type=undersample, ratio=0.5}]]", "compare.seeds=[3]", "compare.baselines=[]"));
        JobConfig compareJob = JobConfig.load(new File("jobs/compare-fraud.conf"), c);
        CompareJob.Outcome compared = CompareJob.run(SparkTestSession.get(), compareJob,
                CompareSpec.parse(compareJob.resolved().getConfig("compare")));
        CompareReport.SplitInfo split = compared.report().splits().get(0);
        LeaderboardRow cell = compared.report().leaderboard().get(0);
        RunMetrics run = cell.runs().get(0);
        assertThat(run.ok()).as(run.error()).isTrue();

        List<String> t = common();
        t.addAll(List.of("job.name=reproduce", "loss={type=focal, alpha=0.25, gamma=2}",
                "sampling=[{type=undersample, ratio=0.5}]"));
        // "--set split.seed=3 --set model.seed=12348" -> ["split.seed=3", "model.seed=12348"]
        Arrays.stream(split.reproduce().split("--set ")).map(String::trim).filter(s -> !s.isEmpty()).forEach(t::add);
        assertThat(t).contains("split.seed=3");
        TrainJob.Outcome trained = TrainJob.run(SparkTestSession.get(),
                JobConfig.load(new File("jobs/fraud-baseline.conf"), t));

        assertThat(trained.metrics().test().rows()).isEqualTo(split.testRows());
        assertThat(trained.metrics().test().positives()).isEqualTo(split.testPositives());
        assertThat(trained.metrics().loss()).isEqualTo(cell.loss());
        assertThat(trained.metrics().sampling()).isEqualTo(cell.sampling());
        // Scaled features may differ in their last double bits between two preparations (partial sums
        // merged in task completion order); the network trains in float32.
        assertThat(trained.metrics().test().prAuc()).isCloseTo(run.prAuc(), within(1e-4));
        assertThat(trained.metrics().training().bestEpoch()).isEqualTo(run.bestEpoch());
    }
}
