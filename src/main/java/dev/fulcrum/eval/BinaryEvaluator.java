package dev.fulcrum.eval;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.first;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import dev.fulcrum.error.BadInputException;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.function.Function2;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Distributed, exact summary of (score, label) pairs: never collects O(rows) to the driver (see
 * the package doc for the two passes). Three Spark jobs: the range partitioner's sample (which
 * also runs the {@code groupBy(score)} shuffle), pass 1 and pass 2; the later jobs reuse the
 * shuffle outputs, nothing is cached. The pass-1 partials are merged by a commutative sum (deequ
 * style) but collected one per partition rather than tree-aggregated, because pass 2 needs each
 * partition's prefix offsets.
 */
public final class BinaryEvaluator {
    /** Default upper bound on the distinct scores kept on the driver (~24 bytes each). */
    public static final int DEFAULT_MAX_TABLE = 200_000;

    private static final String S = "s";
    private static final String P = "p";
    private static final String N = "n";
    private static final String BAD = "bad";
    private static final String BAD_EXAMPLE = "badExample";

    private BinaryEvaluator() {
    }

    /** {@link #summarize(Dataset, String, String, int)} with {@link #DEFAULT_MAX_TABLE}. */
    public static ScoreSummary summarize(Dataset<Row> scored, String scoreCol, String labelCol) {
        return summarize(scored, scoreCol, labelCol, DEFAULT_MAX_TABLE);
    }

    /**
     * @param scored   any data set with a numeric score column (values in [0,1]) and a numeric
     *                 label column (values 0 or 1)
     * @param maxTable how many distinct scores may be kept on the driver (>= 2); with more, the
     *                 summary's table is thinned and {@link ScoreSummary#exact()} is false
     * <p>On a thinned summary, {@link ScoreSummary#at} at a threshold that is not a retained score
     * runs one aggregation over {@code scored}: persist {@code scored} if computing it is costly.
     *
     * @throws BadInputException when a column is missing or not numeric, a label is not 0/1 or a
     *                            score is null, NaN or outside [0,1]
     */
    public static ScoreSummary summarize(Dataset<Row> scored, String scoreCol, String labelCol,
            int maxTable) {
        if (maxTable < 2) {
            throw new IllegalArgumentException("maxTable must be >= 2; got " + maxTable);
        }
        checkNumeric(scored.schema(), scoreCol);
        checkNumeric(scored.schema(), labelCol);
        Dataset<Row> pairs = scored.select(col(scoreCol).cast("double").as(S),
                col(labelCol).cast("double").as("y"));
        Column y = col("y");
        Column badLabel = y.isNull().or(y.notEqual(lit(0.0)).and(y.notEqual(lit(1.0))));
        Dataset<Row> grouped = pairs.groupBy(S).agg(
                sum(when(y.equalTo(1.0), 1L).otherwise(0L)).as(P),
                sum(when(y.equalTo(0.0), 1L).otherwise(0L)).as(N),
                sum(when(badLabel, 1L).otherwise(0L)).as(BAD),
                first(when(badLabel, coalesce(y.cast("string"), lit("null"))), true).as(BAD_EXAMPLE));
        int parts = Math.max(1, scored.javaRDD().getNumPartitions());
        Column desc = col(S).desc_nulls_first();
        JavaRDD<Row> sorted = grouped.repartitionByRange(parts, desc).sortWithinPartitions(desc)
                .javaRDD();

        List<Totals> totals = new ArrayList<>(sorted.mapPartitionsWithIndex(TOTALS, false).collect());
        totals.sort(Comparator.comparingInt(t -> t.partition));
        Totals all = new Totals(-1);
        long[] rankOff = new long[parts];
        long[] tpOff = new long[parts];
        long[] fpOff = new long[parts];
        for (Totals t : totals) {
            rankOff[t.partition] = all.distinct;
            tpOff[t.partition] = all.pos;
            fpOff[t.partition] = all.neg;
            all.merge(t);
        }
        if (all.badLabels > 0) {
            throw new BadInputException(labelCol + ": must be 0 or 1; got " + all.badLabels
                    + " rows with other values (e.g. " + all.badLabelExample + ")");
        }
        if (all.badScores > 0) {
            throw new BadInputException(scoreCol + ": must be a number in [0,1]; got "
                    + all.badScores + " rows outside it (e.g. " + all.badScoreExample + ")");
        }
        final long distinct = all.distinct;
        Function2<Integer, Iterator<Row>, Iterator<RankScan>> pass2 = (idx, rows) -> {
            RankScan scan = new RankScan(idx, rankOff[idx], tpOff[idx], fpOff[idx], distinct, maxTable);
            while (rows.hasNext()) {
                Row r = rows.next();
                scan.add(r.getDouble(0), r.getLong(1), r.getLong(2));
            }
            return Collections.singletonList(scan.trim()).iterator();
        };
        List<RankScan> scans = new ArrayList<>(sorted.mapPartitionsWithIndex(pass2, false).collect());
        scans.sort(Comparator.comparingInt(s -> s.partition));
        int size = scans.stream().mapToInt(s -> s.size).sum();
        double[] thr = new double[size];
        long[] tp = new long[size];
        long[] fp = new long[size];
        double auc = 0;
        double ap = 0;
        int at = 0;
        for (RankScan s : scans) {
            System.arraycopy(s.thresholds, 0, thr, at, s.size);
            System.arraycopy(s.tp, 0, tp, at, s.size);
            System.arraycopy(s.fp, 0, fp, at, s.size);
            at += s.size;
            auc += s.aucNumerator;
            ap += s.apNumerator;
        }
        long pos = all.pos;
        long neg = all.neg;
        ScoreSummary.ExactCounter counter = t -> count(pairs, t, pos, neg);
        return new ScoreSummary(pos, neg, distinct, auc, ap, all.brier, thr, tp, fp, all.histPos,
                all.histNeg, counter);
    }

    /** One distributed pass: exact confusion matrix at a threshold. */
    private static ConfusionMatrix count(Dataset<Row> pairs, double t, long pos, long neg) {
        Column above = col(S).geq(t);
        Row r = pairs.agg(sum(when(above.and(col("y").equalTo(1.0)), 1L).otherwise(0L)),
                sum(when(above.and(col("y").equalTo(0.0)), 1L).otherwise(0L))).first();
        long tp = r.isNullAt(0) ? 0 : r.getLong(0);
        long fp = r.isNullAt(1) ? 0 : r.getLong(1);
        return new ConfusionMatrix(tp, fp, neg - fp, pos - tp);
    }

    private static void checkNumeric(StructType schema, String name) {
        StructField f = Arrays.stream(schema.fields()).filter(x -> x.name().equals(name)).findFirst()
                .orElseThrow(() -> new BadInputException("Expected column " + name
                        + " to be one of (" + String.join(", ", schema.fieldNames()) + "); found none"));
        DataType t = f.dataType();
        if (!(t instanceof NumericType)) {
            throw new BadInputException(name + ": must be a numeric column; got " + t.simpleString());
        }
    }

    static void checkScore(double s) {
        if (!(s >= 0 && s <= 1)) {
            throw new IllegalArgumentException("score must be a number in [0,1]; got " + s);
        }
    }

    static void checkLabel(double y) {
        if (y != 0 && y != 1) {
            throw new IllegalArgumentException("label must be 0 or 1; got " + y);
        }
    }

    static double brierTerm(double s, long pos, long neg) {
        return pos * (1 - s) * (1 - s) + neg * s * s;
    }

    static int fineBin(double s) {
        return Math.min(ScoreSummary.HISTOGRAM_RESOLUTION - 1,
                (int) Math.floor(s * ScoreSummary.HISTOGRAM_RESOLUTION));
    }

    /** Pass-1 partial of one partition; merging is a commutative sum. */
    static final class Totals implements Serializable {
        private static final long serialVersionUID = 1L;
        final int partition;
        long distinct;
        long pos;
        long neg;
        double brier;
        long badLabels;
        String badLabelExample;
        long badScores;
        String badScoreExample;
        /** Histogram bins [histLo, histLo + histPos.length): a range partition covers a contiguous
         *  score range, so the bins of all partials together are O(1000 + partitions). */
        int histLo;
        long[] histPos = new long[ScoreSummary.HISTOGRAM_RESOLUTION];
        long[] histNeg = new long[ScoreSummary.HISTOGRAM_RESOLUTION];

        Totals(int partition) {
            this.partition = partition;
        }

        void merge(Totals o) {
            distinct += o.distinct;
            pos += o.pos;
            neg += o.neg;
            brier += o.brier;
            badLabels += o.badLabels;
            badScores += o.badScores;
            badLabelExample = badLabelExample != null ? badLabelExample : o.badLabelExample;
            badScoreExample = badScoreExample != null ? badScoreExample : o.badScoreExample;
            for (int i = 0; i < o.histPos.length; i++) {
                histPos[o.histLo + i - histLo] += o.histPos[i];
                histNeg[o.histLo + i - histLo] += o.histNeg[i];
            }
        }

        /** Keeps only the bins between the lowest and highest non-empty one. */
        Totals trim() {
            int lo = 0;
            int hi = histPos.length - 1;
            while (lo <= hi && histPos[lo] == 0 && histNeg[lo] == 0) {
                lo++;
            }
            while (hi >= lo && histPos[hi] == 0 && histNeg[hi] == 0) {
                hi--;
            }
            histLo = lo > hi ? 0 : lo;
            histPos = lo > hi ? new long[0] : Arrays.copyOfRange(histPos, lo, hi + 1);
            histNeg = lo > hi ? new long[0] : Arrays.copyOfRange(histNeg, lo, hi + 1);
            return this;
        }
    }

    private static final Function2<Integer, Iterator<Row>, Iterator<Totals>> TOTALS = (idx, rows) -> {
        Totals t = new Totals(idx);
        while (rows.hasNext()) {
            Row r = rows.next();
            long p = r.getLong(1);
            long n = r.getLong(2);
            long bad = r.getLong(3);
            if (bad > 0) {
                t.badLabels += bad;
                if (t.badLabelExample == null) {
                    t.badLabelExample = r.getString(4);
                }
            }
            if (r.isNullAt(0) || !(r.getDouble(0) >= 0 && r.getDouble(0) <= 1)) {
                t.badScores += p + n + bad;
                if (t.badScoreExample == null) {
                    t.badScoreExample = r.isNullAt(0) ? "null" : Double.toString(r.getDouble(0));
                }
                continue;
            }
            double s = r.getDouble(0);
            t.distinct++;
            t.pos += p;
            t.neg += n;
            t.brier += brierTerm(s, p, n);
            t.histPos[fineBin(s)] += p;
            t.histNeg[fineBin(s)] += n;
        }
        return Collections.singletonList(t.trim()).iterator();
    };
}
