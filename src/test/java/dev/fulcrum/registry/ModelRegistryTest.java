package dev.fulcrum.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fulcrum.error.BadInputException;
import dev.fulcrum.report.Json;
import dev.fulcrum.bundle.ModelLocator;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The registry's lock, versions and CHAMPION pointer, on the local FileSystem (no Spark). */
class ModelRegistryTest {
    @TempDir
    Path dir;
    private final Configuration hadoop = new Configuration();

    @Test
    void aHeldLockFailsFastNamingItsOwnerAndIsFreedOnClose() {
        ModelRegistry r = new ModelRegistry(dir.toString(), hadoop);
        try (ModelRegistry.Lock l = r.lock("fraud", Duration.ofHours(1))) {
            assertThatThrownBy(() -> r.lock("fraud", Duration.ofHours(1)))
                    .isInstanceOf(BadInputException.class)
                    .hasMessageContaining("model 'fraud' is being retrained by pid " + ProcessHandle.current().pid());
            try (ModelRegistry.Lock other = r.lock("other-model", Duration.ofHours(1))) {
                assertThat(dir.resolve("other-model/.lock")).exists(); // locks are per model
            }
        }
        assertThat(dir.resolve("fraud/.lock")).doesNotExist();
    }

    @Test
    void aLockOfADeadProcessOnThisHostOrAnOldOneIsStaleAndBroken() throws Exception {
        Process p = new ProcessBuilder("true").start();
        p.waitFor();
        Files.createDirectories(dir.resolve("fraud"));
        Files.writeString(dir.resolve("fraud/.lock"), Json.write(Map.of("pid", p.pid(),
                "host", InetAddress.getLocalHost().getHostName(), "since", Instant.now().toString())));
        ModelRegistry r = new ModelRegistry(dir.toString(), hadoop);
        try (ModelRegistry.Lock l = r.lock("fraud", Duration.ofHours(1))) {
            assertThat(Json.read(Files.readString(dir.resolve("fraud/.lock"))).get("pid"))
                    .isEqualTo((int) ProcessHandle.current().pid());
        }
        // Another host's lock cannot be checked by pid: it is stale only when older than the limit.
        Files.writeString(dir.resolve("fraud/.lock"), Json.write(Map.of("pid", 1, "host", "elsewhere", "since", "x")));
        assertThatThrownBy(() -> r.lock("fraud", Duration.ofHours(1))).hasMessageContaining("on elsewhere");
        Files.setLastModifiedTime(dir.resolve("fraud/.lock"), FileTime.from(Instant.now().minus(Duration.ofHours(2))));
        r.lock("fraud", Duration.ofHours(1)).close();
    }

    @Test
    void registeredVersionsAreNumberedAndPromoteMovesTheChampionPointer() throws Exception {
        Path run = dir.resolve("runs/r1");
        Files.createDirectories(run.resolve("model"));
        Files.writeString(run.resolve("model/bundle.json"), "{}");
        Files.writeString(run.resolve("metrics.json"), "{}");
        ModelRegistry r = new ModelRegistry(dir.resolve("registry").toString(), hadoop);
        assertThat(r.champion("fraud")).isNull();
        assertThat(r.register("fraud", run.toString())).isEqualTo("v0001");
        assertThat(r.register("fraud", run.toString())).isEqualTo("v0002");
        assertThat(dir.resolve("registry/fraud/v0002/model/bundle.json")).exists();
        r.promote("fraud", "v0001");
        r.promote("fraud", "v0002");
        assertThat(r.champion("fraud")).isEqualTo("v0002");
        try (var files = Files.list(dir.resolve("registry/fraud"))) {
            assertThat(files.map(p -> p.getFileName().toString()).filter(n -> !n.startsWith(".")))
                    .containsExactlyInAnyOrder("v0001", "v0002", "CHAMPION");
        }
        assertThat(ModelLocator.resolve("fraud", dir.resolve("registry").toString(), hadoop)).endsWith("/fraud/v0002");
        assertThatThrownBy(() -> r.promote("fraud", "v0009")).hasMessageContaining("no such version");
    }
}
