package dev.fulcrum.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fulcrum.SparkTestSession;
import dev.fulcrum.config.JobConfig;
import dev.fulcrum.error.BadInputException;
import dev.fulcrum.report.Json;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The spine end to end on local Spark: generated data → parameter-averaging training → run dir. */
class TrainJobEndToEndTest {
    @TempDir
    Path out;

    private JobConfig job(String... extra) {
        List<String> sets = new java.util.ArrayList<>(List.of(
                "output.dir=\"" + out + "\"",
                "data.generate.rows=20000", "data.generate.fraudRate=0.02", "data.generate.partitions=2",
                "training.epochs=4", "training.batchSize=128", "training.averagingFrequency=5",
                "training.workers=2"));
        sets.addAll(List.of(extra));
        return JobConfig.load(new File("jobs/fraud-baseline.conf"), sets);
    }

    @Test
    @SuppressWarnings("unchecked")
    void trainsWithParameterAveragingBeatsAConstantPredictorAndPublishesARunDirectory() throws Exception {
        TrainJob.Outcome o = TrainJob.run(SparkTestSession.get(), job());
        Path run = Path.of(java.net.URI.create(o.runDir()));
        assertThat(run.resolve("model/network.zip")).isRegularFile();
        assertThat(run.resolve("model/scaler/metadata")).isDirectory();
        assertThat(run.resolve("model/provenance.json")).isRegularFile(); // inside the bundle: copies keep it
        assertThat(Files.readString(out.resolve("latest")).trim()).isEqualTo(run.getFileName().toString());
        assertThat(run.resolve("tmp")).doesNotExist(); // exported minibatches are cleaned up

        Map<String, Object> metrics = Json.read(Files.readString(run.resolve("metrics.json")));
        Map<String, Object> test = (Map<String, Object>) metrics.get("test");
        double positives = ((Number) test.get("positives")).doubleValue();
        double rows = ((Number) test.get("rows")).doubleValue();
        double baseRate = positives / rows; // a constant predictor's PR-AUC
        double prAuc = ((Number) test.get("prAuc")).doubleValue();
        assertThat(prAuc).isGreaterThan(5 * baseRate);
        assertThat(((Number) test.get("rocAuc")).doubleValue()).isGreaterThan(0.75);
        Map<String, Object> bayes = (Map<String, Object>) metrics.get("bayesOptimal");
        assertThat(((Number) bayes.get("prAuc")).doubleValue()).isGreaterThanOrEqualTo(prAuc * 0.9);

        Map<String, Object> bundle = Json.read(Files.readString(run.resolve("model/bundle.json")));
        assertThat((List<String>) bundle.get("features")).hasSize(30).doesNotContain("bayes_score");
        assertThat(bundle.get("networkSha256").toString()).hasSize(64);
        List<Map<String, Object>> epochs = (List<Map<String, Object>>) ((Map<String, Object>) metrics.get("training")).get("epochs");
        assertThat(epochs).hasSize(4);
    }

    @Test
    void aFailedRunLeavesNoRunDirectoryAndDoesNotMoveLatest() throws Exception {
        Files.writeString(out.resolve("latest"), "previous-good-run\n");
        Path bad = out.resolve("bad.csv");
        Files.writeString(bad, "V1,Class\n1.0,0\n2.0,0\n");
        assertThatThrownBy(() -> TrainJob.run(SparkTestSession.get(), job("data.input=\"" + bad + "\"")))
                .isInstanceOf(BadInputException.class).hasMessageContaining("both classes");
        try (var files = Files.list(out)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("latest", "bad.csv");
        }
        assertThat(Files.readString(out.resolve("latest")).trim()).isEqualTo("previous-good-run");
    }
}
