package dev.fulcrum.compare;

import java.util.List;
import java.util.Locale;

/**
 * compare.html: a self-contained page (no scripts, no external files) with the leaderboard table
 * sorted by mean test PR-AUC and an inline-SVG overlay of the test PR curves of the best few
 * entries (each from its first successful seed).
 */
public final class CompareHtml {
    private static final String[] COLORS = {"#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b",
        "#e377c2", "#7f7f7f", "#bcbd22", "#17becf"};
    private static final int W = 640;
    private static final int H = 420;
    private static final int PAD = 50;

    private CompareHtml() {
    }

    /** @param report null-safe in its parts: a missing data or protocol block is shown as "—" */
    public static String render(CompareReport report, Leaderboard board, int curves) {
        StringBuilder h = new StringBuilder(16_384);
        h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>Fulcrum comparison ")
                .append(esc(report.compareRunId())).append("</title>\n<style>")
                .append("body{font-family:sans-serif;margin:2em;color:#222}table{border-collapse:collapse;font-size:13px}")
                .append("th,td{border:1px solid #ccc;padding:4px 8px;text-align:right}td.l,th.l{text-align:left}")
                .append("tr.baseline{background:#f4f4f4}code{background:#f4f4f4;padding:1px 3px}")
                .append("</style></head><body>\n<h1>Loss × sampling comparison</h1>\n");
        h.append("<p>Run <code>").append(esc(report.compareRunId())).append("</code>; data ")
                .append(esc(describe(report.data()))).append("</p>\n<p>Protocol: ")
                .append(esc(describe(report.protocol()))).append("</p>\n");
        h.append("<table><tr><th>#</th><th class=\"l\">entry</th><th>PR-AUC</th><th>PR-AUC / Bayes</th>")
                .append("<th>ROC-AUC</th><th>recall @ precision 0.9</th><th>F1 @ tuned threshold</th>")
                .append("<th>frauds caught @ tuned</th><th>false alarms @ tuned</th><th>train s</th><th>runs ok</th></tr>\n");
        List<Leaderboard.Entry> entries = board.entries();
        for (int i = 0; i < entries.size(); i++) {
            Leaderboard.Entry e = entries.get(i);
            long ok = e.runs().stream().filter(RunMetrics::ok).count();
            h.append("<tr").append(e.kind().equals("baseline") ? " class=\"baseline\"" : "").append("><td>")
                    .append(i + 1).append("</td><td class=\"l\">").append(esc(e.name())).append("</td><td>")
                    .append(e.prAuc().format(4)).append("</td><td>")
                    .append(e.stat(RunMetrics::bayesFraction).format(3)).append("</td><td>")
                    .append(e.stat(RunMetrics::rocAuc).format(4)).append("</td><td>")
                    .append(e.stat(RunMetrics::recallAtPrecision90).format(3)).append("</td><td>")
                    .append(e.stat(RunMetrics::f1).format(3)).append("</td><td>")
                    .append(e.stat(RunMetrics::caught).format(1)).append(" / ").append(positives(e)).append("</td><td>")
                    .append(e.stat(RunMetrics::falseAlarms).format(1)).append("</td><td>")
                    .append(e.stat(RunMetrics::trainSeconds).format(1)).append("</td><td>")
                    .append(ok).append('/').append(e.runs().size()).append("</td></tr>\n");
        }
        h.append("</table>\n<p>mean ± sample standard deviation over seeds, test split; the threshold is tuned on "
                + "validation. Grey rows are the baselines (MLlib, XGBoost).</p>\n");
        h.append("<h2>Test PR curves of the best ").append(Math.min(curves, entries.size())).append("</h2>\n");
        h.append(svg(entries.subList(0, Math.min(curves, entries.size()))));
        h.append("\n</body></html>\n");
        return h.toString();
    }

    private static String describe(Object part) {
        return part == null ? "—" : String.valueOf(part);
    }

    /** Test positives per run: one number when every seed's split has the same count (stratified splits do). */
    private static String positives(Leaderboard.Entry e) {
        List<Long> p = e.runs().stream().map(RunMetrics::testPositives).distinct().toList();
        return p.size() == 1 ? String.valueOf(p.get(0)) : p.toString();
    }

    static String svg(List<Leaderboard.Entry> best) {
        StringBuilder s = new StringBuilder();
        int legendH = 18 * best.size() + 10;
        s.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(W).append("\" height=\"")
                .append(H + legendH).append("\" font-size=\"12\">\n");
        s.append("<rect x=\"").append(PAD).append("\" y=\"10\" width=\"").append(W - PAD - 10).append("\" height=\"")
                .append(H - PAD - 10).append("\" fill=\"none\" stroke=\"#888\"/>\n");
        for (int k = 0; k <= 10; k += 2) {
            double v = k / 10.0;
            s.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%.1f</text>",
                    x(v), H - PAD + 18, v));
            s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%.1f</text>\n",
                    PAD - 5, y(v) + 4, v));
        }
        s.append("<text x=\"").append((W + PAD) / 2).append("\" y=\"").append(H - 12)
                .append("\" text-anchor=\"middle\">recall</text>");
        s.append("<text x=\"14\" y=\"").append(H / 2).append("\" transform=\"rotate(-90 14 ").append(H / 2)
                .append(")\" text-anchor=\"middle\">precision</text>\n");
        for (int i = 0; i < best.size(); i++) {
            Leaderboard.Entry e = best.get(i);
            String color = COLORS[i % COLORS.length];
            List<double[]> curve = e.runs().stream().filter(RunMetrics::ok).map(RunMetrics::prCurve)
                    .filter(c -> !c.isEmpty()).findFirst().orElse(List.of());
            if (!curve.isEmpty()) {
                s.append("<polyline fill=\"none\" stroke-width=\"1.5\" stroke=\"").append(color).append("\" points=\"");
                for (double[] p : curve) {
                    s.append(String.format(Locale.ROOT, "%.1f,%.1f ", x(p[0]), y(p[1])));
                }
                s.append("\"/>\n");
            }
            int ly = H + 8 + 18 * i;
            s.append("<line x1=\"").append(PAD).append("\" x2=\"").append(PAD + 24).append("\" y1=\"").append(ly)
                    .append("\" y2=\"").append(ly).append("\" stroke=\"").append(color).append("\" stroke-width=\"3\"/>")
                    .append("<text x=\"").append(PAD + 30).append("\" y=\"").append(ly + 4).append("\">")
                    .append(esc(e.name() + "  (PR-AUC " + e.prAuc().format(4) + ")")).append("</text>\n");
        }
        return s.append("</svg>").toString();
    }

    private static double x(double recall) {
        return PAD + recall * (W - PAD - 10);
    }

    private static double y(double precision) {
        return 10 + (1 - precision) * (H - PAD - 10);
    }

    static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
