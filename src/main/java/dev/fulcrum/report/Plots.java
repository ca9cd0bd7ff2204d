package dev.fulcrum.report;

import dev.fulcrum.eval.ConfusionMatrix;
import dev.fulcrum.eval.ScoreSummary;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.List;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** The report's charts as PNG bytes (XChart, headless AWT). */
final class Plots {
    static final int WIDTH = 600;
    static final int HEIGHT = 420;
    static final Color MODEL = new Color(0x1f, 0x5f, 0xbf);
    static final Color BAYES = new Color(0x2a, 0x9d, 0x4a);
    static final Color NO_SKILL = new Color(0x88, 0x88, 0x88);
    static final Color POSITIVE = new Color(0xd6, 0x3b, 0x2f);
    static final Color NEGATIVE = MODEL;
    /** Bottom of the log-scale histogram axis: below the smallest count, 1. */
    static final double LOG_FLOOR = 0.5;
    private static final BasicStroke DASHED = new BasicStroke(1.5f, BasicStroke.CAP_BUTT,
            BasicStroke.JOIN_MITER, 10f, new float[] {6f, 4f}, 0f);

    static {
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
    }

    private Plots() {
    }

    /**
     * One per-epoch series (training loss or validation PR-AUC) on a y axis from 0 (to yMax, or
     * automatic when null); epochs without a value are skipped.
     */
    static byte[] perEpoch(String title, String yLabel, double[] epochs, double[] values, Color color,
            Double yMax) {
        XYChart c = chart(title, "epoch", yLabel);
        c.getStyler().setYAxisMin(0.0).setYAxisMax(yMax);
        c.getStyler().setXAxisDecimalPattern("0");
        c.getStyler().setYAxisDecimalPattern("0.####");
        int n = 0;
        for (double v : values) {
            n += Double.isFinite(v) ? 1 : 0;
        }
        double[] x = new double[n];
        double[] y = new double[n];
        for (int i = 0, j = 0; i < values.length; i++) {
            if (Double.isFinite(values[i])) {
                x[j] = epochs[i];
                y[j++] = values[i];
            }
        }
        if (n > 0) {
            XYSeries s = c.addSeries(yLabel, x, y);
            s.setLineColor(color);
            s.setMarkerColor(color);
            s.setMarker(SeriesMarkers.CIRCLE);
        }
        c.getStyler().setLegendVisible(false);
        return png(c);
    }

    /** ROC of the model (and Bayes-optimal scores when given), the diagonal, the operating points. */
    static byte[] roc(ScoreSummary test, ScoreSummary bayes, double threshold) {
        XYChart c = chart("ROC curve (test split)", "false positive rate", "true positive rate");
        unitAxes(c);
        line(c, "no skill", new double[] {0, 1}, new double[] {0, 1}, NO_SKILL, true);
        if (bayes != null && !bayes.rocCurve().isEmpty()) {
            curve(c, String.format("Bayes-optimal (AUC %.4f)", bayes.rocAuc()), bayes.rocCurve(), BAYES);
        }
        curve(c, String.format("model (AUC %.4f)", test.rocAuc()), test.rocCurve(), MODEL);
        if (test.positives() > 0 && test.negatives() > 0) {
            point(c, "chosen threshold", test.at(threshold), true, SeriesMarkers.DIAMOND, POSITIVE);
            point(c, "threshold 0.5", test.at(0.5), true, SeriesMarkers.SQUARE, Color.BLACK);
        }
        c.getStyler().setLegendPosition(Styler.LegendPosition.InsideSE);
        return png(c);
    }

    /** Precision-recall curve with the no-skill line at the prevalence. */
    static byte[] pr(ScoreSummary test, ScoreSummary bayes, double threshold) {
        XYChart c = chart("Precision-recall curve (test split)", "recall", "precision");
        unitAxes(c);
        double prevalence = test.rows() == 0 ? 0 : (double) test.positives() / test.rows();
        line(c, String.format("no skill (prevalence %.4f)", prevalence), new double[] {0, 1},
                new double[] {prevalence, prevalence}, NO_SKILL, true);
        if (bayes != null && !bayes.prCurve().isEmpty()) {
            curve(c, String.format("Bayes-optimal (AP %.4f)", bayes.averagePrecision()), bayes.prCurve(), BAYES);
        }
        curve(c, String.format("model (AP %.4f)", test.averagePrecision()), test.prCurve(), MODEL);
        if (test.positives() > 0) {
            point(c, "chosen threshold", test.at(threshold), false, SeriesMarkers.DIAMOND, POSITIVE);
            point(c, "threshold 0.5", test.at(0.5), false, SeriesMarkers.SQUARE, Color.BLACK);
        }
        c.getStyler().setLegendPosition(Styler.LegendPosition.InsideSW);
        return png(c);
    }

    /**
     * Score histogram per class as outlined bars over {@code bins} equal-width bins; empty bins
     * draw nothing. With {@code log}, row counts on a log scale from {@link #LOG_FLOOR} (so the
     * rare class shows); otherwise each class's share of its own rows on a linear scale.
     */
    static byte[] histogram(ScoreSummary test, int bins, double threshold, boolean log) {
        XYChart c = log
                ? chart("Score histogram per class (test split, log scale)", "score", "rows (log scale)")
                : chart("Score distribution per class (share of the class)", "score", "share of the class's rows");
        double floor = log ? LOG_FLOOR : 0;
        c.getStyler().setYAxisLogarithmic(log);
        if (!log) {
            c.getStyler().setYAxisDecimalPattern("0.00");
        }
        c.getStyler().setXAxisMin(0.0).setXAxisMax(1.0);
        c.getStyler().setYAxisMin(floor);
        double max = log ? 1 : 0;
        for (boolean positive : new boolean[] {false, true}) {
            long total = positive ? test.positives() : test.negatives();
            double[] h = test.histogram(positive, bins);
            // Outlined bars from the bottom of the axis; NaN between bars breaks the line.
            double[] x = new double[5 * bins];
            double[] y = new double[5 * bins];
            int n = 0;
            for (int i = 0; i < bins; i++) {
                if (h[i] <= 0) {
                    continue;
                }
                double v = log ? h[i] : h[i] / total;
                max = Math.max(max, v);
                double lo = (double) i / bins;
                double hi = (double) (i + 1) / bins;
                double[][] corners = {{lo, floor}, {lo, v}, {hi, v}, {hi, floor}, {hi, Double.NaN}};
                for (double[] p : corners) {
                    x[n] = p[0];
                    y[n++] = p[1];
                }
            }
            if (n == 0) {
                continue;
            }
            line(c, (positive ? "positives (" : "negatives (") + total + ")", Arrays.copyOf(x, n - 1),
                    Arrays.copyOf(y, n - 1), positive ? POSITIVE : NEGATIVE, false);
        }
        double top = log ? max * 2 : Math.min(1, max * 1.1);
        c.getStyler().setYAxisMax(top);
        if (Double.isFinite(threshold)) {
            line(c, String.format("chosen threshold %.4f", threshold), new double[] {threshold, threshold},
                    new double[] {floor, top}, NO_SKILL, true);
        }
        c.getStyler().setLegendPosition(Styler.LegendPosition.InsideNE);
        return png(c);
    }

    /**
     * Reliability diagram: mean predicted probability vs observed positive rate per bin, raw scores
     * and calibrated probabilities, against the diagonal of perfect calibration; empty bins are skipped.
     */
    static byte[] reliability(dev.fulcrum.eval.Reliability r, String calibrated) {
        XYChart c = chart("Reliability (test split)", "mean predicted probability", "observed positive rate");
        unitAxes(c);
        line(c, "perfectly calibrated", new double[] {0, 1}, new double[] {0, 1}, NO_SKILL, true);
        bins(c, "raw score", r.raw(), POSITIVE);
        bins(c, calibrated, r.calibrated(), MODEL);
        c.getStyler().setLegendPosition(Styler.LegendPosition.InsideNW);
        return png(c);
    }

    private static void bins(XYChart c, String name, List<dev.fulcrum.eval.Reliability.Bin> bins, Color color) {
        List<double[]> pts = new java.util.ArrayList<>();
        for (var bin : bins) {
            if (bin.rows() > 0) {
                pts.add(new double[] {bin.meanPredicted(), bin.observedRate()});
            }
        }
        if (pts.isEmpty()) {
            return;
        }
        XYSeries s = c.addSeries(name, pts.stream().mapToDouble(p -> p[0]).toArray(),
                pts.stream().mapToDouble(p -> p[1]).toArray());
        s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
        s.setMarker(SeriesMarkers.CIRCLE);
        s.setMarkerColor(color);
        s.setLineColor(color);
    }

    private static XYChart chart(String title, String x, String y) {
        XYChart c = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(title).xAxisTitle(x).yAxisTitle(y).build();
        Styler s = c.getStyler();
        s.setChartBackgroundColor(Color.WHITE);
        s.setPlotBackgroundColor(Color.WHITE);
        s.setPlotBorderVisible(true);
        s.setLegendBorderColor(new Color(0xcc, 0xcc, 0xcc));
        s.setChartTitleFont(new Font(Font.SANS_SERIF, Font.BOLD, 14));
        s.setLegendFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        s.setAntiAlias(true);
        c.getStyler().setMarkerSize(10);
        return c;
    }

    private static void unitAxes(XYChart c) {
        c.getStyler().setXAxisMin(0.0).setXAxisMax(1.0).setYAxisMin(0.0).setYAxisMax(1.0);
    }

    private static void curve(XYChart c, String name, List<double[]> points, Color color) {
        double[] x = new double[points.size()];
        double[] y = new double[points.size()];
        for (int i = 0; i < x.length; i++) {
            x[i] = points.get(i)[0];
            y[i] = points.get(i)[1];
        }
        line(c, name, x, y, color, false);
    }

    private static void line(XYChart c, String name, double[] x, double[] y, Color color, boolean dashed) {
        XYSeries s = c.addSeries(name, x, y);
        s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
        s.setMarker(SeriesMarkers.NONE);
        s.setLineColor(color);
        s.setLineStyle(dashed ? DASHED : new BasicStroke(2f));
    }

    /** An operating point: (fpr, tpr) for ROC, (recall, precision) for PR. */
    private static void point(XYChart c, String name, ConfusionMatrix cm, boolean roc,
            org.knowm.xchart.style.markers.Marker marker, Color color) {
        double x = roc ? fraction(cm.fp(), cm.fp() + cm.tn()) : cm.recall();
        double y = roc ? cm.recall() : cm.precision();
        if (!Double.isFinite(x) || !Double.isFinite(y)) {
            return;
        }
        XYSeries s = c.addSeries(name, new double[] {x}, new double[] {y});
        s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        s.setMarker(marker);
        s.setMarkerColor(color);
    }

    private static double fraction(long a, long b) {
        return b == 0 ? Double.NaN : (double) a / b;
    }

    private static byte[] png(XYChart c) {
        try {
            return BitmapEncoder.getBitmapBytes(c, BitmapEncoder.BitmapFormat.PNG);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode chart " + c.getTitle() + " as PNG", e);
        }
    }
}
