package dev.fulcrum.eval;

import java.util.ArrayList;
import java.util.List;

/**
 * How well probabilities match observed rates on one split: the Brier score of the raw scores and
 * of the calibrated probabilities, and a reliability diagram of each ({@code bins} equal-width bins
 * over [0, 1]: rows, mean predicted probability, observed positive rate). Computed from the split's
 * {@link ScoreSummary} table, so exact when {@link ScoreSummary#exact()} (else each thinned group
 * counts at its kept score).
 */
public record Reliability(double brierRaw, double brierCalibrated, boolean exact, List<Bin> raw, List<Bin> calibrated) {

    /** One bin: [lo, hi), the last one closed. {@code meanPredicted} / {@code observedRate} are NaN when empty. */
    public record Bin(double lo, double hi, long rows, double meanPredicted, double observedRate) {
    }

    public static Reliability of(ScoreSummary split, Calibration calibration, int bins) {
        if (bins < 1) {
            throw new IllegalArgumentException("bins must be >= 1; got " + bins);
        }
        double[][] counts = split.counts();
        double rawSq = 0;
        double calSq = 0;
        long rows = 0;
        double[][] rawAcc = new double[bins][3];
        double[][] calAcc = new double[bins][3];
        for (double[] c : counts) {
            double s = c[0];
            double pos = c[1];
            double neg = c[2];
            double p = calibration.apply(s);
            rawSq += pos * (1 - s) * (1 - s) + neg * s * s;
            calSq += pos * (1 - p) * (1 - p) + neg * p * p;
            rows += (long) (pos + neg);
            add(rawAcc[bin(s, bins)], s, pos, neg);
            add(calAcc[bin(p, bins)], p, pos, neg);
        }
        return new Reliability(rows == 0 ? Double.NaN : rawSq / rows, rows == 0 ? Double.NaN : calSq / rows,
                split.exact(), bins(rawAcc), bins(calAcc));
    }

    private static void add(double[] acc, double p, double pos, double neg) {
        acc[0] += pos + neg;
        acc[1] += p * (pos + neg);
        acc[2] += pos;
    }

    private static int bin(double p, int bins) {
        return Math.min(bins - 1, (int) Math.floor(p * bins));
    }

    private static List<Bin> bins(double[][] acc) {
        List<Bin> out = new ArrayList<>();
        int n = acc.length;
        for (int i = 0; i < n; i++) {
            double w = acc[i][0];
            out.add(new Bin((double) i / n, (double) (i + 1) / n, (long) w, w == 0 ? Double.NaN : acc[i][1] / w,
                    w == 0 ? Double.NaN : acc[i][2] / w));
        }
        return List.copyOf(out);
    }
}
