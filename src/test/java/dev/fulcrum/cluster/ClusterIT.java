package dev.fulcrum.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fulcrum.report.Json;
import java.io.File;
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

/**
 * The production path on a real Spark standalone cluster: {@code scripts/local-cluster.sh start}
 * (master + 2 worker JVMs on 127.0.0.1), {@code scripts/submit.sh} of the cluster jar running the
 * train job (undersampling + focal loss + parameter averaging over 2 executors, Direct approach:
 * no shared storage for Export, DESIGN.md §3), then the score job on the published run. Every wait
 * is bounded; the cluster is stopped in {@code finally} and by a JVM shutdown hook.
 */
class ClusterIT {
    private static final Path ROOT = Path.of(System.getProperty("basedir", ".")).toAbsolutePath().normalize();
    private static final Path LOGS = ROOT.resolve("target/cluster-it");
    private static final String MASTER = "spark://127.0.0.1:7077";

    @Test
    @Timeout(value = 20, unit = TimeUnit.MINUTES)
    @SuppressWarnings("unchecked")
    void trainsAndScoresOnAStandaloneClusterOfSeparateJvms() throws Exception {
        assertThat(jar()).as("the cluster jar (built by `mvn package`, before failsafe in `mvn verify`)").isNotNull();
        deleteTree(LOGS);
        Files.createDirectories(LOGS);
        Thread hook = new Thread(ClusterIT::stopCluster, "cluster-it-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        long t0 = System.nanoTime();
        try {
            String started = run("start", Duration.ofMinutes(4), ROOT.resolve("scripts/local-cluster.sh").toString(), "start");
            assertThat(started).contains("alive workers 2");

            Path runs = LOGS.resolve("runs");
            Path job = LOGS.resolve("cluster-it.conf");
            Files.writeString(job, String.join("\n",
                    "job.name = cluster-it",
                    "data { input = generate, generate { rows = 20000, fraudRate = 0.02, partitions = 2 } }",
                    "sampling = [ { type = undersample, ratio = 0.2 } ]",
                    "loss { type = focal, alpha = 0.25, gamma = 2 }",
                    // ~1.4k rows after undersampling: small batches and frequent averaging so that two
                    // workers make enough steps to learn (batch 128 / averaging 5 gave ROC-AUC ~0.63).
                    "model { hidden = [16, 8], learningRate = 0.01 }",
                    "training { mode = spark, epochs = 3, batchSize = 32, averagingFrequency = 3, workers = 2,"
                            + " approach = direct }",
                    "output.dir = \"" + runs + "\"", ""));
            // Fault: one executor JVM is SIGKILLed while epoch 2 trains; Spark retries its tasks on
            // the surviving / relaunched executors and the run must still complete and learn.
            ExecutorKiller killer = new ExecutorKiller(LOGS.resolve("train.log"), "epoch 1/3");
            killer.start();
            String trained;
            try {
                trained = run("train", Duration.ofMinutes(8), submit("train", "--job", job.toString()));
            } finally {
                killer.interrupt();
                killer.join(10_000);
            }
            assertThat(killer.killedPid).as("an executor JVM was killed during training").isPositive();
            assertThat(trained).contains("epoch 3/3");
            String runDirLine = trained.lines().filter(l -> l.startsWith("run directory: ")).reduce((a, b) -> b).orElseThrow();
            Path runDir = Path.of(URI.create(runDirLine.substring("run directory: ".length()).trim()));
            assertThat(runDir.resolve("model/network.zip")).isRegularFile();
            Map<String, Object> metrics = Json.read(Files.readString(runDir.resolve("metrics.json")));
            Map<String, Object> training = (Map<String, Object>) metrics.get("training");
            assertThat(training.get("mode")).isEqualTo("spark");
            assertThat(((List<?>) training.get("epochs"))).hasSize(3);
            assertThat(String.valueOf(metrics.get("loss"))).containsIgnoringCase("focal");
            assertThat(Json.write(metrics.get("stages"))).contains("undersample");
            Map<String, Object> test = (Map<String, Object>) metrics.get("test");
            // A clean run of this job reaches ROC-AUC ~0.90; with one executor killed it must stay close.
            assertThat(((Number) test.get("rocAuc")).doubleValue()).isGreaterThan(0.75);

            Path input = Files.list(runs.resolve("data")).filter(p -> p.toString().endsWith(".csv")).findFirst().orElseThrow();
            Path scored = LOGS.resolve("scored");
            String scoredOut = run("score", Duration.ofMinutes(5), submit("score", "--model", runs.toString(),
                    "--input", input.toString(), "--output", scored.toString(), "--format", "csv"));
            assertThat(scoredOut).contains("scored 20000 rows");
            List<String> lines = new ArrayList<>();
            try (Stream<Path> parts = Files.list(scored)) {
                for (Path p : (Iterable<Path>) parts.filter(p -> p.getFileName().toString().startsWith("part-")).sorted()::iterator) {
                    List<String> l = Files.readAllLines(p);
                    assertThat(l.get(0)).isEqualTo("Class,score,probability,decision");
                    lines.addAll(l.subList(1, l.size()));
                }
            }
            assertThat(lines).hasSize(20000);
            double threshold = ((Number) Json.read(Files.readString(runDir.resolve("model/bundle.json"))).get("threshold")).doubleValue();
            for (String l : lines) {
                String[] f = l.split(",");
                double s = Double.parseDouble(f[1]);
                assertThat(s).isBetween(0.0, 1.0);
                assertThat(Double.parseDouble(f[2])).isBetween(0.0, 1.0); // the calibrated probability
                assertThat(f[3]).isEqualTo(s >= threshold ? "1" : "0");
            }
            // Both jobs ran as applications of the standalone master, on its executors.
            String apps = curl("http://127.0.0.1:8080/json/");
            Map<String, Object> master = Json.read(apps);
            assertThat((List<?>) master.get("completedapps")).hasSizeGreaterThanOrEqualTo(2);
        } finally {
            stopCluster();
            Runtime.getRuntime().removeShutdownHook(hook);
            System.out.printf("ClusterIT: %.1f s (logs: %s)%n", (System.nanoTime() - t0) / 1e9, LOGS);
        }
    }

    /**
     * Waits until the driver log shows {@code trigger} (the first epoch has finished), then kills one
     * Spark executor JVM ({@code CoarseGrainedExecutorBackend}) with SIGKILL.
     */
    private static final class ExecutorKiller extends Thread {
        private final Path driverLog;
        private final String trigger;
        volatile long killedPid = -1;

        ExecutorKiller(Path driverLog, String trigger) {
            super("cluster-it-executor-killer");
            setDaemon(true);
            this.driverLog = driverLog;
            this.trigger = trigger;
        }

        @Override
        public void run() {
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(7);
            try {
                while (System.nanoTime() < deadline && !isInterrupted()) {
                    if (Files.exists(driverLog) && Files.readString(driverLog, StandardCharsets.UTF_8).contains(trigger)) {
                        ProcessHandle.allProcesses()
                                .filter(ph -> ph.info().commandLine().orElse("").contains("CoarseGrainedExecutorBackend"))
                                .findFirst()
                                .ifPresent(ph -> {
                                    long pid = ph.pid();
                                    if (ph.destroyForcibly()) {
                                        killedPid = pid;
                                        System.out.println("ClusterIT: killed executor pid " + pid);
                                    }
                                });
                        return;
                    }
                    Thread.sleep(100);
                }
            } catch (IOException | java.io.UncheckedIOException e) {
                System.err.println("ClusterIT: executor killer could not read " + driverLog + ": " + e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static String[] submit(String... fulcrumArgs) {
        List<String> cmd = new ArrayList<>(List.of(ROOT.resolve("scripts/submit.sh").toString(), "--master", MASTER,
                "--executor-memory", "1g", "--executor-cores", "1", "--total-executor-cores", "2",
                "--conf", "spark.ui.enabled=false", "--conf", "spark.driver.host=127.0.0.1",
                "--conf", "spark.task.maxFailures=4", "--"));
        cmd.addAll(List.of(fulcrumArgs));
        return cmd.toArray(new String[0]);
    }

    /** Runs a command with a deadline; its output goes to target/cluster-it/<name>.log and is returned. */
    private static String run(String name, Duration limit, String... cmd) throws IOException, InterruptedException {
        Path log = LOGS.resolve(name + ".log");
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(LOGS.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        pb.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
        pb.environment().put("OMP_NUM_THREADS", "1");
        pb.environment().put("FULCRUM_DRIVER_JAVA_OPTS", "-Xmx2g");
        pb.environment().put("FULCRUM_EXECUTOR_JAVA_OPTS",
                "-Dorg.bytedeco.javacpp.maxbytes=1G -Dorg.bytedeco.javacpp.maxphysicalbytes=2500M");
        pb.environment().remove("SPARK_HOME"); // the Maven classpath's SparkSubmit, as documented
        long t = System.nanoTime();
        Process p = pb.start();
        boolean done = p.waitFor(limit.toSeconds(), TimeUnit.SECONDS);
        if (!done) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
        String out = Files.readString(log, StandardCharsets.UTF_8);
        System.out.printf("ClusterIT: %s took %.1f s%n", name, (System.nanoTime() - t) / 1e9);
        assertThat(done).as(name + " finished within " + limit + "; log " + log + ":\n" + tail(out)).isTrue();
        assertThat(p.exitValue()).as(name + " exit code; log " + log + ":\n" + tail(out)).isZero();
        return out;
    }

    private static void stopCluster() {
        try {
            Process p = new ProcessBuilder(ROOT.resolve("scripts/local-cluster.sh").toString(), "stop")
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!p.waitFor(90, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        } catch (IOException e) {
            System.err.println("ClusterIT: could not stop the cluster: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String curl(String url) throws IOException, InterruptedException {
        var client = java.net.http.HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10))
                .followRedirects(java.net.http.HttpClient.Redirect.NORMAL).build();
        var req = java.net.http.HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(20)).build();
        return client.send(req, java.net.http.HttpResponse.BodyHandlers.ofString()).body();
    }

    private static File jar() {
        File[] jars = ROOT.resolve("target").toFile().listFiles((d, n) -> n.startsWith("fulcrum-") && n.endsWith("-cluster.jar"));
        return jars == null || jars.length == 0 ? null : jars[0];
    }

    private static String tail(String s) {
        return s.length() <= 4000 ? s : "..." + s.substring(s.length() - 4000);
    }

    private static void deleteTree(Path p) throws IOException {
        if (!Files.exists(p)) {
            return;
        }
        try (Stream<Path> s = Files.walk(p)) {
            for (Path q : (Iterable<Path>) s.sorted(java.util.Comparator.reverseOrder())::iterator) {
                Files.delete(q);
            }
        }
    }
}
