package dev.fulcrum.features;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_list;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Exact quantiles of numeric columns with numpy's default ("linear") definition: for {@code n}
 * values sorted ascending, quantile {@code p} is the value at rank {@code h = p(n-1)} interpolated
 * between ranks {@code floor(h)} and {@code ceil(h)} — what scikit-learn's RobustScaler uses.
 *
 * <p>Why not Spark's approximate quantiles: their sketches are merged in task completion order, so
 * the same rows can give a different answer on every run (a RobustScaler range differed in the
 * fourth digit between two fits of one split), and everything downstream — resampling, minibatch
 * order, the model — follows. Here the answer depends on the values only: one approximate pass
 * brackets each quantile within a band of about {@code 6·eps·n} rows, one exact pass counts the
 * rows below the band and collects the band, and the driver sorts the band. Two passes over the
 * data (all columns in the same two), linear in rows; the driver holds a few thousand values per
 * quantile.
 */
final class ExactQuantiles {
    private static final Logger LOG = LoggerFactory.getLogger(ExactQuantiles.class);
    /** Relative rank error of the bracketing pass. */
    static final double EPS = 0.001;
    /** Bracket half-width in ranks, as a multiple of EPS·n; the sketch guarantees 1. */
    private static final double MARGIN = 3;

    private ExactQuantiles() {
    }

    /**
     * @param data  rows holding the columns (finite values; nulls are not counted)
     * @param cols  column names (plain, already quoted if they need it)
     * @param probs quantiles in [0, 1]
     * @return {@code q[c][j]}: quantile {@code probs[j]} of column {@code cols[c]}; NaN when the column is empty
     */
    static double[][] of(Dataset<Row> data, String[] cols, double[] probs) {
        double[][] brackets = data.stat().approxQuantile(cols, bracketProbs(probs), EPS);
        return exact(data, cols, probs, brackets);
    }

    /** What the approximate pass is asked for: each quantile's band edges, {@code MARGIN·EPS} either side. */
    static double[] bracketProbs(double[] probs) {
        double[] bracketProbs = new double[2 * probs.length];
        for (int j = 0; j < probs.length; j++) {
            bracketProbs[2 * j] = Math.max(0, probs[j] - MARGIN * EPS);
            bracketProbs[2 * j + 1] = Math.min(1, probs[j] + MARGIN * EPS);
        }
        return bracketProbs;
    }

    /**
     * The exact quantiles from brackets ({@code brackets[c]}: the approximate values at
     * {@link #bracketProbs}, empty when column {@code c} is empty): one pass counting the rows
     * below each band and collecting the band. The answer depends on the values only, whichever
     * sketch bracketed them (a bracket that misses its ranks falls back to collecting the column).
     */
    static double[][] exact(Dataset<Row> data, String[] cols, double[] probs, double[][] brackets) {
        double[][] lo = new double[cols.length][probs.length];
        double[][] hi = new double[cols.length][probs.length];
        for (int c = 0; c < cols.length; c++) {
            for (int j = 0; j < probs.length; j++) {
                lo[c][j] = brackets[c].length == 0 ? Double.NEGATIVE_INFINITY : brackets[c][2 * j];
                hi[c][j] = brackets[c].length == 0 ? Double.POSITIVE_INFINITY : brackets[c][2 * j + 1];
            }
        }
        // one pass for all columns: per column and quantile, the rows below its band and the band
        List<Column> aggs = new ArrayList<>();
        for (int c = 0; c < cols.length; c++) {
            aggs.addAll(bandAggregates(col(cols[c]), lo[c], hi[c]));
        }
        Row r = data.agg(aggs.get(0), aggs.subList(1, aggs.size()).toArray(new Column[0])).first();
        int width = 1 + 2 * probs.length;
        double[][] out = new double[cols.length][];
        for (int c = 0; c < cols.length; c++) {
            out[c] = quantiles(r, c * width, probs);
            if (out[c] == null) {
                // The sketch's guarantee makes this unreachable; if it ever happens, be exact the slow way.
                LOG.warn("quantiles {} of {}: a bracket missed its ranks; collecting the column",
                        Arrays.toString(probs), cols[c]);
                double[] all = fill(probs.length, Double.NEGATIVE_INFINITY);
                double[] none = fill(probs.length, Double.POSITIVE_INFINITY);
                List<Column> one = bandAggregates(col(cols[c]), all, none);
                out[c] = quantiles(data.agg(one.get(0), one.subList(1, one.size()).toArray(new Column[0])).first(),
                        0, probs);
            }
        }
        return out;
    }

    /** count, then per quantile j: rows below {@code lo[j]} and the values in {@code [lo[j], hi[j]]}. */
    private static List<Column> bandAggregates(Column v, double[] lo, double[] hi) {
        List<Column> aggs = new ArrayList<>();
        aggs.add(count(v));
        for (int j = 0; j < lo.length; j++) {
            aggs.add(sum(when(v.lt(lo[j]), lit(1L)).otherwise(lit(0L))));
            aggs.add(collect_list(when(v.geq(lo[j]).and(v.leq(hi[j])), v)));
        }
        return aggs;
    }

    /** The quantiles from one column's {@link #bandAggregates} starting at {@code at}; null if a band missed. */
    private static double[] quantiles(Row r, int at, double[] probs) {
        long n = r.getLong(at);
        double[] q = new double[probs.length];
        for (int j = 0; j < probs.length; j++) {
            if (n == 0) {
                q[j] = Double.NaN;
                continue;
            }
            long below = r.isNullAt(at + 1 + 2 * j) ? 0 : r.getLong(at + 1 + 2 * j);
            List<Double> band = r.getList(at + 2 + 2 * j);
            double[] sorted = band.stream().mapToDouble(Double::doubleValue).sorted().toArray();
            double h = probs[j] * (n - 1);
            long k0 = (long) Math.floor(h);
            long k1 = (long) Math.ceil(h);
            if (k0 < below || k1 - below >= sorted.length) {
                return null;
            }
            double a = sorted[(int) (k0 - below)];
            double b = sorted[(int) (k1 - below)];
            q[j] = a + (h - k0) * (b - a);
        }
        return q;
    }

    private static double[] fill(int n, double v) {
        double[] a = new double[n];
        Arrays.fill(a, v);
        return a;
    }
}
