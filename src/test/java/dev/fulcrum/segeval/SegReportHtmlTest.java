package dev.fulcrum.segeval;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fulcrum.results.ThresholdChoice;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SegReportHtmlTest {

    /**
     * Four 4x2 images at threshold 0.5: "best" predicted exactly (Dice 1); "mid" 2 truth pixels,
     * 1 found, 1 false alarm (Dice 2/4 = 0.5); "worst" nothing found (Dice 0); "empty" empty and
     * predicted empty (Dice 1 by convention, but not an example: no foreground).
     */
    static Dataset<Row> images() {
        float[] t2 = {1, 1, 0, 0, 0, 0, 0, 0};
        return new ScoredImages()
                .add("best", 4, 2, t2, new float[] {0.9f, 0.8f, 0, 0, 0, 0, 0, 0})
                .add("mid", 4, 2, t2, new float[] {0.9f, 0.1f, 0, 0, 0, 0, 0, 0.7f})
                .add("worst", 4, 2, t2, new float[8])
                .add("empty", 4, 2, new float[8], new float[8])
                .frame(2);
    }

    @Test
    void writesPageOverlaysAndPlotsWithTheEvaluatedValues(@TempDir Path dir) throws IOException {
        Dataset<Row> scored = images();
        SegEvaluation e = SegEvaluation.evaluate(scored, 0.5);
        SegMetrics m = e.metrics(new ThresholdChoice("max-mean-image-dice over 99 candidates 0.01..0.99", 0.5,
                "validation"));
        String section = SegReportHtml.write(dir.toUri().toString(), new Configuration(), m, e, scored);

        String html = Files.readString(dir.resolve(SegReportHtml.PAGE), StandardCharsets.UTF_8);
        assertThat(html).startsWith("<!DOCTYPE html>").contains(section);
        // mean Dice over all = (1 + 0.5 + 0 + 1) / 4; over foreground = 0.5, median 0.5.
        assertThat(html).contains("<td class=\"v\">0.6250 / 0.7500</td>").contains("<td class=\"v\">0.5000 / 0.5000</td>");
        assertThat(html).contains("0.5000 (max-mean-image-dice over 99 candidates 0.01..0.99, chosen on validation)");
        // Lesions: 3 true (one per foreground image), 2 detected; "mid" has one false-positive component.
        assertThat(html).contains("0.6667 (2 of 3 lesions)").contains("0.2500 (1 in all)");
        assertThat(html).contains("worst: worst (Dice 0.0000").contains("median: mid (Dice 0.5000")
                .contains("best: best (Dice 1.0000").doesNotContain(": empty (");
        assertThat(html).contains("MONAI DiceMetric ignore_empty=False").doesNotContain("http://")
                .doesNotContain("https://");

        Matcher img = Pattern.compile("<img src=\"([^\"]+)\"[^>]* width=\"(\\d+)\" height=\"(\\d+)\"").matcher(html);
        List<String> srcs = new ArrayList<>();
        while (img.find()) {
            srcs.add(img.group(1));
            BufferedImage png = ImageIO.read(dir.resolve(img.group(1)).toFile());
            assertThat(png).as(img.group(1)).isNotNull();
            assertThat(png.getWidth()).as(img.group(1)).isEqualTo(Integer.parseInt(img.group(2)));
            assertThat(png.getHeight()).as(img.group(1)).isEqualTo(Integer.parseInt(img.group(3)));
        }
        assertThat(srcs).containsExactly("plots/seg-overlay-worst.png", "plots/seg-overlay-median.png",
                "plots/seg-overlay-best.png", "plots/seg-dice-histogram.png", "plots/seg-pr.png");

        // The "mid" overlay: truth at (0,0) and (1,0), prediction at (0,0) and (3,1).
        BufferedImage mid = ImageIO.read(dir.resolve("plots/seg-overlay-median.png").toFile());
        int s = Overlays.scale(4, 2);
        int tile = 4 * s + Overlays.GAP;
        assertThat(mid.getWidth()).isEqualTo(3 * 4 * s + 2 * Overlays.GAP);
        assertThat(new Color(mid.getRGB(tile + s + 1, 1))).isEqualTo(Overlays.TRUTH);
        assertThat(new Color(mid.getRGB(tile + 3 * s + 1, s + 1))).isEqualTo(Overlays.BACKGROUND);
        assertThat(new Color(mid.getRGB(2 * tile + 1, 1))).isEqualTo(Overlays.PREDICTION);
        assertThat(new Color(mid.getRGB(2 * tile + s + 1, 1))).isEqualTo(Overlays.BACKGROUND);
        assertThat(new Color(mid.getRGB(2 * tile + 3 * s + 1, s + 1))).isEqualTo(Overlays.PREDICTION);
    }

    @Test
    void diceHistogramBinsAndOverlaysOmittedWithoutImageColumn(@TempDir Path dir) throws IOException {
        assertThat(SegPlots.diceCounts(new double[] {0, 0.04, 0.05, 0.5, 0.999, 1.0}, 20))
                .containsExactly(2, 1, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 2);
        Dataset<Row> scored = images().drop("image");
        SegEvaluation e = SegEvaluation.evaluate(scored, 0.5);
        SegReportHtml.write(dir.toString(), new Configuration(), e.metrics(new ThresholdChoice("fixed", 0.5, "test")),
                e, scored);
        String html = Files.readString(dir.resolve(SegReportHtml.PAGE), StandardCharsets.UTF_8);
        assertThat(html).contains("No overlays: the scored data has no image column").contains("plots/seg-pr.png")
                .doesNotContain("seg-overlay");
        assertThat(dir.resolve("plots/seg-dice-histogram.png")).exists();
    }
}
