package dev.fulcrum.segeval;

import dev.fulcrum.eval.ConfusionMatrix;
import dev.fulcrum.eval.ScoreSummary;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** The segmentation charts as PNG bytes (XChart, headless), in the look of the run report's. */
final class SegPlots {
    static final int WIDTH = 600;
    static final int HEIGHT = 420;
    static final Color MODEL = new Color(0x1f, 0x5f, 0xbf);
    static final Color NO_SKILL = new Color(0x88, 0x88, 0x88);
    static final Color POINT = new Color(0xd6, 0x3b, 0x2f);

    static {
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
    }

    private SegPlots() {
    }

    /** Counts of per-image Dice in {@code bins} equal-width bins over [0,1]; Dice 1 in the last bin. */
    static long[] diceCounts(double[] dice, int bins) {
        long[] counts = new long[bins];
        for (double d : dice) {
            counts[Math.min(bins - 1, (int) Math.floor(d * bins))]++;
        }
        return counts;
    }

    static byte[] diceHistogram(double[] dice, int bins) {
        CategoryChart c = new CategoryChartBuilder().width(WIDTH).height(HEIGHT)
                .title("Per-image Dice (" + dice.length + " images)").xAxisTitle("Dice (bin lower edge; 1.0 in the last bin)").yAxisTitle("images").build();
        style(c.getStyler());
        c.getStyler().setLegendVisible(false);
        c.getStyler().setAvailableSpaceFill(0.95);
        c.getStyler().setXAxisLabelRotation(45);
        c.getStyler().setYAxisDecimalPattern("0");
        c.getStyler().setSeriesColors(new Color[] {MODEL});
        long[] counts = diceCounts(dice, bins);
        List<String> labels = new ArrayList<>();
        List<Long> values = new ArrayList<>();
        for (int i = 0; i < bins; i++) {
            labels.add(String.format(Locale.ROOT, "%.2f", (double) i / bins));
            values.add(counts[i]);
        }
        c.addSeries("images", labels, values);
        return png(c);
    }

    /** Pixel precision-recall curve, the no-skill line at the pixel prevalence, the operating point. */
    static byte[] prCurve(ScoreSummary pixels, ConfusionMatrix at, double threshold) {
        XYChart c = new XYChartBuilder().width(WIDTH).height(HEIGHT).title("Pixel precision-recall curve")
                .xAxisTitle("recall").yAxisTitle("precision").build();
        style(c.getStyler());
        c.getStyler().setXAxisMin(0.0).setXAxisMax(1.0).setYAxisMin(0.0).setYAxisMax(1.0);
        c.getStyler().setLegendPosition(Styler.LegendPosition.InsideSW);
        double prevalence = pixels.rows() == 0 ? 0 : (double) pixels.positives() / pixels.rows();
        line(c, String.format(Locale.ROOT, "no skill (prevalence %.4f)", prevalence), new double[] {0, 1},
                new double[] {prevalence, prevalence}, NO_SKILL,
                new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {6f, 4f}, 0f));
        List<double[]> pts = pixels.prCurve();
        if (!pts.isEmpty()) {
            double[] x = new double[pts.size()];
            double[] y = new double[pts.size()];
            for (int i = 0; i < x.length; i++) {
                x[i] = pts.get(i)[0];
                y[i] = pts.get(i)[1];
            }
            line(c, String.format(Locale.ROOT, "model (AP %.4f)", pixels.averagePrecision()), x, y, MODEL,
                    new BasicStroke(2f));
        }
        if (at.positives() > 0) {
            XYSeries p = c.addSeries(String.format(Locale.ROOT, "threshold %.4f", threshold),
                    new double[] {at.recall()}, new double[] {at.precision()});
            p.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
            p.setMarker(SeriesMarkers.DIAMOND);
            p.setMarkerColor(POINT);
        }
        return png(c);
    }

    private static void line(XYChart c, String name, double[] x, double[] y, Color color, BasicStroke stroke) {
        XYSeries s = c.addSeries(name, x, y);
        s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
        s.setMarker(SeriesMarkers.NONE);
        s.setLineColor(color);
        s.setLineStyle(stroke);
    }

    private static void style(Styler s) {
        s.setChartBackgroundColor(Color.WHITE);
        s.setPlotBackgroundColor(Color.WHITE);
        s.setPlotBorderVisible(true);
        s.setLegendBorderColor(new Color(0xcc, 0xcc, 0xcc));
        s.setChartTitleFont(new Font(Font.SANS_SERIF, Font.BOLD, 14));
        s.setLegendFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        s.setAntiAlias(true);
        s.setMarkerSize(10);
    }

    private static byte[] png(Chart<?, ?> c) {
        try {
            return BitmapEncoder.getBitmapBytes(c, BitmapEncoder.BitmapFormat.PNG);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode chart " + c.getTitle() + " as PNG", e);
        }
    }
}
