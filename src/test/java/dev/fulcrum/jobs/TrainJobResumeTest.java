package dev.fulcrum.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fulcrum.SparkTestSession;
import dev.fulcrum.config.JobConfig;
import dev.fulcrum.error.BadInputException;
import dev.fulcrum.report.Json;
import dev.fulcrum.results.SplitMetrics;
import dev.fulcrum.train.Trainer;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code fulcrum train --resume}: a run killed after epoch 2 keeps its directory and resumes to the same result. */
class TrainJobResumeTest {
    @TempDir
    Path out;

    private JobConfig job(String name) {
        return JobConfig.load(new File("jobs/fraud-baseline.conf"), List.of(
                "job.name=" + name, "output.dir=\"" + out + "\"",
                "data.generate.rows=4000", "data.generate.fraudRate=0.05", "data.generate.partitions=2",
                "training.mode=local", "training.epochs=4", "training.batchSize=128",
                "training.earlyStopping.patience=0", "model.hidden=[8]",
"scaling.default=standard", "scaling.robust=[]"));
    }

    @Test
    @SuppressWarnings("unchecked")
    void aRunKilledAfterEpochTwoIsKeptAndResumesToTheUninterruptedResult() throws Exception {
        TrainJob.Outcome full = TrainJob.run(SparkTestSession.get(), job("full"));

        assertThatThrownBy(() -> TrainJob.run(SparkTestSession.get(), job("killed"), (s, net) -> {
            if (s.epoch() == 2) {
                throw new IllegalStateException("simulated kill after epoch 2");
            }
        })).hasMessageContaining("simulated kill");
        Path temp;
        try (var dirs = Files.list(out)) {
            temp = dirs.filter(p -> p.getFileName().toString().startsWith(".tmp-killed-")).findFirst().orElseThrow();
        }
        assertThat(temp.resolve("job.conf")).isRegularFile();
        assertThat(temp.resolve("checkpoints/epoch-0002/network.zip")).isRegularFile();
        String runId = temp.getFileName().toString().substring(".tmp-".length());

        // The CLI reads the job from the run directory before Spark starts; either path form works.
        assertThat(TrainJob.resumeConfig(out.resolve(runId).toString()).name()).isEqualTo("killed");
        TrainJob.Outcome resumed = TrainJob.resume(SparkTestSession.get(), temp.toString(), Trainer.EpochListener.NONE);
        Path run = Path.of(java.net.URI.create(resumed.runDir()));
        assertThat(run.getFileName().toString()).isEqualTo(runId);
        assertThat(temp).doesNotExist();
        assertThat(Files.readString(out.resolve("latest")).trim()).isEqualTo(runId);

        SplitMetrics a = full.metrics().test();
        SplitMetrics b = resumed.metrics().test();
        // Data preparation is redone on resume and its scaled features may differ in the last double bits
        // (sums merged in task completion order); training is on float32, hence a tolerance.
        assertThat(b.prAuc()).as("prAuc").isCloseTo(a.prAuc(), org.assertj.core.data.Offset.offset(1e-4));
        assertThat(b.rocAuc()).as("rocAuc").isCloseTo(a.rocAuc(), org.assertj.core.data.Offset.offset(1e-4));
        assertThat(b.brier()).as("brier").isCloseTo(a.brier(), org.assertj.core.data.Offset.offset(1e-4));
        Map<String, Object> metrics = Json.read(Files.readString(run.resolve("metrics.json")));
        assertThat((List<?>) ((Map<String, Object>) metrics.get("training")).get("epochs")).hasSize(4);

        assertThatThrownBy(() -> TrainJob.resumeConfig(run.toString()))
                .isInstanceOf(BadInputException.class).hasMessageContaining("already complete");
    }
}
