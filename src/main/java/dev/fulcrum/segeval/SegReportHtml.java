package dev.fulcrum.segeval;

import static dev.fulcrum.report.Html.esc;
import static org.apache.spark.sql.functions.col;

import dev.fulcrum.error.IoFailureException;
import dev.fulcrum.images.ImageRows;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The segmentation section of a report: the numbers of {@link SegMetrics}, overlays of the
 * worst, median and best image by Dice, the per-image Dice histogram and the pixel PR curve.
 * {@link #write} puts the PNGs under {@code plots/seg-*.png} of a directory (any Hadoop
 * FileSystem), writes {@value #PAGE} there as a self-contained page (inline CSS, no script, no
 * network) around the section, and returns the section so a run report can embed it instead.
 *
 * <p>The three examples are taken among images whose truth mask is not empty (all images when
 * none is): an empty image predicted empty has Dice 1 by convention and would always be "best".
 * Ordered by Dice then id; the median is the lower middle one. Only their three rows are fetched
 * to the driver.
 */
public final class SegReportHtml {
    /** File name of the standalone page. */
    public static final String PAGE = "report.html";
    /** Bins of the per-image Dice histogram. */
    public static final int DICE_BINS = 20;
    static final String CSS = "body{font:14px/1.45 \"DejaVu Sans\",Arial,sans-serif;color:#222;margin:24px auto;"
            + "max-width:1280px;padding:0 16px}h2{font-size:18px;border-bottom:1px solid #ddd;padding-bottom:4px}"
            + "table{border-collapse:collapse;margin:8px 0}th,td{border:1px solid #ddd;padding:3px 8px}"
            + "td.v{text-align:right}.plots{display:flex;flex-wrap:wrap;gap:12px}figure{margin:0}"
            + "img{border:1px solid #eee;max-width:100%;height:auto;image-rendering:pixelated}"
            + ".note{color:#555;font-size:12px}";

    private SegReportHtml() {
    }

    /**
     * @param dir     target directory (Hadoop path string); created if absent
     * @param scored  the evaluated images with {@link ImageRows#IMAGE} (for the overlays; without
     *                it the overlays are omitted with a note)
     * @return the {@code <section>} HTML that {@value #PAGE} holds
     * @throws IoFailureException when a file cannot be written
     */
    public static String write(String dir, Configuration hadoop, SegMetrics metrics, SegEvaluation eval,
            Dataset<Row> scored) {
        Path root = new Path(dir);
        FileSystem fs;
        try {
            fs = root.getFileSystem(hadoop);
        } catch (IOException e) {
            throw new IoFailureException("segmentation report: cannot open the file system of " + dir + ": "
                    + e.getMessage(), e);
        }
        StringBuilder b = new StringBuilder(16 * 1024);
        b.append("<section class=\"segmentation\"><h2>Segmentation</h2>\n");
        summary(b, metrics);
        b.append("<h3>Examples (image | truth | prediction)</h3>\n<div class=\"plots\">");
        overlays(b, fs, root, eval, scored);
        b.append("</div><p class=\"note\">Green: truth mask; red: pixels with prob &gt;= ")
                .append(fmt(eval.threshold())).append(". Chosen among images with a non-empty truth mask.</p>\n");
        b.append("<h3>Distributions</h3>\n<div class=\"plots\">");
        double[] dice = eval.images().stream().mapToDouble(ImageScore::dice).toArray();
        figure(b, fs, root, "seg-dice-histogram.png", "per-image Dice histogram",
                SegPlots.diceHistogram(dice, DICE_BINS), SegPlots.WIDTH, SegPlots.HEIGHT);
        figure(b, fs, root, "seg-pr.png", "pixel precision-recall curve",
                SegPlots.prCurve(eval.pixels(), eval.pooled(), eval.threshold()), SegPlots.WIDTH, SegPlots.HEIGHT);
        b.append("</div>\n");
        conventions(b, metrics);
        b.append("</section>\n");
        String section = b.toString();
        String page = "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n<title>Segmentation</title>\n"
                + "<style>" + CSS + "</style></head>\n<body>\n" + section + "</body></html>\n";
        writeBytes(fs, new Path(root, PAGE), page.getBytes(StandardCharsets.UTF_8));
        return section;
    }

    /** Worst, median and best image among those with foreground (all when none has), by (Dice, id). */
    static Map<String, ImageScore> examples(List<ImageScore> images) {
        List<ImageScore> pool = images.stream().filter(ImageScore::hasForeground).toList();
        List<ImageScore> sorted = new ArrayList<>(pool.isEmpty() ? images : pool);
        sorted.sort(Comparator.comparingDouble(ImageScore::dice).thenComparing(ImageScore::id));
        Map<String, ImageScore> out = new LinkedHashMap<>();
        if (!sorted.isEmpty()) {
            out.put("worst", sorted.get(0));
            out.put("median", sorted.get((sorted.size() - 1) / 2));
            out.put("best", sorted.get(sorted.size() - 1));
        }
        return out;
    }

    private static void summary(StringBuilder b, SegMetrics m) {
        b.append("<table class=\"kv\"><tbody>\n");
        row(b, "threshold", fmt(m.threshold().value()) + " (" + esc(m.threshold().strategy()) + ", chosen on "
                + esc(m.threshold().chosenOn()) + ")");
        overlapRows(b, "all images", m.allImages());
        overlapRows(b, "images with foreground", m.imagesWithForeground());
        SegMetrics.Pixels p = m.pixels();
        row(b, "pixel precision / recall / F1", fmt(p.precision()) + " / " + fmt(p.recall()) + " / " + fmt(p.f1()));
        row(b, "pixel PR-AUC (AP) / ROC-AUC", fmt(p.prAuc()) + " / " + fmt(p.rocAuc()));
        row(b, "pixel TP / FP / FN / TN", p.tp() + " / " + p.fp() + " / " + p.fn() + " / " + p.tn());
        SegMetrics.Lesions l = m.lesions();
        row(b, "lesion recall", fmt(l.recall()) + " (" + l.detected() + " of " + l.trueLesions() + " lesions)");
        row(b, "false-positive components per image", fmt(l.falsePositiveComponentsPerImage()) + " ("
                + l.falsePositiveComponents() + " in all)");
        b.append("</tbody></table>\n");
    }

    private static void overlapRows(StringBuilder b, String what, SegMetrics.Overlap o) {
        row(b, "Dice mean / median, " + what + " (" + o.images() + ")", fmt(o.meanDice()) + " / " + fmt(o.medianDice()));
        row(b, "IoU mean / median, " + what + " (" + o.images() + ")", fmt(o.meanIoU()) + " / " + fmt(o.medianIoU()));
    }

    private static void row(StringBuilder b, String key, String htmlValue) {
        b.append("<tr><th>").append(esc(key)).append("</th><td class=\"v\">").append(htmlValue).append("</td></tr>\n");
    }

    private static void conventions(StringBuilder b, SegMetrics m) {
        SegMetrics.Conventions c = m.conventions();
        b.append("<h3>Definitions</h3>\n<ul class=\"note\">");
        for (String s : new String[] {c.pixelRule(), c.emptyMask(), c.median(), c.lesions(), c.pixelCurves()}) {
            b.append("<li>").append(esc(s)).append("</li>");
        }
        b.append("</ul>\n");
    }

    private static void overlays(StringBuilder b, FileSystem fs, Path root, SegEvaluation eval, Dataset<Row> scored) {
        Map<String, ImageScore> examples = examples(eval.images());
        if (!Arrays.asList(scored.schema().fieldNames()).contains(ImageRows.IMAGE)) {
            b.append("<p class=\"note\">No overlays: the scored data has no ").append(ImageRows.IMAGE)
                    .append(" column.</p>");
            return;
        }
        Object[] ids = examples.values().stream().map(ImageScore::id).distinct().toArray();
        Map<String, Row> rows = new LinkedHashMap<>();
        for (Row r : scored.filter(col(ImageRows.ID).isin(ids)).select(ImageRows.ID, ImageRows.WIDTH,
                ImageRows.HEIGHT, ImageRows.IMAGE, ImageRows.MASK, ImageRows.PROB).collectAsList()) {
            rows.putIfAbsent(r.getString(0), r);
        }
        for (Map.Entry<String, ImageScore> e : examples.entrySet()) {
            ImageScore s = e.getValue();
            Row r = rows.get(s.id());
            if (r == null) {
                continue;
            }
            int w = r.getInt(1);
            int h = r.getInt(2);
            byte[] png = Overlays.png(Overlays.panel(ImageRows.floats(r, ImageRows.IMAGE),
                    ImageRows.floats(r, ImageRows.MASK), ImageRows.floats(r, ImageRows.PROB), w, h, eval.threshold()));
            int scale = Overlays.scale(w, h);
            String caption = e.getKey() + ": " + s.id() + " (Dice " + fmt(s.dice()) + ", IoU " + fmt(s.iou()) + ")";
            figureWithCaption(b, fs, root, "seg-overlay-" + e.getKey() + ".png", caption, png,
                    3 * w * scale + 2 * Overlays.GAP, h * scale);
        }
    }

    private static void figure(StringBuilder b, FileSystem fs, Path root, String name, String alt, byte[] png,
            int width, int height) {
        writeBytes(fs, new Path(root, "plots/" + name), png);
        b.append("<figure><img src=\"plots/").append(esc(name)).append("\" alt=\"").append(esc(alt))
                .append("\" width=\"").append(width).append("\" height=\"").append(height).append("\"></figure>");
    }

    private static void figureWithCaption(StringBuilder b, FileSystem fs, Path root, String name, String caption,
            byte[] png, int width, int height) {
        writeBytes(fs, new Path(root, "plots/" + name), png);
        b.append("<figure><img src=\"plots/").append(esc(name)).append("\" alt=\"").append(esc(caption))
                .append("\" width=\"").append(width).append("\" height=\"").append(height)
                .append("\"><figcaption>").append(esc(caption)).append("</figcaption></figure>");
    }

    private static void writeBytes(FileSystem fs, Path file, byte[] bytes) {
        try (OutputStream out = fs.create(file, true)) {
            out.write(bytes);
        } catch (IOException e) {
            throw new IoFailureException("segmentation report: cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    /** Four decimals, "—" for a missing (NaN) value. */
    static String fmt(double v) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%.4f", v) : "—";
    }
}
