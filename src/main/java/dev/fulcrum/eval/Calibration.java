package dev.fulcrum.eval;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A monotone map from the network's score to a probability of the positive class. After
 * resampling or class weights the network's score reflects the class ratio it was trained on, not
 * the data's: a 1:1 undersampled model says 0.5 where the true rate is far lower. Fitted on the
 * validation split (never test; resampling never touches validation, so its rate is the data's):
 * <ul>
 * <li>{@code platt}: p = σ(a·logit(s) + b), fitted by Newton's method on the validation scores with
 *     Platt's (1999) smoothed targets (N₊+1)/(N₊+2) and 1/(N₋+2). Strictly increasing (for a &gt; 0), so
 *     rankings, PR-AUC and the decisions at the mapped threshold are unchanged. A shift of b alone is
 *     the analytic prior correction, so platt subsumes {@code prior}.</li>
 * <li>{@code isotonic}: the pool-adjacent-violators fit of the labels on the scores
 *     (non-decreasing, as scikit-learn's IsotonicRegression with out_of_bounds = clip), linear
 *     between the ends of its blocks. Ties scores of a block, so it can change PR-AUC; needs many
 *     validation positives.</li>
 * <li>{@code prior}: odds × k with k = (π/(1−π)) / (π_s/(1−π_s)): π is the training split's
 *     positive rate before resampling, π_s the rate the loss saw (after resampling, positives
 *     weighted by weighted-BCE's weight) — Elkan (2001) / Dal Pozzolo et al. (2015). Fits nothing.</li>
 * <li>{@code none}: the score itself.</li>
 * </ul>
 * Serializable: scoring applies it on the executors.
 */
public final class Calibration implements Serializable {
    private static final long serialVersionUID = 1L;
    /** Scores are clipped to [EPS, 1 − EPS] before the logit. */
    static final double EPS = 1e-7;

    /** {@code evaluation.calibration}. */
    public enum Method {
        NONE, PRIOR, PLATT, ISOTONIC;

        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private final Method method;
    private final double a;
    private final double b;
    private final double[] xs;
    private final double[] ys;

    private Calibration(Method method, double a, double b, double[] xs, double[] ys) {
        this.method = method;
        this.a = a;
        this.b = b;
        this.xs = xs;
        this.ys = ys;
    }

    public static final Calibration NONE = new Calibration(Method.NONE, 1, 0, null, null);

    public Method method() {
        return method;
    }

    /** The calibrated probability of a score in [0, 1]. */
    public double apply(double s) {
        return switch (method) {
            case NONE -> s;
            case PRIOR, PLATT -> sigmoid(a * logit(s) + b);
            case ISOTONIC -> interpolate(s);
        };
    }

    /**
     * The prior correction: odds multiplied by {@code k} = (π/(1−π)) / (π_s/(1−π_s)), i.e. a = 1,
     * b = log k in the logit form.
     *
     * @param dataRate    π, the positive rate of the data (the training split before resampling)
     * @param trainedRate π_s, the effective positive rate the loss saw
     */
    public static Calibration prior(double dataRate, double trainedRate) {
        if (!(dataRate > 0 && dataRate < 1 && trainedRate > 0 && trainedRate < 1)) {
            throw new IllegalArgumentException("prior correction needs rates in (0, 1); got " + dataRate + " and "
                    + trainedRate);
        }
        double k = (dataRate / (1 - dataRate)) / (trainedRate / (1 - trainedRate));
        return new Calibration(Method.PRIOR, 1, Math.log(k), null, null);
    }

    /** Platt scaling fitted on a validation summary's (score, positives, negatives) table. */
    public static Calibration platt(ScoreSummary validation) {
        return platt(validation.counts(), validation.positives(), validation.negatives());
    }

    static Calibration platt(double[][] counts, long positives, long negatives) {
        if (positives == 0 || negatives == 0) {
            throw new IllegalArgumentException("Platt scaling needs both classes on validation; got " + positives
                    + " positives, " + negatives + " negatives");
        }
        double hi = (positives + 1.0) / (positives + 2.0);
        double lo = 1.0 / (negatives + 2.0);
        int n = counts.length;
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = logit(counts[i][0]);
        }
        // Minimise the cross-entropy of σ(a·x + b) against the smoothed targets; each distinct score
        // is one weighted point: p positives with target hi, n negatives with target lo.
        double a = 1;
        double b = Math.log((positives + 1.0) / (negatives + 1.0));
        double f = plattLoss(counts, x, a, b, hi, lo);
        for (int iter = 0; iter < 100; iter++) {
            double ga = 0, gb = 0, haa = 0, hab = 0, hbb = 0;
            for (int i = 0; i < n; i++) {
                double w = counts[i][1] + counts[i][2];
                if (w == 0) {
                    continue;
                }
                double t = (counts[i][1] * hi + counts[i][2] * lo) / w;
                double p = sigmoid(a * x[i] + b);
                double d = w * (p - t);
                double h = w * p * (1 - p);
                ga += d * x[i];
                gb += d;
                haa += h * x[i] * x[i];
                hab += h * x[i];
                hbb += h;
            }
            // Levenberg-style damping keeps the step defined when the Hessian is (nearly) singular
            double lambda = 1e-12 * (haa + hbb) + 1e-300;
            double step = 1;
            double det = (haa + lambda) * (hbb + lambda) - hab * hab;
            double da = ((hbb + lambda) * ga - hab * gb) / det;
            double db = ((haa + lambda) * gb - hab * ga) / det;
            double next;
            while (true) {
                next = plattLoss(counts, x, a - step * da, b - step * db, hi, lo);
                if (next <= f || step < 1e-10) {
                    break;
                }
                step /= 2;
            }
            a -= step * da;
            b -= step * db;
            boolean done = Math.abs(f - next) <= 1e-12 * Math.max(1, Math.abs(f));
            f = next;
            if (done) {
                break;
            }
        }
        return new Calibration(Method.PLATT, a, b, null, null);
    }

    private static double plattLoss(double[][] counts, double[] x, double a, double b, double hi, double lo) {
        double loss = 0;
        for (int i = 0; i < counts.length; i++) {
            double z = a * x[i] + b;
            // log σ(z) and log(1 − σ(z)) without overflow
            double logP = -softplus(-z);
            double log1mP = -softplus(z);
            double p = counts[i][1];
            double q = counts[i][2];
            loss -= p * (hi * logP + (1 - hi) * log1mP) + q * (lo * logP + (1 - lo) * log1mP);
        }
        return loss;
    }

    /** Isotonic regression (pool adjacent violators) fitted on a validation summary's table. */
    public static Calibration isotonic(ScoreSummary validation) {
        return isotonic(validation.counts());
    }

    static Calibration isotonic(double[][] counts) {
        // blocks of (weight, positives, min score, max score), merged while a block's mean is below its predecessor's
        List<double[]> blocks = new ArrayList<>();
        for (double[] c : counts) {
            double w = c[1] + c[2];
            if (w == 0) {
                continue;
            }
            blocks.add(new double[] {w, c[1], c[0], c[0]});
            while (blocks.size() > 1) {
                double[] last = blocks.get(blocks.size() - 1);
                double[] prev = blocks.get(blocks.size() - 2);
                if (prev[1] / prev[0] < last[1] / last[0]) {
                    break;
                }
                prev[0] += last[0];
                prev[1] += last[1];
                prev[3] = last[3];
                blocks.remove(blocks.size() - 1);
            }
        }
        if (blocks.isEmpty()) {
            throw new IllegalArgumentException("isotonic calibration needs validation rows; got none");
        }
        List<double[]> points = new ArrayList<>();
        for (double[] bl : blocks) {
            double v = bl[1] / bl[0];
            points.add(new double[] {bl[2], v});
            if (bl[3] > bl[2]) {
                points.add(new double[] {bl[3], v});
            }
        }
        double[] xs = points.stream().mapToDouble(p -> p[0]).toArray();
        double[] ys = points.stream().mapToDouble(p -> p[1]).toArray();
        return new Calibration(Method.ISOTONIC, 1, 0, xs, ys);
    }

    private double interpolate(double s) {
        if (s <= xs[0]) {
            return ys[0];
        }
        int last = xs.length - 1;
        if (s >= xs[last]) {
            return ys[last];
        }
        int i = Arrays.binarySearch(xs, s);
        if (i >= 0) {
            return ys[i]; // xs is strictly increasing: every score lies in one block
        }
        int hiIdx = -i - 1;
        int loIdx = hiIdx - 1;
        double t = (s - xs[loIdx]) / (xs[hiIdx] - xs[loIdx]);
        return ys[loIdx] + t * (ys[hiIdx] - ys[loIdx]);
    }

    /** The parameters as bundle.json and metrics.json hold them. */
    public Map<String, Object> describe() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("method", method.id());
        switch (method) {
            case PRIOR, PLATT -> {
                m.put("a", a);
                m.put("b", b);
            }
            case ISOTONIC -> {
                m.put("x", Arrays.stream(xs).boxed().toList());
                m.put("y", Arrays.stream(ys).boxed().toList());
            }
            case NONE -> {
            }
        }
        return m;
    }

    /**
     * Rebuilds a calibration from {@link #describe()}'s map (bundle.json).
     *
     * @throws IllegalArgumentException when the map is not one {@link #describe()} writes
     */
    public static Calibration fromDescription(Map<String, Object> m) {
        Object method = m.get("method");
        Method kind = Arrays.stream(Method.values()).filter(k -> k.id().equals(method)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("calibration.method must be one of none, prior, "
                        + "platt, isotonic; got " + method));
        return switch (kind) {
            case NONE -> NONE;
            case PRIOR, PLATT -> {
                double a = finite(m.get("a"), "a");
                double b = finite(m.get("b"), "b");
                if (!(a > 0)) {
                    throw new IllegalArgumentException("calibration.a must be > 0 (a decreasing map would reverse "
                            + "the ranking); got " + a);
                }
                yield new Calibration(kind, a, b, null, null);
            }
            case ISOTONIC -> {
                double[] xs = numbers(m.get("x"), "x");
                double[] ys = numbers(m.get("y"), "y");
                if (xs.length == 0 || xs.length != ys.length) {
                    throw new IllegalArgumentException("calibration.x and calibration.y must be non-empty and of equal "
                            + "length; got " + xs.length + " and " + ys.length);
                }
                for (int i = 1; i < xs.length; i++) {
                    if (xs[i] < xs[i - 1] || ys[i] < ys[i - 1]) {
                        throw new IllegalArgumentException("calibration.x and calibration.y must be non-decreasing; "
                                + "not at index " + i);
                    }
                }
                for (double y : ys) {
                    if (y < 0 || y > 1) {
                        throw new IllegalArgumentException("calibration.y must lie in [0, 1]; got " + y);
                    }
                }
                yield new Calibration(kind, 1, 0, xs, ys);
            }
        };
    }

    private static double finite(Object v, String key) {
        if (!(v instanceof Number n) || !Double.isFinite(n.doubleValue())) {
            throw new IllegalArgumentException("calibration." + key + " must be a finite number; got " + v);
        }
        return n.doubleValue();
    }

    private static double[] numbers(Object v, String key) {
        if (!(v instanceof List<?> l)) {
            throw new IllegalArgumentException("calibration." + key + " must be a list of numbers; got " + v);
        }
        double[] out = new double[l.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = finite(l.get(i), key + "[" + i + "]");
        }
        return out;
    }

    static double logit(double s) {
        double c = Math.min(1 - EPS, Math.max(EPS, s));
        return Math.log(c / (1 - c));
    }

    static double sigmoid(double z) {
        return z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z));
    }

    private static double softplus(double z) {
        return z > 30 ? z : Math.log1p(Math.exp(z));
    }

    @Override
    public String toString() {
        return switch (method) {
            case NONE -> "none";
            case PRIOR, PLATT -> String.format(Locale.ROOT, "%s (p = sigmoid(%.4f * logit(s) %+.4f))", method.id(), a, b);
            case ISOTONIC -> "isotonic (" + xs.length + " points)";
        };
    }
}
