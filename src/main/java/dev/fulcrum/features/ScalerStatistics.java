package dev.fulcrum.features;

import dev.fulcrum.data.Columns;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.ml.feature.RobustScalerModel;
import org.apache.spark.ml.feature.StandardScalerModel;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.Identifiable$;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.util.QuantileSummaries;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.unsafe.types.UTF8String;

/**
 * The fitted statistics of a training split's standard and robust scalers and its constant
 * columns, from one aggregation over the raw columns plus {@link ExactQuantiles}' band pass: the
 * means and sample standard deviations, the brackets of the robust quantiles and every feature's
 * minimum and maximum are computed together. Fitting {@code StandardScaler}, then
 * {@link ExactRobustScaler}, then checking {@link FeatureVariation} read the split three times
 * more, through the assembled vectors.
 *
 * <p>The models are Spark's own with the numbers their estimators compute, up to floating-point
 * summation order (Welford's running mean and squared deviations, merged by Chan's rule, instead
 * of Spark's vector summarizer): sample standard deviation, 0 for a single row; median and
 * 25th–75th percentile range exact (the sketch only brackets them). A vector
 * assembler turns {@code -0.0} into {@code 0.0}, which the scalers then see: a zero statistic
 * here is {@code 0.0} too. For raw double columns without empty cells only (the caller's
 * condition): an imputed column is scaled after imputation, which these statistics do not see.
 */
final class ScalerStatistics {
    private static final double[] QUANTILES = {0.25, 0.5, 0.75};

    private final long rows;
    private final double[] mean;
    private final double[] std;
    private final double[] median;
    private final double[] range;
    private final List<String> constant;

    private ScalerStatistics(long rows, double[] mean, double[] std, double[] median, double[] range,
                             List<String> constant) {
        this.rows = rows;
        this.mean = mean;
        this.std = std;
        this.median = median;
        this.range = range;
        this.constant = List.copyOf(constant);
    }

    /**
     * @param standard the columns of the standard group, in vector order
     * @param robust   the columns of the robust group, in vector order
     * @param features every feature column, for {@link #constant}
     * @return null when a numeric feature column is not a double column or another is not a string
     *         one (the estimators then fit as usual)
     */
    static ScalerStatistics of(Dataset<Row> train, List<String> standard, List<String> robust, List<String> features) {
        StructType schema = train.schema();
        boolean[] text = new boolean[features.size()];
        for (int i = 0; i < text.length; i++) {
            DataType t = schema.apply(features.get(i)).dataType();
            text[i] = t.equals(DataTypes.StringType);
            boolean scaled = standard.contains(features.get(i)) || robust.contains(features.get(i));
            if (!text[i] && !t.equals(DataTypes.DoubleType) || text[i] && scaled) {
                return null;
            }
        }
        int[] std = standard.stream().mapToInt(features::indexOf).toArray();
        int[] rob = robust.stream().mapToInt(features::indexOf).toArray();
        // Not Spark SQL aggregates: avg, var_samp, min, max and percentile_approx of these columns in
        // one aggregation took 19 s CPU on 600k cached rows (1M-row job, load 8), several times the
        // passes they replace. One hand-written pass over the binary rows instead, boxing nothing.
        JavaRDD<InternalRow> rows = train.select(features.stream().map(Columns::ref).toArray(Column[]::new))
                .queryExecution().toRdd().toJavaRDD();
        Summary zero = new Summary(text, std, rob);
        Summary all = rows.treeAggregate(zero, Summary::add, Summary::merge);
        long n = all.n;
        if (n == 0) {
            return new ScalerStatistics(0, new double[0], new double[0], new double[0], new double[0], List.of());
        }
        double[] mean = new double[std.length];
        double[] sd = new double[std.length];
        for (int i = 0; i < std.length; i++) {
            mean[i] = zero(all.mean[i]);
            // sample variance, 0 for a single row (the summarizer's rule)
            sd[i] = n < 2 ? 0.0 : Math.sqrt(Math.max(all.m2[i] / (n - 1), 0.0));
        }
        double[] median = new double[rob.length];
        double[] range = new double[rob.length];
        if (rob.length > 0) {
            double[] at = ExactQuantiles.bracketProbs(QUANTILES);
            double[][] brackets = new double[rob.length][at.length];
            for (int i = 0; i < rob.length; i++) {
                QuantileSummaries q = all.sketch[i].compress();
                for (int j = 0; j < at.length; j++) {
                    brackets[i][j] = (Double) q.query(at[j]).get();
                }
            }
            String[] cols = robust.stream().map(Columns::quote).toArray(String[]::new);
            double[][] q = ExactQuantiles.exact(train, cols, QUANTILES, brackets);
            for (int i = 0; i < rob.length; i++) {
                median[i] = zero(q[i][1]);
                range[i] = zero(q[i][2]) - zero(q[i][0]);
            }
        }
        List<String> constant = new ArrayList<>();
        for (int i = 0; i < features.size(); i++) {
            if (all.seen[i] && all.isConstant(i)) {
                constant.add(features.get(i));
            }
        }
        return new ScalerStatistics(n, mean, sd, median, range, constant);
    }

    /**
     * One partition's (then the merged) running statistics: Welford's mean and sum of squared
     * deviations per standard column (Chan's rule to merge), a quantile sketch per robust column
     * (what {@code approxQuantile} keeps, relative error {@link ExactQuantiles#EPS}), and every
     * feature's minimum and maximum. Empty cells are not counted (the caller has none).
     */
    private static final class Summary implements Serializable {
        private static final long serialVersionUID = 1L;
        final boolean[] text;
        final int[] std;
        final int[] rob;
        long n;
        final double[] mean;
        final double[] m2;
        final QuantileSummaries[] sketch;
        final boolean[] seen;
        final double[] min;
        final double[] max;
        final UTF8String[] minText;
        final UTF8String[] maxText;

        Summary(boolean[] text, int[] std, int[] rob) {
            this.text = text;
            this.std = std;
            this.rob = rob;
            mean = new double[std.length];
            m2 = new double[std.length];
            sketch = new QuantileSummaries[rob.length];
            for (int i = 0; i < rob.length; i++) {
                sketch[i] = new QuantileSummaries(QuantileSummaries.defaultCompressThreshold(), ExactQuantiles.EPS,
                        new QuantileSummaries.Stats[0], 0L, false);
            }
            seen = new boolean[text.length];
            min = new double[text.length];
            max = new double[text.length];
            minText = new UTF8String[text.length];
            maxText = new UTF8String[text.length];
        }

        Summary add(InternalRow r) {
            n++;
            for (int i : std) {
                requireValue(r, i);
            }
            for (int i : rob) {
                requireValue(r, i);
            }
            for (int i = 0; i < std.length; i++) {
                double v = r.getDouble(std[i]);
                double d = v - mean[i];
                mean[i] += d / n;
                m2[i] += d * (v - mean[i]);
            }
            for (int i = 0; i < rob.length; i++) {
                sketch[i] = sketch[i].insert(r.getDouble(rob[i]));
            }
            for (int i = 0; i < text.length; i++) {
                if (r.isNullAt(i)) {
                    continue;
                }
                if (text[i]) {
                    UTF8String v = r.getUTF8String(i);
                    if (!seen[i] || v.compareTo(minText[i]) < 0) {
                        minText[i] = v.copy();
                    }
                    if (!seen[i] || v.compareTo(maxText[i]) > 0) {
                        maxText[i] = v.copy();
                    }
                } else {
                    double v = r.getDouble(i);
                    min[i] = seen[i] ? Math.min(min[i], v) : v;
                    max[i] = seen[i] ? Math.max(max[i], v) : v;
                }
                seen[i] = true;
            }
            return this;
        }

        Summary merge(Summary o) {
            if (o.n == 0) {
                return this;
            }
            if (n == 0) {
                return o;
            }
            long total = n + o.n;
            for (int i = 0; i < std.length; i++) {
                double d = o.mean[i] - mean[i];
                mean[i] += d * o.n / total;
                m2[i] += o.m2[i] + d * d * n / total * o.n;
            }
            n = total;
            for (int i = 0; i < rob.length; i++) {
                sketch[i] = sketch[i].compress().merge(o.sketch[i].compress());
            }
            for (int i = 0; i < text.length; i++) {
                if (!o.seen[i]) {
                    continue;
                }
                if (!seen[i]) {
                    min[i] = o.min[i];
                    max[i] = o.max[i];
                    minText[i] = o.minText[i];
                    maxText[i] = o.maxText[i];
                } else if (text[i]) {
                    minText[i] = minText[i].compareTo(o.minText[i]) <= 0 ? minText[i] : o.minText[i];
                    maxText[i] = maxText[i].compareTo(o.maxText[i]) >= 0 ? maxText[i] : o.maxText[i];
                } else {
                    min[i] = Math.min(min[i], o.min[i]);
                    max[i] = Math.max(max[i], o.max[i]);
                }
                seen[i] = true;
            }
            return this;
        }

        private static void requireValue(InternalRow r, int i) {
            if (r.isNullAt(i)) {
                throw new IllegalStateException("an empty cell in a scaled column that is not imputed");
            }
        }

        /** Minimum equal to maximum (numerically: -0.0 and 0.0 are one value, as for Spark's min and max). */
        boolean isConstant(int i) {
            return text[i] ? minText[i].equals(maxText[i]) : min[i] == max[i];
        }
    }

    /** Training rows counted; with none, the statistics are empty and the models not to be asked for. */
    long rows() {
        return rows;
    }

    /** The feature columns whose minimum equals their maximum, in order (what {@link FeatureVariation} finds). */
    List<String> constant() {
        return constant;
    }

    /** What {@code StandardScaler} (with mean and std) fits on the standard group. */
    StandardScalerModel standard(String inputCol, String outputCol) {
        StandardScalerModel m = new StandardScalerModel(Identifiable$.MODULE$.randomUID("stdScal"),
                Vectors.dense(std), Vectors.dense(mean));
        ParamMap on = new ParamMap().put(m.withMean(), Boolean.TRUE).put(m.withStd(), Boolean.TRUE);
        return m.copy(on).setInputCol(inputCol).setOutputCol(outputCol);
    }

    /** What {@link ExactRobustScaler} fits on the robust group. */
    RobustScalerModel robust(String inputCol, String outputCol) {
        return ExactRobustScaler.model(Identifiable$.MODULE$.randomUID("exactRobustScaler"), median, range,
                inputCol, outputCol);
    }

    /** {@code 0.0} for {@code -0.0}: what a statistic of the assembled vector would be. */
    private static double zero(double v) {
        return v == 0.0 ? 0.0 : v;
    }
}
