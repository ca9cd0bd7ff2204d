package dev.fulcrum.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fulcrum.registry.RetrainSettings;
import dev.fulcrum.SparkTestSession;
import dev.fulcrum.config.JobConfig;
import dev.fulcrum.report.Json;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Two tiny retrains: the first becomes champion, the second cannot clear an impossible margin. */
class RetrainJobTest {
    @TempDir
    Path out;

    private JobConfig job(String... extra) {
        List<String> sets = new ArrayList<>(List.of(
                "output.dir=\"" + out.resolve("runs") + "\"", "job.name=nightly", "registry.dir=\"" + out.resolve("registry") + "\"",
                "data.generate.rows=3000", "data.generate.fraudRate=0.05", "data.generate.partitions=2",
                "training.mode=local", "training.epochs=2", "training.batchSize=64", "model.hidden=[8]"));
        sets.addAll(List.of(extra));
        return JobConfig.load(new File("jobs/fraud-baseline.conf"), sets);
    }

    @Test
    @SuppressWarnings("unchecked")
    void theFirstRunBecomesChampionAndALoserIsRegisteredButNotPromoted() throws Exception {
        JobConfig first = job();
        RetrainJob.Outcome a = RetrainJob.run(SparkTestSession.get(), first, RetrainSettings.from(first));
        assertThat(a.version()).isEqualTo("v0001");
        assertThat(a.promoted()).isTrue();
        assertThat(a.report().reason()).isEqualTo("no champion yet");
        assertThat(a.report().champion()).isNull();

        Thread.sleep(1100); // run ids have one-second resolution
        JobConfig second = job("registry.margin=1.0", "model.seed=99");
        RetrainJob.Outcome b = RetrainJob.run(SparkTestSession.get(), second, RetrainSettings.from(second));
        assertThat(b.version()).isEqualTo("v0002");
        assertThat(b.promoted()).isFalse();
        assertThat(Files.readString(out.resolve("registry/nightly/CHAMPION")).trim()).isEqualTo("v0001");
        Map<String, Object> report = Json.read(Files.readString(out.resolve("registry/nightly/v0002/retrain.json")));
        assertThat((Map<String, Object>) report.get("champion")).containsKeys("prAuc", "rocAuc").containsEntry("version", "v0001");
        assertThat((Map<String, Object>) report.get("challenger")).containsKeys("prAuc", "rocAuc").containsEntry("version", "v0002");
        assertThat(report.get("reason").toString()).contains("< margin 1.000000");
        assertThat(out.resolve("registry/nightly/.lock")).doesNotExist();

        // registry.requireSigned (issue 12): without a key it fails before training...
        JobConfig signedOnly = job("registry.requireSigned=true");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> RetrainJob.run(SparkTestSession.get(), signedOnly,
                        RetrainSettings.from(signedOnly)))
                .isInstanceOf(dev.fulcrum.error.BadInputException.class)
                .hasMessageContaining("registry.requireSigned = true needs the signing key");
        assertThat(out.resolve("registry/nightly/v0003")).doesNotExist();
        // ...and with one, the signed challenger verifies but the unsigned champion is refused, never compared.
        org.apache.hadoop.conf.Configuration hadoop = SparkTestSession.get().sparkContext().hadoopConfiguration();
        try {
            hadoop.set(dev.fulcrum.bundle.BundleKeys.CONF, "retrain-test-key-".repeat(3));
            Thread.sleep(1100);
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> RetrainJob.run(SparkTestSession.get(), signedOnly,
                            RetrainSettings.from(signedOnly)))
                    .isInstanceOf(dev.fulcrum.error.BadInputException.class)
                    .hasMessageContaining("registry/nightly/v0001/model/manifest.sig: missing: the bundle is not signed");
        } finally {
            hadoop.unset(dev.fulcrum.bundle.BundleKeys.CONF);
        }
        assertThat(out.resolve("registry/nightly/v0003/model/manifest.sig")).isRegularFile();
        assertThat(Files.readString(out.resolve("registry/nightly/CHAMPION")).trim()).isEqualTo("v0001");
    }
}
