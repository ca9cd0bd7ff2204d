package dev.fulcrum.images;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fulcrum.SparkTestSession;
import dev.fulcrum.error.BadInputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageGeneratorTest {
    private final SparkSession spark = SparkTestSession.get();
    @TempDir
    Path tmp;

    @Test
    void foregroundImagesCover0_5To5PercentAndTheEmptyShareIsTheRequestedOneWithinBinomialNoise() {
        ImageGenSpec spec = ImageGenSpec.of(400, 48, 40, 3, 0.15);
        int empty = 0;
        for (int i = 0; i < spec.count(); i++) {
            ImageGenerator.Sample s = ImageGenerator.render(spec, i);
            int fg = count(s.mask());
            assertThat(fg).isEqualTo(s.foreground());
            if (fg == 0) {
                empty++;
            } else {
                assertThat(fg / (48.0 * 40)).isBetween(0.005, 0.05);
            }
            for (float v : s.image()) {
                assertThat(v).isBetween(0f, 1f);
            }
            for (float v : s.mask()) {
                assertThat(v == 0f || v == 1f).isTrue();
            }
        }
        double sd = Math.sqrt(400 * 0.15 * 0.85);
        assertThat((double) empty).isBetween(60 - 4 * sd, 60 + 4 * sd);
        assertThat(countEmpty(ImageGenSpec.of(50, 16, 16, 3, 0.0))).isZero();
        assertThat(countEmpty(ImageGenSpec.of(50, 16, 16, 3, 1.0))).isEqualTo(50);
    }

    @Test
    void noGlobalThresholdSegmentsTheBlobsButTheyDifferFromTheirSurroundings() {
        ImageGenSpec spec = ImageGenSpec.of(40, 64, 64, 11, 0.0);
        int[][] hist = new int[2][256]; // [mask][level]: pooled histograms
        double contrastSum = 0;
        for (int i = 0; i < spec.count(); i++) {
            ImageGenerator.Sample s = ImageGenerator.render(spec, i);
            for (int p = 0; p < s.image().length; p++) {
                hist[(int) s.mask()[p]][Math.round(s.image()[p] * 255)]++;
            }
            contrastSum += ringContrast(s.image(), s.mask(), 64, 64);
        }
        // best IoU of "level >= t" or "level < t" with the mask, over every threshold
        double best = 0;
        int totalFg = Arrays.stream(hist[1]).sum();
        for (int t = 0; t <= 256; t++) {
            int fgAbove = 0;
            int bgAbove = 0;
            for (int l = t; l < 256; l++) {
                fgAbove += hist[1][l];
                bgAbove += hist[0][l];
            }
            int bgBelow = Arrays.stream(hist[0]).sum() - bgAbove;
            best = Math.max(best, fgAbove / (double) (totalFg + bgAbove));
            best = Math.max(best, (totalFg - fgAbove) / (double) (totalFg + bgBelow));
        }
        assertThat(best).isLessThan(0.15);
        // yet each blob stands out locally: mean |inside - surrounding ring| well above pixel noise / sqrt(pixels)
        assertThat(contrastSum / spec.count()).isGreaterThan(0.03);
    }

    @Test
    void renderingIsAPureFunctionOfSeedAndIndexWhateverTheNumberOfTasksAndTheSeedMatters() {
        ImageGenSpec one = new ImageGenSpec(30, 20, 17, 5, 0.2, 0.08, 0.03, 1);
        ImageGenSpec four = new ImageGenSpec(30, 20, 17, 5, 0.2, 0.08, 0.03, 4);
        List<String> a = asText(ImageGenerator.rows(spark, one).collectAsList());
        List<String> b = asText(ImageGenerator.rows(spark, four).collectAsList());
        assertThat(a).hasSize(30).isEqualTo(b);
        ImageGenerator.Sample s = ImageGenerator.render(one, 7);
        assertThat(a.get(7)).isEqualTo(s.id() + Arrays.toString(s.image()) + Arrays.toString(s.mask()));
        ImageGenerator.Sample other = ImageGenerator.render(ImageGenSpec.of(30, 20, 17, 6, 0.2), 7);
        assertThat(other.image()).isNotEqualTo(s.image());
    }

    @Test
    void writesPngFilesThatDecodeToTheRenderedImagesAndRefusesANonEmptyOutput() throws IOException {
        ImageGenSpec spec = new ImageGenSpec(9, 24, 18, 2, 0.3, 0.08, 0.03, 3);
        String out = tmp.resolve("gen").toString();
        ImageGenerator.Summary sum = ImageGenerator.generate(spark, spec, out);
        assertThat(sum.images()).isEqualTo(9);
        long withFg = 0;
        double share = 0;
        for (int i = 0; i < 9; i++) {
            ImageGenerator.Sample s = ImageGenerator.render(spec, i);
            Png.Grey img = Png.decode(Files.readAllBytes(tmp.resolve("gen/images/" + s.id() + ".png")));
            Png.Grey mask = Png.decode(Files.readAllBytes(tmp.resolve("gen/masks/" + s.id() + ".png")));
            assertThat(img.width()).isEqualTo(24);
            assertThat(img.height()).isEqualTo(18);
            for (int p = 0; p < s.image().length; p++) {
                assertThat(img.levels()[p]).isEqualTo((float) Math.round(s.image()[p] * 255));
                assertThat(mask.levels()[p]).isEqualTo(s.mask()[p] * 255f);
            }
            withFg += s.foreground() > 0 ? 1 : 0;
            share += s.foreground() / (24.0 * 18);
        }
        assertThat(sum.withForeground()).isEqualTo(withFg);
        assertThat(sum.meanForegroundPercent()).isCloseTo(100 * share / withFg, org.assertj.core.api.Assertions.within(1e-9));
        try (var files = Files.list(tmp)) {
            assertThat(files.map(p -> p.getFileName().toString()).collect(Collectors.toList())).containsExactly("gen");
        }
        assertThatThrownBy(() -> ImageGenerator.generate(spark, spec, out))
                .isInstanceOf(BadInputException.class).hasMessageContaining("already exists and is not empty");
        Files.createDirectories(tmp.resolve("empty"));
        assertThat(ImageGenerator.generate(spark, spec, tmp.resolve("empty").toString()).images()).isEqualTo(9);
    }

    @Test
    void specValidationNamesTheValue() {
        assertThatThrownBy(() -> ImageGenSpec.of(10, 15, 64, 1, 0.1)).isInstanceOf(BadInputException.class)
                .hasMessageContaining(">= 16; got 15x64");
        assertThatThrownBy(() -> ImageGenSpec.of(0, 64, 64, 1, 0.1)).hasMessageContaining("count must be >= 1; got 0");
        assertThatThrownBy(() -> ImageGenSpec.of(1, 64, 64, 1, 1.5)).hasMessageContaining("[0, 1]; got 1.5");
        assertThat(ImageGenerator.id(42, 200)).isEqualTo("img-00042");
        assertThat(ImageGenerator.id(42, 1_000_001)).isEqualTo("img-0000042");
    }

    private static int countEmpty(ImageGenSpec spec) {
        int e = 0;
        for (int i = 0; i < spec.count(); i++) {
            e += ImageGenerator.render(spec, i).foreground() == 0 ? 1 : 0;
        }
        return e;
    }

    private static int count(float[] mask) {
        int n = 0;
        for (float v : mask) {
            n += v > 0 ? 1 : 0;
        }
        return n;
    }

    /** |mean inside the mask - mean of the pixels within 3 px of it but outside|. */
    private static double ringContrast(float[] img, float[] mask, int w, int h) {
        double in = 0;
        double ring = 0;
        int nIn = 0;
        int nRing = 0;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                if (mask[y * w + x] > 0) {
                    in += img[y * w + x];
                    nIn++;
                    continue;
                }
                boolean near = false;
                for (int dy = -3; dy <= 3 && !near; dy++) {
                    for (int dx = -3; dx <= 3 && !near; dx++) {
                        int xx = x + dx;
                        int yy = y + dy;
                        near = xx >= 0 && yy >= 0 && xx < w && yy < h && mask[yy * w + xx] > 0;
                    }
                }
                if (near) {
                    ring += img[y * w + x];
                    nRing++;
                }
            }
        }
        return Math.abs(in / nIn - ring / nRing);
    }

    private static List<String> asText(List<Row> rows) {
        return rows.stream().sorted(java.util.Comparator.comparing(r -> r.getString(0)))
                .map(r -> r.getString(0) + Arrays.toString(ImageRows.floats(r, ImageRows.IMAGE))
                        + Arrays.toString(ImageRows.floats(r, ImageRows.MASK)))
                .collect(Collectors.toList());
    }
}
