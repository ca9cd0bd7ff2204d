package dev.fulcrum.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fulcrum.report.Json;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 6, faults that need a real process: the driver JVM ({@code scripts/fulcrum train}) killed
 * with SIGKILL after its first epoch checkpoint, then {@code --resume}; and an unwritable output
 * location through the real CLI (exit code 2, one line on stderr). Every wait is bounded.
 */
class DriverKillIT {
    private static final Path ROOT = Path.of(System.getProperty("basedir", ".")).toAbsolutePath().normalize();

    @TempDir
    Path dir;

    private record Done(int code, String out) {
    }

    private ProcessBuilder fulcrum(Path log, String... args) {
        List<String> cmd = new ArrayList<>(List.of(ROOT.resolve("scripts/fulcrum").toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(ROOT.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        pb.environment().put("FULCRUM_DRIVER_MEMORY", "2g");
        pb.environment().put("OMP_NUM_THREADS", "1");
        return pb;
    }

    private Done run(String name, Duration limit, String... args) throws IOException, InterruptedException {
        Path log = dir.resolve(name + ".log");
        long t = System.nanoTime();
        Process p = fulcrum(log, args).start();
        boolean done = p.waitFor(limit.toSeconds(), TimeUnit.SECONDS);
        if (!done) {
            p.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
        String out = Files.readString(log, StandardCharsets.UTF_8);
        System.out.printf("DriverKillIT: %s took %.1f s%n", name, (System.nanoTime() - t) / 1e9);
        assertThat(done).as(name + " finished within " + limit + ":\n" + tail(out)).isTrue();
        return new Done(p.exitValue(), out);
    }

    @Test
    @Timeout(value = 6, unit = TimeUnit.MINUTES)
    @SuppressWarnings("unchecked")
    void aDriverKilledAfterItsFirstCheckpointPublishesNothingAndResumes() throws Exception {
        Path out = dir.resolve("runs");
        Files.createDirectories(out.resolve("previous-good/model"));
        Files.writeString(out.resolve("previous-good/model/bundle.json"), "{}\n");
        Files.writeString(out.resolve("latest"), "previous-good\n");

        Path log = dir.resolve("killed.log");
        Process p = fulcrum(log, "train", "--job", "jobs/fraud-baseline.conf",
                "--set", "job.name=killed", "--set", "output.dir=\"" + out + "\"",
                "--set", "data.generate.rows=8000", "--set", "data.generate.fraudRate=0.05",
                "--set", "data.generate.partitions=2", "--set", "training.mode=local",
                "--set", "training.epochs=6", "--set", "training.batchSize=32",
                "--set", "training.earlyStopping.patience=0", "--set", "model.hidden=[8]",
                "--set", "spark.master=\"local[2]\"").start();
        long t0 = System.nanoTime();
        Path checkpoint = null;
        try {
            long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
            while (checkpoint == null && p.isAlive() && System.nanoTime() < deadline) {
                checkpoint = firstCheckpoint(out);
                if (checkpoint == null) {
                    Thread.sleep(50);
                }
            }
            assertThat(checkpoint).as("a first epoch checkpoint appeared while the driver ran; log:\n"
                    + tail(Files.readString(log))).isNotNull();
            p.destroyForcibly(); // SIGKILL: no shutdown hook, no finally, no cleanup
            assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        } finally {
            p.destroyForcibly();
        }
        System.out.printf("DriverKillIT: killed after %s at %.1f s (exit %d)%n", checkpoint.getFileName(),
                (System.nanoTime() - t0) / 1e9, p.exitValue());
        assertThat(p.exitValue()).as("killed by SIGKILL").isEqualTo(137);

        Path temp = checkpoint.getParent().getParent();
        String runId = temp.getFileName().toString().substring(".tmp-".length());
        assertThat(Files.readString(out.resolve("latest")).trim()).as("latest still names the last good run")
                .isEqualTo("previous-good");
        assertThat(out.resolve(runId)).as("nothing published").doesNotExist();
        try (Stream<Path> s = Files.list(out)) {
            assertThat(s.map(x -> x.getFileName().toString()).filter(n -> !n.startsWith(".tmp-"))
                    .sorted().toList()).containsExactly("data", "latest", "previous-good");
        }
        assertThat(Files.readString(out.resolve("previous-good/model/bundle.json"))).isEqualTo("{}\n");

        Done resumed = run("resume", Duration.ofMinutes(3), "train", "--resume", temp.toString());
        assertThat(resumed.code()).as("resume exit code:\n" + tail(resumed.out())).isZero();
        String runDirLine = resumed.out().lines().filter(l -> l.startsWith("run directory: ")).reduce((a, b) -> b)
                .orElseThrow();
        Path runDir = Path.of(URI.create(runDirLine.substring("run directory: ".length()).trim()));
        assertThat(runDir).isEqualTo(out.resolve(runId));
        assertThat(temp).doesNotExist();
        assertThat(runDir.resolve("model/network.zip")).isRegularFile();
        assertThat(Files.readString(out.resolve("latest")).trim()).isEqualTo(runId);
        Map<String, Object> metrics = Json.read(Files.readString(runDir.resolve("metrics.json")));
        Map<String, Object> training = (Map<String, Object>) metrics.get("training");
        assertThat(((Number) training.get("resumedFrom")).intValue()).isGreaterThanOrEqualTo(1);
        assertThat((List<?>) training.get("epochs")).hasSize(6);
        assertThat(((Number) ((Map<String, Object>) metrics.get("test")).get("rocAuc")).doubleValue()).isGreaterThan(0.8);
    }

    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void anUnwritableOutputDirIsExitCode2WithOneLineAndNothingWritten() throws Exception {
        Path input = dir.resolve("in.csv");
        StringBuilder b = new StringBuilder("Time,V1,Amount,Class\n");
        for (int i = 0; i < 100; i++) {
            b.append(i).append(',').append(i % 7).append(',').append(i % 13).append(',').append(i % 10 == 0 ? 1 : 0).append('\n');
        }
        Files.writeString(input, b.toString());
        Path aFile = dir.resolve("a-file");
        Files.writeString(aFile, "a regular file\n");
        Done d = run("unwritable", Duration.ofMinutes(2), "train", "--job", "jobs/fraud-baseline.conf",
                "--set", "data.input=\"" + input + "\"", "--set", "output.dir=\"" + aFile.resolve("runs") + "\"",
                "--set", "training.mode=local", "--set", "spark.master=\"local[1]\"");
        assertThat(d.code()).as(tail(d.out())).isEqualTo(2);
        List<String> fulcrumLines = d.out().lines().filter(l -> l.startsWith("fulcrum:")).toList();
        assertThat(fulcrumLines).hasSize(1);
        assertThat(fulcrumLines.get(0)).startsWith("fulcrum: output.dir").contains("a-file");
        assertThat(d.out()).doesNotContain("\tat ");
        assertThat(Files.readString(aFile)).isEqualTo("a regular file\n");
    }

    private static Path firstCheckpoint(Path out) throws IOException {
        if (!Files.isDirectory(out)) {
            return null;
        }
        try (Stream<Path> runs = Files.list(out)) {
            for (Path r : (Iterable<Path>) runs.filter(x -> x.getFileName().toString().startsWith(".tmp-"))::iterator) {
                Path cps = r.resolve("checkpoints");
                if (Files.isDirectory(cps)) {
                    try (Stream<Path> s = Files.list(cps)) {
                        var found = s.filter(x -> x.getFileName().toString().startsWith("epoch-")).findFirst();
                        if (found.isPresent()) {
                            return found.get();
                        }
                    }
                }
            }
        }
        return null;
    }

    private static String tail(String s) {
        return s.length() <= 4000 ? s : "..." + s.substring(s.length() - 4000);
    }
}
