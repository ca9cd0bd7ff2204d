package dev.fulcrum.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fulcrum.SparkTestSession;
import dev.fulcrum.config.JobConfig;
import dev.fulcrum.report.Json;
import dev.fulcrum.tune.TuneReport;
import dev.fulcrum.tune.TuneSpec;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A small search end to end: 6 trials in brackets of 4 and 2, rungs 1/2/4 epochs, halving by 2,
 * the winner published.
 */
class TuneJobTest {
    @TempDir
    Path out;

    @Test
    @SuppressWarnings("unchecked")
    void successiveHalvingPromotesTheBestAndTheWinnerIsPublishedAsARun() throws Exception {
        JobConfig job = JobConfig.load(new File("jobs/fraud-baseline.conf"), List.of(
                "job.name=tuned", "output.dir=\"" + out + "\"",
                "data.generate.rows=6000", "data.generate.fraudRate=0.05", "data.generate.partitions=2",
                "training.mode=local",
                "tune.trials=6", "tune.bracketTrials=4", "tune.minEpochs=1", "tune.maxEpochs=4", "tune.reduction=2", "tune.patience=0",
                "tune.space.loss=[{type=bce}, {type=weighted-bce}]",
                // ratio 0.01 is below the data's 0.05/0.95: undersampling cannot reach it, so it is left out
                "tune.space.sampling=[[], [{type=undersample, ratio=0.01}], [{type=undersample, ratio=0.2}]]",
                "tune.space.hidden=[[8]]", "tune.space.batchSize=[128]", "tune.space.learningRate=[0.002, 0.02]",
                "tune.space.dropout=[0, 0]"));
        TuneSpec spec = TuneSpec.parse(job.resolved().getConfig("tune"));
        TuneJob.Outcome o = TuneJob.run(SparkTestSession.get(), job, spec);

        TuneReport r = o.report();
        assertThat(r.budget().rungs()).containsExactly(1, 2, 4);
        assertThat(r.stoppedBy()).isEqualTo("schedule");
        assertThat(r.data().trainRowsBySampling()).as("the inapplicable choice is left out").hasSize(2);
        assertThat(r.trials()).hasSize(6).allSatisfy(t -> {
            assertThat(t.bracket()).isEqualTo(t.id() < 4 ? 0 : 1);
            assertThat(t.keys().get("sampling").toString()).doesNotContain("0.01");
            // rung k trains to rungs[k] epochs (patience 0: nothing stops early)
            assertThat(t.epochs()).isEqualTo(List.of(1, 2, 4).get(t.rung()));
            assertThat(t.validationAp()).hasSize(t.epochs());
            assertThat(t.best()).isEqualTo(t.validationAp().stream().mapToDouble(Double::doubleValue).max().orElseThrow());
            assertThat(t.finalist()).isEqualTo(t.rung() == 2);
        });
        // bracket 0: 4 trials -> 2 -> 1; bracket 1: 2 -> 1 -> 1
        List<TuneReport.TrialRecord> b0 = r.trials().stream().filter(t -> t.bracket() == 0).toList();
        assertThat(b0.stream().map(TuneReport.TrialRecord::rung).sorted()).containsExactly(0, 0, 1, 2);
        assertThat(r.trials().stream().filter(t -> t.bracket() == 1).map(TuneReport.TrialRecord::rung).sorted())
                .containsExactly(0, 2);
        List<TuneReport.TrialRecord> rung0 = b0.stream().filter(t -> t.rung() == 0).toList();
        List<TuneReport.TrialRecord> rung1 = b0.stream().filter(t -> t.rung() >= 1).toList();
        TuneReport.TrialRecord last = b0.stream().filter(t -> t.rung() == 2).findFirst().orElseThrow();
        // promoted after rung 0: the two best APs after epoch 1
        double worstPromoted = rung1.stream().mapToDouble(t -> t.validationAp().get(0)).min().orElseThrow();
        assertThat(rung0).allSatisfy(t -> assertThat(t.validationAp().get(0)).isLessThanOrEqualTo(worstPromoted));
        // promoted after rung 1: the better best AP over epochs 1-2
        double lastAfterTwo = Math.max(last.validationAp().get(0), last.validationAp().get(1));
        rung1.forEach(t -> assertThat(Math.max(t.validationAp().get(0), t.validationAp().get(1)))
                .isLessThanOrEqualTo(lastAfterTwo));
        // the winner: the better of the two brackets' finalists
        TuneReport.TrialRecord winner = r.trials().stream().filter(TuneReport.TrialRecord::finalist)
                .max(java.util.Comparator.comparingDouble(TuneReport.TrialRecord::best)).orElseThrow();
        assertThat(r.winner()).isEqualTo(winner.id());
        last = winner;

        // the winner retrained with its keys and published as a normal run; latest names it
        Path run = Path.of(java.net.URI.create(o.published().runDir()));
        assertThat(run.resolve("model/network.zip")).isRegularFile();
        assertThat(RunDirectory.latest(out.toString(), new org.apache.hadoop.conf.Configuration()))
                .isEqualTo(run.getFileName().toString());
        Map<String, Object> metrics = Json.read(Files.readString(run.resolve("metrics.json")));
        Map<String, Object> validation = (Map<String, Object>) metrics.get("validation");
        assertThat(r.published().validationPrAuc()).isEqualTo(((Number) validation.get("prAuc")).doubleValue());
        assertThat(metrics.get("loss").toString()).as("the run trained the winner's loss").isEqualTo(
                last.keys().get("loss").toString().contains("weighted-bce") ? "weighted-bce(posWeight=auto)" : "bce");

        Path dir = Path.of(java.net.URI.create(o.outputDir()));
        Map<String, Object> json = Json.read(Files.readString(dir.resolve("tune.json")));
        assertThat(((List<?>) json.get("trials"))).hasSize(6);
        assertThat(Files.readString(dir.resolve("tune.html"))).contains("Winner: trial " + r.winner(),
                "--set &#39;model.learningRate=");
    }

    @Test
    void theMinuteBudgetEndsTheSearchAfterTheRungThatRanAndTheBestOfItWins() {
        JobConfig job = JobConfig.load(new File("jobs/fraud-baseline.conf"), List.of(
                "job.name=budget", "output.dir=\"" + out + "\"",
                "data.generate.rows=3000", "data.generate.fraudRate=0.05", "data.generate.partitions=2",
                "training.mode=local", "tune.trials=8", "tune.bracketTrials=4", "tune.minEpochs=1", "tune.maxEpochs=2",
                "tune.reduction=2", "tune.patience=0", "tune.space.hidden=[[4]]", "tune.space.batchSize=[256]"));
        // a budget shorter than any rung: the first rung always runs, nothing after it
        TuneSpec spec = TuneSpec.parse(job.resolved().getConfig("tune")).withBudget(null, 1e-6);
        TuneReport r = TuneJob.run(SparkTestSession.get(), job, spec).report();
        assertThat(r.stoppedBy()).isEqualTo("minutes");
        assertThat(r.trials()).hasSize(4).allSatisfy(t -> {
            assertThat(t.rung()).isZero();
            assertThat(t.epochs()).isEqualTo(1);
            assertThat(t.finalist()).isTrue();
        });
        double best = r.trials().stream().mapToDouble(TuneReport.TrialRecord::best).max().orElseThrow();
        assertThat(r.trials().get(r.winner()).best()).isEqualTo(best);
        assertThat(r.published()).isNotNull();
    }
}
