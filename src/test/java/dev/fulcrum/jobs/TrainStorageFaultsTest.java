package dev.fulcrum.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.fulcrum.SparkTestSession;
import dev.fulcrum.bundle.ModelLocator;
import dev.fulcrum.error.Failures;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import dev.fulcrum.config.JobConfig;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 12, training: an unknown HDFS host and a disk that fills up are one line with the path
 * (case 8), and two trains started together into one output dir both publish (case 10).
 */
class TrainStorageFaultsTest {
    @TempDir
    Path dir;

    private Path input() throws Exception {
        StringBuilder b = new StringBuilder("Time,V1,V2,Amount,Class\n");
        for (int i = 0; i < 600; i++) {
            b.append(i).append(',').append(i % 7 * 0.25).append(',').append((i * 31 % 17) / 4.0).append(',')
                    .append(i % 13).append(',').append(i % 10 == 0 ? 1 : 0).append('\n');
        }
        Path f = dir.resolve("in.csv");
        Files.writeString(f, b.toString());
        return f;
    }

    private static JobConfig job(String output, String input) {
        return JobConfig.load(new File("jobs/fraud-baseline.conf"), List.of("job.name=t", "output.dir=\"" + output + "\"",
                "data.input=\"" + input + "\"", "training.mode=local", "training.epochs=1", "training.batchSize=64",
                "model.hidden=[4]", "scaling.default=standard", "scaling.robust=[]", "data.idColumns=[Time]"));
    }

    /** What the CLI prints and exits with for a failed job (it applies exactly these two). */
    private static void assertCli(Throwable e, int code, String line) {
        assertThat(Failures.exitCode(e)).as(String.valueOf(e)).isEqualTo(code);
        assertThat(Failures.oneLine(e)).isEqualTo(line);
    }

    @Test
    void anUnknownHostInDataInputOrOutputDirIsOneLineNamingTheKeyExit2() throws Exception {
        SparkSession spark = SparkTestSession.get();
        String bad = "hdfs://no-such-host:8020/x.csv";
        Throwable in = catchThrowable(() -> TrainJob.run(spark, job(dir.resolve("runs").toString(), bad)));
        assertCli(in, 2, "data.input " + bad + ": unknown host 'no-such-host'; check the URI");
        Throwable out = catchThrowable(() -> TrainJob.run(spark, job("hdfs://no-such-host:8020/runs", input().toString())));
        assertCli(out, 2, "output.dir hdfs://no-such-host:8020/runs: unknown host 'no-such-host'; check the URI");
        try (Stream<Path> s = Files.list(dir.resolve("runs"))) {
            assertThat(s.map(p -> p.getFileName().toString()).toList()).as("no .tmp- run left").isEmpty();
        }
    }

    @Test
    void aDiskThatFillsUpDuringTrainingIsOneLineNamingTheOutputDirExit3AndLeavesNoTempDir() throws Exception {
        SparkSession spark = SparkTestSession.get();
        Configuration hadoop = spark.sparkContext().hadoopConfiguration();
        String input = input().toString();
        // Both after the epoch checkpoint, where a failure keeps the temporary directory for --resume:
        // room for job.conf and the checkpoint but not the bundle (a write on the driver: FSError), and a
        // disk full in the Spark task that writes the scaler (a SparkException, checked, thrown undeclared).
        List<java.util.function.Consumer<Path>> disks = List.of(
                runs -> SmallDisk.mount(hadoop, runs, 40_000),
                runs -> SmallDisk.mountFullAt(hadoop, runs, "/model/scaler/"));
        for (int i = 0; i < disks.size(); i++) {
            Path runs = dir.resolve("runs-" + i);
            Files.createDirectories(runs);
            JobConfig job = job(runs.toString(), input);
            disks.get(i).accept(runs);
            Throwable e;
            try {
                e = catchThrowable(() -> TrainJob.run(spark, job));
            } finally {
                SmallDisk.unmount(hadoop);
            }
            assertThat(Failures.exitCode(e)).as(i + ": " + e).isEqualTo(3);
            assertThat(Failures.oneLine(e)).as(String.valueOf(i))
                    .startsWith("output.dir file:" + runs + ": no space left on device").doesNotContain("\n");
            try (Stream<Path> s = Files.list(runs)) {
                assertThat(s.map(p -> p.getFileName().toString()).toList()).as(i + ": no .tmp- run left, no latest")
                        .isEmpty();
            }
        }
    }

    @Test
    void twoTrainsStartedTogetherIntoOneOutputDirBothPublishAndLatestNamesOne() throws Exception {
        SparkSession spark = SparkTestSession.get();
        String runs = dir.resolve("runs").toString();
        String input = input().toString();
        JobConfig job = job(runs, input);
        CyclicBarrier together = new CyclicBarrier(2);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        List<Future<TrainJob.Outcome>> runsDone = new ArrayList<>();
        try {
            for (int i = 0; i < 2; i++) {
                runsDone.add(pool.submit(() -> {
                    together.await(); // the same second: the old run ids were equal
                    return TrainJob.run(spark, job);
                }));
            }
            String a = Path.of(java.net.URI.create(runsDone.get(0).get().runDir())).getFileName().toString();
            String b = Path.of(java.net.URI.create(runsDone.get(1).get().runDir())).getFileName().toString();
            assertThat(a).isNotEqualTo(b).matches("t-\\d{8}-\\d{6}-[0-9a-f]{4}");
            assertThat(b).matches("t-\\d{8}-\\d{6}-[0-9a-f]{4}");
            assertThat(Path.of(runs, a, "model/bundle.json")).isRegularFile();
            assertThat(Path.of(runs, b, "model/bundle.json")).isRegularFile();
            String latest = Files.readString(Path.of(runs, "latest"));
            assertThat(latest).matches("(" + a + "|" + b + ")\n");
            // read through Hadoop's checksummed local FS, as score does: no stale or foreign .crc
            String resolved = ModelLocator.resolve(runs, null, spark.sparkContext().hadoopConfiguration());
            assertThat(resolved).endsWith("/" + latest.strip());
            try (Stream<Path> l = Files.list(Path.of(runs))) {
                assertThat(l.map(p -> p.getFileName().toString()).filter(n -> n.startsWith(".")).toList())
                        .as("no temporary run or pointer left").isEmpty();
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
