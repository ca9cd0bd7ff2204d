package dev.fulcrum.images;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.fulcrum.SparkTestSession;
import dev.fulcrum.error.BadInputException;
import java.awt.image.BufferedImage;
import java.awt.image.IndexColorModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import javax.imageio.ImageIO;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageReaderTest {
    private final SparkSession spark = SparkTestSession.get();
    @TempDir
    Path tmp;

    /** 8-bit grey PNG with the given levels (row-major). */
    static void grey(Path file, int w, int h, int... levels) throws IOException {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY);
        for (int i = 0; i < w * h; i++) {
            img.getRaster().setSample(i % w, i / w, 0, levels[i]);
        }
        write(img, file);
    }

    static void write(BufferedImage img, Path file) throws IOException {
        Files.createDirectories(file.getParent());
        assertThat(ImageIO.write(img, "png", file.toFile())).isTrue();
    }

    private Path set(String name) {
        return tmp.resolve(name);
    }

    private ImageReader.Result read(Path dir, OnBadImage policy) {
        return ImageReader.read(spark, ImageReadSpec.of(dir.toString(), policy));
    }

    @Test
    void greyRgbPaletteAnd16BitFilesDecodeToHandComputedValues() throws IOException {
        Path d = set("good");
        grey(d.resolve("images/a.png"), 3, 2, 0, 51, 255, 102, 204, 153);
        grey(d.resolve("masks/a.png"), 3, 2, 0, 128, 255, 127, 0, 200);
        BufferedImage rgb = new BufferedImage(2, 1, BufferedImage.TYPE_INT_RGB);
        rgb.setRGB(0, 0, 0xff0000);
        rgb.setRGB(1, 0, 0x00ff80);
        write(rgb, d.resolve("images/b.png"));
        IndexColorModel palette = new IndexColorModel(2, 3, new byte[] {0, (byte) 255, (byte) 128},
                new byte[] {0, (byte) 255, 0}, new byte[] {0, (byte) 255, 0});
        BufferedImage pal = new BufferedImage(2, 1, BufferedImage.TYPE_BYTE_INDEXED, palette);
        pal.getRaster().setSample(0, 0, 0, 1); // white
        pal.getRaster().setSample(1, 0, 0, 2); // dark red: luma 0.299*128 = 38.3 <= 127
        write(pal, d.resolve("masks/b.png"));
        BufferedImage deep = new BufferedImage(2, 1, BufferedImage.TYPE_USHORT_GRAY);
        deep.getRaster().setSample(0, 0, 0, 65535);
        deep.getRaster().setSample(1, 0, 0, 13107); // 65535 / 5
        write(deep, d.resolve("images/c.PNG"));
        BufferedImage rgbMask = new BufferedImage(2, 1, BufferedImage.TYPE_INT_RGB);
        rgbMask.setRGB(0, 0, 0xffffff);
        write(rgbMask, d.resolve("masks/c.png"));
        Files.writeString(d.resolve("images/notes.txt"), "not an image, not read");
        grey(d.resolve("masks/prob/a.png"), 3, 2, 0, 0, 0, 0, 0, 0); // e.g. MaskWriter's probabilities: not read

        ImageReader.Result r = read(d, OnBadImage.FAIL);
        assertThat(r.read()).isEqualTo(3);
        assertThat(r.kept()).isEqualTo(3);
        assertThat(r.quarantined()).isEmpty();
        assertThat(r.images().schema()).isEqualTo(ImageRows.SCHEMA);
        Map<String, Row> rows = r.images().collectAsList().stream().collect(Collectors.toMap(x -> x.getString(0), x -> x));
        Row a = rows.get("a");
        assertThat(a.getInt(1)).isEqualTo(3);
        assertThat(a.getInt(2)).isEqualTo(2);
        assertThat(ImageRows.floats(a, ImageRows.IMAGE)).containsExactly(0f, 0.2f, 1f, 0.4f, 0.8f, 0.6f);
        assertThat(ImageRows.floats(a, ImageRows.MASK)).containsExactly(0f, 1f, 1f, 0f, 0f, 1f);
        float[] b = ImageRows.floats(rows.get("b"), ImageRows.IMAGE);
        assertThat((double) b[0]).isCloseTo(0.299, within(1e-6));
        assertThat((double) b[1]).isCloseTo(0.587 + 0.114 * 128 / 255.0, within(1e-6));
        assertThat(ImageRows.floats(rows.get("b"), ImageRows.MASK)).containsExactly(1f, 0f);
        float[] c = ImageRows.floats(rows.get("c"), ImageRows.IMAGE);
        assertThat((double) c[0]).isCloseTo(1.0, within(1e-6));
        assertThat((double) c[1]).isCloseTo(0.2, within(1e-6));
        assertThat(ImageRows.floats(rows.get("c"), ImageRows.MASK)).containsExactly(1f, 0f);
        r.release();
    }

    /** One directory per bad case (plus one good pair), each with the file and text the failure must name. */
    private record Case(String problem, String file, String text) {
    }

    private List<Case> writeBadCases(Path d) throws IOException {
        grey(d.resolve("images/ok.png"), 2, 2, 10, 20, 30, 40);
        grey(d.resolve("masks/ok.png"), 2, 2, 0, 255, 0, 0);
        Files.createDirectories(d.resolve("images"));
        Files.write(d.resolve("images/junk.png"), new byte[] {1, 2, 3, 4, 5});
        grey(d.resolve("masks/junk.png"), 2, 2, 0, 0, 0, 0);
        grey(d.resolve("images/badmask.png"), 2, 2, 0, 0, 0, 0);
        Files.write(d.resolve("masks/badmask.png"), "GIF89a? no".getBytes());
        grey(d.resolve("images/size.png"), 2, 2, 0, 0, 0, 0);
        grey(d.resolve("masks/size.png"), 3, 2, 0, 0, 0, 0, 0, 0);
        grey(d.resolve("images/lonely.png"), 2, 2, 0, 0, 0, 0);
        grey(d.resolve("masks/orphan.png"), 2, 2, 0, 0, 0, 0);
        grey(d.resolve("images/soft.png"), 2, 2, 0, 0, 0, 0);
        grey(d.resolve("masks/soft.png"), 2, 2, 0, 255, 200, 0);
        return List.of(
                new Case(ImageReader.UNDECODABLE, "images/junk.png", "cannot decode the image"),
                new Case(ImageReader.UNDECODABLE, "masks/badmask.png", "cannot decode the mask"),
                new Case(ImageReader.SIZE_MISMATCH, "masks/size.png", "mask is 3x2 but its image is 2x2"),
                new Case(ImageReader.MISSING_MASK, "images/lonely.png", "image without a mask (no masks/lonely.png)"),
                new Case(ImageReader.MASK_WITHOUT_IMAGE, "masks/orphan.png", "mask without an image (no images/orphan.png)"),
                new Case(ImageReader.NON_BINARY_MASK, "masks/soft.png", "mask holds grey level 200 at (x=0, y=1)"));
    }

    @Test
    void everyBadCaseFailsWithOneLineNamingTheFileUnderFail() throws IOException {
        List<Case> cases = writeBadCases(set("template"));
        for (Case c : cases) {
            // a directory holding the good pair and only this case's files
            Path d = set("fail-" + c.file().replace('/', '-'));
            String id = c.file().substring(c.file().indexOf('/') + 1, c.file().length() - 4);
            for (String sub : List.of("images", "masks")) {
                Files.createDirectories(d.resolve(sub));
                for (String f : List.of("ok", id)) {
                    Path src = set("template").resolve(sub + "/" + f + ".png");
                    if (Files.exists(src)) {
                        Files.copy(src, d.resolve(sub + "/" + f + ".png"));
                    }
                }
            }
            ImageReadSpec spec = new ImageReadSpec(d.toString(), 127, true, OnBadImage.FAIL);
            assertThatThrownBy(() -> ImageReader.read(spark, spec)).as(c.problem())
                    .isInstanceOf(BadInputException.class)
                    .hasMessageStartingWith("file:" + d.resolve(c.file()) + ": ")
                    .hasMessageContaining(c.text())
                    .hasMessageNotContaining("\n")
                    .hasMessageNotContaining("more bad images");
        }
    }

    @Test
    void underQuarantineEveryBadPairIsSetAsideAndCountedByProblem() throws IOException {
        Path d = set("mixed");
        List<Case> cases = writeBadCases(d);
        ImageReader.Result r = ImageReader.read(spark, new ImageReadSpec(d.toString(), 127, true, OnBadImage.QUARANTINE));
        assertThat(r.read()).isEqualTo(7);
        assertThat(r.kept()).isEqualTo(1);
        assertThat(r.quarantined()).containsExactlyInAnyOrderEntriesOf(Map.of(ImageReader.UNDECODABLE, 2L,
                ImageReader.SIZE_MISMATCH, 1L, ImageReader.MISSING_MASK, 1L, ImageReader.MASK_WITHOUT_IMAGE, 1L,
                ImageReader.NON_BINARY_MASK, 1L));
        assertThat(r.quarantinedTotal()).isEqualTo(6);
        assertThat(r.images().collectAsList()).extracting(x -> x.getString(0)).containsExactly("ok");
        List<Row> q = r.quarantine().collectAsList();
        assertThat(r.quarantine().schema()).isEqualTo(ImageReader.QUARANTINE_SCHEMA);
        for (Case c : cases) {
            assertThat(q).as(c.file()).anySatisfy(row -> {
                assertThat(row.getString(1)).isEqualTo("file:" + d.resolve(c.file()));
                assertThat(row.getString(2)).isEqualTo(c.problem());
                assertThat(row.getString(3)).contains(c.text());
            });
        }
        // fail on the same directory names the first bad file by name and counts the rest
        assertThatThrownBy(() -> ImageReader.read(spark, new ImageReadSpec(d.toString(), 127, true, OnBadImage.FAIL)))
                .hasMessageStartingWith("file:" + d.resolve("images/junk.png") + ": cannot decode the image")
                .hasMessageEndingWith("(5 more bad images; data.onBadImage = quarantine sets them aside)");
        r.release();
    }

    @Test
    void withoutMaskMustBeBinaryAGreyMaskIsThresholded() throws IOException {
        Path d = set("soft");
        grey(d.resolve("images/s.png"), 2, 2, 0, 0, 0, 0);
        grey(d.resolve("masks/s.png"), 2, 2, 0, 255, 200, 100);
        ImageReader.Result r = ImageReader.read(spark, new ImageReadSpec(d.toString(), 150, false, OnBadImage.FAIL));
        assertThat(ImageRows.floats(r.images().first(), ImageRows.MASK)).containsExactly(0f, 1f, 1f, 0f);
        r.release();
    }

    @Test
    void missingOrEmptyDirectoriesAreClearErrors() throws IOException {
        assertThatThrownBy(() -> read(set("nowhere"), OnBadImage.FAIL)).isInstanceOf(BadInputException.class)
                .hasMessageContaining("does not exist");
        Files.createDirectories(set("nomasks").resolve("images"));
        assertThatThrownBy(() -> read(set("nomasks"), OnBadImage.FAIL)).isInstanceOf(BadInputException.class)
                .hasMessageContaining("has no masks/ subdirectory");
        Files.createDirectories(set("empty").resolve("images"));
        Files.createDirectories(set("empty").resolve("masks"));
        Files.writeString(set("empty").resolve("images/readme.txt"), "x");
        assertThatThrownBy(() -> read(set("empty"), OnBadImage.QUARANTINE)).isInstanceOf(BadInputException.class)
                .hasMessageContaining("holds no .png file");
    }
}
