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
 * data, linear in rows; the driver holds a few thousand values per quantile.
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
        double[] bracketProbs = new double[2 * probs.length];
        for (int j = 0; j < probs.length; j++) {
            bracketProbs[2 * j] = Math.max(0, probs[j] - MARGIN * EPS);
            bracketProbs[2 * j + 1] = Math.min(1, probs[j] + MARGIN * EPS);
        }
        double[][] brackets = data.stat().approxQuantile(cols, bracketProbs, EPS);
        double[][] out = new double[cols.length][probs.length];
        for (int c = 0; c < cols.length; c++) {
            double[] lo = new double[probs.length];
            double[] hi = new double[probs.length];
            for (int j = 0; j < probs.length; j++) {
                lo[j] = brackets[c].length == 0 ? Double.NEGATIVE_INFINITY : brackets[c][2 * j];
                hi[j] = brackets[c].length == 0 ? Double.POSITIVE_INFINITY : brackets[c][2 * j + 1];
            }
            out[c] = exact(data, cols[c], probs, lo, hi);
        }
        return out;
    }

    private static double[] exact(Dataset<Row> data, String column, double[] probs, double[] lo, double[] hi) {
        Column v = col(column);
        List<Column> aggs = new ArrayList<>();
        aggs.add(count(v));
        for (int j = 0; j < probs.length; j++) {
            aggs.add(sum(when(v.lt(lo[j]), lit(1L)).otherwise(lit(0L))));
            aggs.add(collect_list(when(v.geq(lo[j]).and(v.leq(hi[j])), v)));
        }
        Row r = data.agg(aggs.get(0), aggs.subList(1, aggs.size()).toArray(new Column[0])).first();
        long n = r.getLong(0);
        double[] q = new double[probs.length];
        for (int j = 0; j < probs.length; j++) {
            if (n == 0) {
                q[j] = Double.NaN;
                continue;
            }
            long below = r.isNullAt(1 + 2 * j) ? 0 : r.getLong(1 + 2 * j);
            List<Double> band = r.getList(2 + 2 * j);
            double[] sorted = band.stream().mapToDouble(Double::doubleValue).sorted().toArray();
            double h = probs[j] * (n - 1);
            long k0 = (long) Math.floor(h);
            long k1 = (long) Math.ceil(h);
            if (k0 < below || k1 - below >= sorted.length) {
                // The sketch's guarantee makes this unreachable; if it ever happens, be exact the slow way.
                LOG.warn("quantile {} of {}: bracket [{}, {}] missed ranks {}..{} of {}; collecting the column",
                        probs[j], column, lo[j], hi[j], k0, k1, n);
                return exact(data, column, probs, fill(probs.length, Double.NEGATIVE_INFINITY),
                        fill(probs.length, Double.POSITIVE_INFINITY));
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
