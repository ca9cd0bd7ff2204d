package dev.fulcrum.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fulcrum.SparkTestSession;
import dev.fulcrum.cli.FulcrumCli;
import dev.fulcrum.error.BadInputException;
import dev.fulcrum.images.ImageGenSpec;
import dev.fulcrum.images.ImageGenerator;
import dev.fulcrum.images.Png;
import dev.fulcrum.report.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Segmentation end to end through the CLI on local Spark: {@code fulcrum train} on a job file with
 * {@code task = segmentation} (200 generated 32x32 images, a small U-Net, per-image focal Tversky)
 * publishes a run whose test Dice on images with foreground is far above an all-background
 * predictor's 0, then {@code fulcrum score} on a directory of PNGs writes one mask per image, and a
 * tampered bundle is refused.
 */
class SegmentationEndToEndTest {
    @TempDir
    static Path out;
    static String runDir;

    @BeforeAll
    static void train() {
        SparkTestSession.get();
        int code = FulcrumCli.execute("train", "--job", "jobs/segmentation-focal-tversky.conf",
                "--set", "output.dir=\"" + out.resolve("runs") + "\"",
                "--set", "data.generate { count = 200, width = 32, height = 32, contrast = 0.4 }",
                "--set", "crops.size = 0", "--set", "model { depth = 2, baseFilters = 8, learningRate = 0.01 }",
                "--set", "training { mode = local, epochs = 15, batchSize = 8, patience = 0 }");
        assertThat(code).isZero();
        runDir = out.resolve("runs").resolve(RunDirectory.latest(out.resolve("runs").toString(),
                new org.apache.hadoop.conf.Configuration())).toString();
    }

    @Test
    @SuppressWarnings("unchecked")
    void trainPublishesAModelFarBetterThanAllBackground() throws Exception {
        Path run = Path.of(runDir);
        assertThat(run.resolve("model/network.zip")).isRegularFile();
        assertThat(run.resolve("model/manifest.json")).isRegularFile();
        assertThat(run.resolve("report.html")).isRegularFile();
        Map<String, Object> m = Json.read(Files.readString(run.resolve("metrics.json")));
        Map<String, Object> split = (Map<String, Object>) m.get("split");
        // 200 images 0.7/0.15/0.15 by image
        assertThat(((Number) split.get("trainImages")).longValue() + ((Number) split.get("validationImages")).longValue()
                + ((Number) split.get("testImages")).longValue()).isEqualTo(200);
        Map<String, Object> test = (Map<String, Object>) m.get("test");
        Map<String, Object> fg = (Map<String, Object>) test.get("imagesWithForeground");
        // all-background predicts no pixel: Dice 0 on every image with foreground
        assertThat(((Number) fg.get("meanDice")).doubleValue()).isGreaterThan(0.25);
        Map<String, Object> pixels = (Map<String, Object>) test.get("pixels");
        double positives = ((Number) pixels.get("positives")).doubleValue();
        double all = positives + ((Number) pixels.get("negatives")).doubleValue();
        assertThat(((Number) pixels.get("prAuc")).doubleValue()).isGreaterThan(5 * positives / all);
        Map<String, Object> training = (Map<String, Object>) m.get("training");
        assertThat(training.get("mode")).isEqualTo("local");
        assertThat((List<Object>) training.get("epochs")).hasSize(15);
        Map<String, Object> bundle = Json.read(Files.readString(run.resolve("model/bundle.json")));
        assertThat(bundle.get("format")).isEqualTo("fulcrum-seg-bundle/1");
        assertThat(((Number) bundle.get("threshold")).doubleValue())
                .isEqualTo(((Number) ((Map<String, Object>) m.get("threshold")).get("value")).doubleValue());
    }

    @Test
    void scoreWritesOneMaskPerImageOfTheInputSize() throws Exception {
        Path images = out.resolve("to-score");
        ImageGenerator.generate(SparkTestSession.get(), ImageGenSpec.of(6, 42, 26, 99, 0.0), images.toString());
        Path masks = out.resolve("masks");
        int code = FulcrumCli.execute("score", "--model", runDir, "--input", images.toString(), "--output",
                masks.toString());
        assertThat(code).isZero();
        try (Stream<Path> s = Files.list(masks)) {
            assertThat(s.filter(p -> p.toString().endsWith(".png")).count()).isEqualTo(6);
        }
        // 42x26 is not a multiple of 2^depth = 4: padded for the network, the mask comes back at the image's size
        Png.Grey g = Png.decode(Files.readAllBytes(masks.resolve("img-00000.png")));
        assertThat(g.width()).isEqualTo(42);
        assertThat(g.height()).isEqualTo(26);
        for (float v : g.levels()) {
            assertThat(v == 0f || v == 255f).isTrue();
        }
        assertThat(masks.resolve("prob/img-00000.png")).isRegularFile();
    }

    @Test
    void scoreRefusesATamperedSegmentationBundle() throws Exception {
        Path copy = out.resolve("tampered");
        copyTree(Path.of(runDir), copy);
        Path meta = copy.resolve("model/bundle.json");
        Files.writeString(meta, Files.readString(meta).replaceFirst("\"threshold\" *: *[0-9.eE-]+", "\"threshold\":0.01"));
        Files.deleteIfExists(copy.resolve("model/.bundle.json.crc"));
        Path images = out.resolve("to-score-2");
        ImageGenerator.generate(SparkTestSession.get(), ImageGenSpec.of(2, 32, 32, 5, 0.0), images.toString());
        assertThatThrownBy(() -> dev.fulcrum.jobs.SegScoreJob.run(SparkTestSession.get(),
                new SegScoreJob.Request(copy.toString(), null, images.toString(), out.resolve("m2").toString(), false,
                        false, false)))
                .isInstanceOf(BadInputException.class).hasMessageContaining("refusing the bundle")
                .hasMessageContaining("bundle.json");
        assertThat(out.resolve("m2")).doesNotExist();
    }

    @Test
    @SuppressWarnings("unchecked")
    void anImageDirectoryWithABadPairIsTrainedOnUnderQuarantineAndTheBadPairIsListedAndCounted() throws Exception {
        Path set = out.resolve("set");
        ImageGenerator.generate(SparkTestSession.get(), ImageGenSpec.of(40, 16, 16, 3, 0.1), set.toString());
        Files.writeString(set.resolve("masks/img-00007.png"), "not a png"); // undecodable mask
        Files.delete(set.resolve("masks/img-00011.png"));                   // missing mask
        Path runs = out.resolve("runs-dir");
        SegmentationJobs.train(SparkTestSession.get(), "data.input=\"" + set + "\"", "data.onBadImage=quarantine",
                "output.dir=\"" + runs + "\"", "crops.size=0", "model { depth = 1, baseFilters = 4 }",
                "training { mode = local, epochs = 1, batchSize = 8, patience = 0 }");
        Path run = runs.resolve(RunDirectory.latest(runs.toString(), new org.apache.hadoop.conf.Configuration()));
        Map<String, Object> data = (Map<String, Object>) Json.read(Files.readString(run.resolve("metrics.json"))).get("data");
        assertThat(((Number) data.get("images")).longValue()).isEqualTo(38);
        assertThat(((Number) data.get("quarantined")).longValue()).isEqualTo(2);
        assertThat((Map<String, Object>) data.get("quarantinedByReason")).containsOnlyKeys("missing-mask", "undecodable");
        String listed;
        try (Stream<Path> s = Files.list(run.resolve("quarantine"))) {
            listed = s.filter(p -> p.getFileName().toString().startsWith("part-")).map(p -> {
                try {
                    return Files.readString(p);
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }).reduce("", String::concat);
        }
        assertThat(listed).contains("img-00007").contains("img-00011");
        // the same set under fail: one line naming the first bad file (by path: images/ before masks/)
        assertThatThrownBy(() -> SegmentationJobs.train(SparkTestSession.get(), "data.input=\"" + set + "\"",
                "output.dir=\"" + out.resolve("runs-fail") + "\"", "crops.size=0"))
                .isInstanceOf(BadInputException.class)
                .hasMessageContaining("set/images/img-00011.png: image without a mask")
                .hasMessageEndingWith("(1 more bad images; data.onBadImage = quarantine sets them aside)");
    }

    private static void copyTree(Path from, Path to) throws Exception {
        try (Stream<Path> s = Files.walk(from)) {
            for (Path p : (Iterable<Path>) s::iterator) {
                Path t = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(t);
                } else {
                    Files.copy(p, t);
                }
            }
        }
    }
}
