package dev.fulcrum.eval;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * Driver-side, immutable summary of (score, label) pairs built by
 * {@link BinaryEvaluator#summarize} (or {@link #of} for small in-memory sets). Holds the class
 * counts, the exact ROC-AUC / average precision / Brier score, 1000-bin score histograms per class
 * and a table of cumulative confusion counts at distinct scores (descending).
 *
 * <p>When {@link #exact()} is true the table holds every distinct score and everything here is
 * exact. Otherwise it holds a rank-spaced subset (see the package doc): ROC-AUC, AP, Brier,
 * counts, histograms and {@link #at} are still exact ({@code at} then may run one distributed
 * count), while {@link #recallAtPrecision}, {@link #precisionAtRecall} and the threshold selector
 * consider only the retained scores.
 */
public final class ScoreSummary {
    /** Resolution of the stored histograms; {@link #histogram} bins must divide it. */
    public static final int HISTOGRAM_RESOLUTION = 1000;
    /** Upper bound on the points of {@link #rocCurve} / {@link #prCurve} (plus the start point). */
    public static final int MAX_CURVE_POINTS = 1000;

    /** Exact count at a threshold by another pass over the data (used when the table is thinned). */
    interface ExactCounter {
        ConfusionMatrix at(double threshold);
    }

    private final long positives;
    private final long negatives;
    private final long distinctScores;
    private final double rocAuc;
    private final double averagePrecision;
    private final double brier;
    private final double[] thresholds;
    private final long[] tp;
    private final long[] fp;
    private final long[] histPos;
    private final long[] histNeg;
    private final ExactCounter counter;

    ScoreSummary(long positives, long negatives, long distinctScores, double aucNumerator,
            double apNumerator, double brierSum, double[] thresholds, long[] tp, long[] fp,
            long[] histPos, long[] histNeg, ExactCounter counter) {
        this.positives = positives;
        this.negatives = negatives;
        this.distinctScores = distinctScores;
        this.rocAuc = positives == 0 || negatives == 0 ? Double.NaN
                : aucNumerator / (2.0 * positives * negatives);
        this.averagePrecision = positives == 0 ? Double.NaN : apNumerator / positives;
        this.brier = positives + negatives == 0 ? Double.NaN : brierSum / (positives + negatives);
        this.thresholds = thresholds;
        this.tp = tp;
        this.fp = fp;
        this.histPos = histPos;
        this.histNeg = histNeg;
        this.counter = thresholds.length == distinctScores ? null : counter;
        if (thresholds.length != distinctScores && counter == null) {
            throw new IllegalArgumentException("a thinned table needs an exact counter");
        }
    }

    /**
     * Exact summary of small in-memory arrays (tests, hand-made validation sets): same arithmetic
     * as the distributed path with one partition.
     *
     * @param scores scores in [0,1]
     * @param labels labels 0 or 1, same length
     */
    public static ScoreSummary of(double[] scores, double[] labels) {
        if (scores.length != labels.length) {
            throw new IllegalArgumentException("scores and labels must have the same length; got "
                    + scores.length + " and " + labels.length);
        }
        Integer[] order = new Integer[scores.length];
        for (int i = 0; i < order.length; i++) {
            BinaryEvaluator.checkScore(scores[i]);
            BinaryEvaluator.checkLabel(labels[i]);
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Double.compare(scores[b], scores[a]));
        long distinct = 0;
        for (int i = 0; i < order.length; i++) {
            if (i == 0 || scores[order[i]] != scores[order[i - 1]]) {
                distinct++;
            }
        }
        RankScan scan = new RankScan(0, 0, 0, 0, distinct, Integer.MAX_VALUE);
        long[] hp = new long[HISTOGRAM_RESOLUTION];
        long[] hn = new long[HISTOGRAM_RESOLUTION];
        long pos = 0;
        long neg = 0;
        double brierSum = 0;
        for (int i = 0; i < order.length;) {
            double s = scores[order[i]];
            long p = 0;
            long n = 0;
            for (; i < order.length && scores[order[i]] == s; i++) {
                if (labels[order[i]] == 1.0) {
                    p++;
                } else {
                    n++;
                }
            }
            scan.add(s, p, n);
            pos += p;
            neg += n;
            brierSum += BinaryEvaluator.brierTerm(s, p, n);
            hp[BinaryEvaluator.fineBin(s)] += p;
            hn[BinaryEvaluator.fineBin(s)] += n;
        }
        scan.trim();
        return new ScoreSummary(pos, neg, distinct, scan.aucNumerator, scan.apNumerator, brierSum,
                scan.thresholds, scan.tp, scan.fp, hp, hn, null);
    }

    public long positives() {
        return positives;
    }

    public long negatives() {
        return negatives;
    }

    public long rows() {
        return positives + negatives;
    }

    /** Number of distinct scores in the data. */
    public long distinctScores() {
        return distinctScores;
    }

    /** True when the table holds every distinct score (see the class doc). */
    public boolean exact() {
        return counter == null;
    }

    /** Exact ROC-AUC as scikit-learn's roc_auc_score; NaN when a class is absent. */
    public double rocAuc() {
        return rocAuc;
    }

    /** Exact average precision as scikit-learn's average_precision_score; NaN without positives. */
    public double averagePrecision() {
        return averagePrecision;
    }

    /** Mean of (score − label)²; NaN for an empty set. */
    public double brier() {
        return brier;
    }

    /** Confusion matrix of "predicted positive iff score >= threshold"; always exact. */
    public ConfusionMatrix at(double threshold) {
        if (Double.isNaN(threshold)) {
            throw new IllegalArgumentException("threshold must be a number; got NaN");
        }
        int k = lastIndexAtLeast(threshold);
        if (k < 0) {
            return new ConfusionMatrix(0, 0, negatives, positives);
        }
        if (counter == null || thresholds[k] == threshold || k == thresholds.length - 1) {
            return candidate(k);
        }
        return counter.at(threshold);
    }

    /** Largest k with thresholds[k] >= t (thresholds descending), or -1. */
    private int lastIndexAtLeast(double t) {
        int lo = 0;
        int hi = thresholds.length - 1;
        int found = -1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (thresholds[mid] >= t) {
                found = mid;
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        return found;
    }

    /** Number of candidate thresholds held (every distinct score when {@link #exact()}). */
    int candidateCount() {
        return thresholds.length;
    }

    /** The k-th candidate threshold, descending. */
    double candidateThreshold(int k) {
        return thresholds[k];
    }

    /** Exact confusion matrix at the k-th candidate threshold. */
    ConfusionMatrix candidate(int k) {
        return new ConfusionMatrix(tp[k], fp[k], negatives - fp[k], positives - tp[k]);
    }

    private int[] curveIndices() {
        int n = thresholds.length;
        if (n <= MAX_CURVE_POINTS) {
            int[] all = new int[n];
            Arrays.setAll(all, i -> i);
            return all;
        }
        List<Integer> keep = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            if (RankScan.retained(i, n, MAX_CURVE_POINTS)) {
                keep.add(i);
            }
        }
        return keep.stream().mapToInt(Integer::intValue).toArray();
    }

    /**
     * The table as (score, positives, negatives) rows in increasing score order: the rows scoring
     * exactly that value when {@link #exact()}, else the rows scoring in (previous kept score,
     * this one] attributed to the kept score. What calibration is fitted and measured on.
     */
    public double[][] counts() {
        double[][] out = new double[thresholds.length][];
        for (int k = 0; k < thresholds.length; k++) {
            long p = tp[k] - (k == 0 ? 0 : tp[k - 1]);
            long n = fp[k] - (k == 0 ? 0 : fp[k - 1]);
            out[thresholds.length - 1 - k] = new double[] {thresholds[k], p, n};
        }
        return out;
    }

    /**
     * ROC points (fpr, tpr) from (0,0) through decreasing thresholds to (1,1), at most
     * {@link #MAX_CURVE_POINTS} + 1 points evenly spaced in rank; empty when a class is absent.
     */
    public List<double[]> rocCurve() {
        if (positives == 0 || negatives == 0) {
            return Collections.emptyList();
        }
        List<double[]> out = new ArrayList<>();
        out.add(new double[] {0, 0});
        for (int k : curveIndices()) {
            out.add(new double[] {(double) fp[k] / negatives, (double) tp[k] / positives});
        }
        return Collections.unmodifiableList(out);
    }

    /**
     * Precision-recall points (recall, precision): the start point (0, 1) as scikit-learn, then
     * one point per kept threshold in decreasing threshold order; empty without positives.
     */
    public List<double[]> prCurve() {
        if (positives == 0) {
            return Collections.emptyList();
        }
        List<double[]> out = new ArrayList<>();
        out.add(new double[] {0, 1});
        for (int k : curveIndices()) {
            out.add(new double[] {(double) tp[k] / positives, (double) tp[k] / (tp[k] + fp[k])});
        }
        return Collections.unmodifiableList(out);
    }

    /**
     * Score counts of one class in {@code bins} equal-width bins over [0,1]; bin i holds the scores
     * with floor(1000·s) in [i·1000/bins, (i+1)·1000/bins), score 1.0 in the last bin.
     *
     * @param bins a divisor of {@link #HISTOGRAM_RESOLUTION} (e.g. 10, 20, 25, 50, 100)
     */
    public double[] histogram(boolean positives, int bins) {
        if (bins < 1 || HISTOGRAM_RESOLUTION % bins != 0) {
            throw new IllegalArgumentException("bins must divide " + HISTOGRAM_RESOLUTION
                    + "; got " + bins);
        }
        long[] src = positives ? histPos : histNeg;
        int width = HISTOGRAM_RESOLUTION / bins;
        double[] out = new double[bins];
        for (int i = 0; i < src.length; i++) {
            out[i / width] += src[i];
        }
        return out;
    }

    /**
     * Highest recall over the candidate thresholds whose precision is >= p; 0 when none reaches
     * p; NaN without positives.
     */
    public double recallAtPrecision(double p) {
        checkUnit("precision", p);
        if (positives == 0) {
            return Double.NaN;
        }
        double best = 0;
        for (int k = 0; k < thresholds.length; k++) {
            ConfusionMatrix cm = candidate(k);
            if (cm.precision() >= p) {
                best = Math.max(best, cm.recall());
            }
        }
        return best;
    }

    /**
     * Highest precision over the candidate thresholds whose recall is >= r; NaN without
     * positives (the lowest threshold always reaches recall 1).
     */
    public double precisionAtRecall(double r) {
        checkUnit("recall", r);
        if (positives == 0) {
            return Double.NaN;
        }
        double best = 0;
        for (int k = 0; k < thresholds.length; k++) {
            ConfusionMatrix cm = candidate(k);
            if (cm.recall() >= r) {
                best = Math.max(best, cm.precision());
            }
        }
        return best;
    }

    private static void checkUnit(String what, double v) {
        if (!(v >= 0 && v <= 1)) {
            throw new IllegalArgumentException(what + " must be in [0,1]; got " + v);
        }
    }

    @Override
    public String toString() {
        return "ScoreSummary(positives=" + positives + ", negatives=" + negatives + ", distinct="
                + distinctScores + ", rocAuc=" + rocAuc + ", ap=" + averagePrecision + ", brier="
                + brier + ", exact=" + exact() + ")";
    }
}
