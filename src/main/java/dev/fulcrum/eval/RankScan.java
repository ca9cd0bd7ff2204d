package dev.fulcrum.eval;

import java.io.Serializable;
import java.util.Arrays;

/**
 * Pass-2 state of one range partition (or of a whole in-memory data set): distinct scores are fed
 * in descending order with their positive/negative counts, starting from the number of positives
 * and negatives that score higher (the partition's offset). Accumulates the exact ROC-AUC and
 * average-precision numerators and keeps the cumulative counts at the retained ranks.
 *
 * <p>ROC-AUC numerator: Σ n_i·(2·TP_before_i + p_i), i.e. twice the trapezoid area in count units
 * (a tie group is one diagonal segment, as in scikit-learn); AUC = sum / (2·P·N). Each term and the
 * running sum are integers held in a double: exact while 2·P·N &lt; 2^53 (e.g. 10^6 positives ×
 * 4·10^9 negatives), relative error ~1e-16 beyond.
 * AP numerator: Σ p_i · TP_i / (TP_i + FP_i) (recall step × precision at that score, ×P);
 * AP = sum / P, as scikit-learn's {@code average_precision_score}.
 */
final class RankScan implements Serializable {
    private static final long serialVersionUID = 1L;

    final int partition;
    double aucNumerator;
    double apNumerator;
    double[] thresholds = new double[16];
    long[] tp = new long[16];
    long[] fp = new long[16];
    int size;

    private transient long rank;
    private transient long tpRun;
    private transient long fpRun;
    private transient long distinct;
    private transient int maxTable;

    RankScan(int partition, long rankOffset, long tpOffset, long fpOffset, long distinct, int maxTable) {
        this.partition = partition;
        this.rank = rankOffset;
        this.tpRun = tpOffset;
        this.fpRun = fpOffset;
        this.distinct = distinct;
        this.maxTable = maxTable;
    }

    /**
     * Whether the distinct score of global descending rank k is kept in the table: every rank when
     * there are at most maxTable distinct scores, else the first rank of each of (maxTable - 1)
     * equal-width rank buckets plus the last rank (at most maxTable + 1 entries). Computed from
     * k alone, so it does not depend on the partitioning.
     */
    static boolean retained(long k, long distinct, int maxTable) {
        if (distinct <= maxTable || k == 0 || k == distinct - 1) {
            return true;
        }
        double scale = (maxTable - 1.0) / (distinct - 1.0);
        return Math.floor(k * scale) != Math.floor((k - 1) * scale);
    }

    void add(double score, long pos, long neg) {
        long tpNew = tpRun + pos;
        long fpNew = fpRun + neg;
        aucNumerator += (double) neg * (2.0 * tpRun + pos);
        if (pos > 0) {
            apNumerator += pos * ((double) tpNew / (double) (tpNew + fpNew));
        }
        if (retained(rank, distinct, maxTable)) {
            if (size == thresholds.length) {
                thresholds = Arrays.copyOf(thresholds, size * 2);
                tp = Arrays.copyOf(tp, size * 2);
                fp = Arrays.copyOf(fp, size * 2);
            }
            thresholds[size] = score;
            tp[size] = tpNew;
            fp[size] = fpNew;
            size++;
        }
        tpRun = tpNew;
        fpRun = fpNew;
        rank++;
    }

    /** Drops the spare capacity before the partial is shipped to the driver. */
    RankScan trim() {
        thresholds = Arrays.copyOf(thresholds, size);
        tp = Arrays.copyOf(tp, size);
        fp = Arrays.copyOf(fp, size);
        return this;
    }
}
