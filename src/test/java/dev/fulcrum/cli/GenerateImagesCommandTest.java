package dev.fulcrum.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fulcrum.SparkTestSession;
import dev.fulcrum.images.ImageGenSpec;
import dev.fulcrum.images.ImageGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GenerateImagesCommandTest {
    @TempDir
    Path tmp;

    private record Run(int code, String out, String err) {
    }

    private static Run run(String... args) {
        SparkTestSession.get(); // the command reuses the shared session and leaves it running
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            int code = FulcrumCli.execute(args);
            return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }

    @Test
    void writesTheImagesAndPrintsOneSummaryLineThatMatchesTheGenerator() throws IOException {
        String out = tmp.resolve("blobs").toString();
        Run r = run("generate-images", "--out", out, "--count", "12", "--width", "20", "--height", "16", "--seed", "4",
                "--empty-fraction", "0.25");
        assertThat(r.err()).isEmpty();
        assertThat(r.code()).isZero();
        ImageGenSpec spec = ImageGenSpec.of(12, 20, 16, 4, 0.25);
        long withFg = 0;
        double share = 0;
        for (int i = 0; i < 12; i++) {
            int fg = ImageGenerator.render(spec, i).foreground();
            withFg += fg > 0 ? 1 : 0;
            share += fg / 320.0;
        }
        assertThat(r.out().strip().lines().count()).isEqualTo(1);
        assertThat(r.out()).startsWith(String.format("wrote 12 images 20x16 (%d with foreground, mean foreground %.2f%% "
                + "of those images; %d empty; seed 4)", withFg, 100 * share / withFg, 12 - withFg));
        try (var files = Files.list(tmp.resolve("blobs/images"))) {
            assertThat(files.count()).isEqualTo(12);
        }
        try (var files = Files.list(tmp.resolve("blobs/masks"))) {
            assertThat(files.count()).isEqualTo(12);
        }
    }

    @Test
    void badOptionsAndAnExistingOutputAreOneLineWithExitCode2() throws IOException {
        Run small = run("generate-images", "--out", tmp.resolve("x").toString(), "--width", "8");
        assertThat(small.code()).isEqualTo(2);
        assertThat(small.err().strip()).isEqualTo("fulcrum: generate-images width and height must be >= 16; got 8x64");
        Run flat = run("generate-images", "--out", tmp.resolve("x").toString(), "--contrast", "0.6");
        assertThat(flat.code()).isEqualTo(2);
        assertThat(flat.err().strip()).isEqualTo("fulcrum: generate-images contrast must be in (0, 0.5]; got 0.6");
        assertThat(Files.exists(tmp.resolve("x"))).isFalse();
        Files.createDirectories(tmp.resolve("taken"));
        Files.writeString(tmp.resolve("taken/notes.txt"), "mine");
        Run taken = run("generate-images", "--out", tmp.resolve("taken").toString(), "--count", "2");
        assertThat(taken.code()).isEqualTo(2);
        assertThat(taken.err().strip()).startsWith("fulcrum: --out: ").endsWith("already exists and is not empty; "
                + "choose another directory or remove it").doesNotContain("\n");
        assertThat(Files.readString(tmp.resolve("taken/notes.txt"))).isEqualTo("mine");
    }
}
