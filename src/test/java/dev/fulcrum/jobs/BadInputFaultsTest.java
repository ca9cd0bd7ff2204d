package dev.fulcrum.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fulcrum.SparkTestSession;
import dev.fulcrum.data.CsvOptions;
import dev.fulcrum.data.DataConfig;
import dev.fulcrum.data.GenerateConfig;
import dev.fulcrum.config.JobConfig;
import dev.fulcrum.error.BadInputException;
import dev.fulcrum.data.Ingest;
import java.io.File;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.zip.GZIPOutputStream;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 6, "Faults and bad input": corrupt/truncated input files, an unwritable output location and a
 * single-class training split. Each must be a clear one-line {@link BadInputException} naming the
 * file or key, never a silent drop of rows and never a half-written run directory.
 */
class BadInputFaultsTest {
    private final SparkSession spark = SparkTestSession.get();
    @TempDir
    Path dir;

    private static DataConfig cfg(String input) {
        return new DataConfig(input, "auto", "Class", List.of(), List.of(), DataConfig.BadRowPolicy.FAIL,
                new GenerateConfig(10, 0.01, 1, 1, "csv"), CsvOptions.DEFAULT);
    }

    private Ingest.Result read(String input) {
        return Ingest.read(spark, cfg(input), dir.resolve("quarantine").toString());
    }

    private static String rows(int n) {
        StringBuilder b = new StringBuilder("Time,V1,Amount,Class\n");
        for (int i = 0; i < n; i++) {
            b.append(i).append(',').append(i % 7 * 0.25).append(',').append(i % 13).append(',').append(i % 10 == 0 ? 1 : 0)
                    .append('\n');
        }
        return b.toString();
    }

    private static void oneLine(Throwable e) {
        assertThat(e).isInstanceOf(BadInputException.class);
        assertThat(e.getMessage()).doesNotContain("\n");
    }

    @Test
    void aCsvCutMidLineFailsNamingFileAndLastLine() throws Exception {
        String full = rows(50);
        Path f = dir.resolve("cut.csv");
        Files.writeString(f, full.substring(0, full.length() - 4)); // "49,0,10,0\n" cut after "49,0,"
        assertThatThrownBy(() -> read(f.toString()))
                .satisfies(BadInputFaultsTest::oneLine)
                .hasMessageContaining("cut.csv, line 51")
                .hasMessageContaining("1 bad row(s)");
    }

    @Test
    void aTruncatedGzipCsvFailsNamingTheFile() throws Exception {
        Path good = dir.resolve("good.csv.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(good))) {
            out.write(rows(5000).getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        assertThat(read(good.toString()).counts().total()).as("an intact .csv.gz is read whole").isEqualTo(5000);

        byte[] bytes = Files.readAllBytes(good);
        Path cut = dir.resolve("cut.csv.gz");
        Files.write(cut, java.util.Arrays.copyOf(bytes, bytes.length / 2));
        assertThatThrownBy(() -> read(cut.toString()))
                .satisfies(BadInputFaultsTest::oneLine)
                .hasMessageContaining("cut.csv.gz");
    }

    @Test
    void aParquetFileOfGarbageBytesFailsNamingTheFile() throws Exception {
        Path f = dir.resolve("garbage.parquet");
        byte[] junk = new byte[4096];
        new Random(1).nextBytes(junk);
        Files.write(f, junk);
        assertThatThrownBy(() -> read(f.toString()))
                .satisfies(BadInputFaultsTest::oneLine)
                .hasMessageContaining("garbage.parquet");
    }

    private JobConfig job(String name, String output, String input, String... more) {
        List<String> sets = new ArrayList<>(List.of("job.name=" + name, "output.dir=\"" + output + "\"",
                "data.input=\"" + input + "\"", "training.mode=local", "training.epochs=1", "training.batchSize=64",
                "model.hidden=[4]", "scaling.default=standard", "scaling.robust=[]"));
        sets.addAll(List.of(more));
        return JobConfig.load(new File("jobs/fraud-baseline.conf"), sets);
    }

    @Test
    void anOutputDirUnderARegularFileIsAOneLineErrorAndWritesNothing() throws Exception {
        Path input = dir.resolve("in.csv");
        Files.writeString(input, rows(200));
        Path aFile = dir.resolve("a-file");
        Files.writeString(aFile, "not a directory\n");
        String output = aFile.resolve("runs").toString();
        assertThatThrownBy(() -> TrainJob.run(spark, job("unwritable", output, input.toString())))
                .satisfies(BadInputFaultsTest::oneLine)
                .hasMessageStartingWith("output.dir")
                .hasMessageContaining("a-file");
        assertThat(Files.readString(aFile)).isEqualTo("not a directory\n");
        try (var s = Files.list(dir)) {
            assertThat(s.map(p -> p.getFileName().toString()).sorted().toList()).containsExactly("a-file", "in.csv");
        }
    }

    @Test
    void aTrainingSplitWithoutPositivesIsAClearErrorAndNothingIsPublished() throws Exception {
        // Positives only among the newest rows: the temporal split's train part (the oldest 60%) has none.
        StringBuilder b = new StringBuilder("Time,V1,Amount,Class\n");
        for (int i = 0; i < 300; i++) {
            b.append(i).append(',').append(i % 7 * 0.25).append(',').append(i % 13).append(',').append(i >= 280 ? 1 : 0)
                    .append('\n');
        }
        Path input = dir.resolve("late-fraud.csv");
        Files.writeString(input, b.toString());
        Path out = dir.resolve("runs");
        for (String sampling : List.of("[]", "[ { type = smote, k = 3, ratio = 0.5 } ]")) {
            assertThatThrownBy(() -> TrainJob.run(spark, job("oneclass", out.toString(), input.toString(),
                    "split.timeColumn=Time", "sampling=" + sampling)))
                    .as("sampling = " + sampling)
                    .satisfies(BadInputFaultsTest::oneLine)
                    // the split check, before sampling and training
                    .hasMessageStartingWith("split: the train split has no positive rows; the validation split has no "
                            + "positive rows (train 0/180, validation 0/60,"
                            + " test 20/60 positives/rows; the input has 20 positive and 280 negative rows)");
        }
        try (var s = Files.list(out)) {
            assertThat(s.map(p -> p.getFileName().toString()).filter(n -> !n.equals("data")).toList())
                    .as("no run directory, temporary or published, and no latest").isEmpty();
        }
    }
}
