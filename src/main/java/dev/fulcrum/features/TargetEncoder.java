package dev.fulcrum.features;

import dev.fulcrum.error.BadInputException;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.ml.Estimator;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.Identifiable$;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.StructType;

/**
 * Fits {@link TargetEncoderModel} on the training split: for column {@code j} and level {@code l}
 * with {@code n} training rows of which {@code k} positive, and the training prior {@code p},
 * <pre>  value = logit((k + m·p) / (n + m)) − logit(p)</pre>
 * with {@code m = smoothing}: the level's positive rate shrunk towards the prior by {@code m}
 * pseudo-rows (an m-estimate), on the log-odds scale so that it is 0 for "like everyone" and
 * roughly symmetric around it, the scale a network's other, standardised, inputs have. The
 * shrinkage is also what keeps a rare level from carrying its own few labels into training: a
 * level seen once moves its value by at most {@code logit((1 + m·p)/(1 + m)) − logit(p)}.
 * A split with one class only has no contrast to encode: every value is then 0.
 */
public final class TargetEncoder extends Estimator<TargetEncoderModel> {
    private final String uid;
    private String inputCol;
    private String labelCol;
    private String outputCol;
    private double smoothing = 20;
    private String[] names = new String[0];

    public TargetEncoder() {
        this(Identifiable$.MODULE$.randomUID("targetEncoder"));
    }

    private TargetEncoder(String uid) {
        this.uid = uid;
    }

    public TargetEncoder setInputCol(String c) {
        this.inputCol = c;
        return this;
    }

    public TargetEncoder setLabelCol(String c) {
        this.labelCol = c;
        return this;
    }

    public TargetEncoder setOutputCol(String c) {
        this.outputCol = c;
        return this;
    }

    public TargetEncoder setSmoothing(double m) {
        if (!(m > 0) || !Double.isFinite(m)) {
            throw new IllegalArgumentException("target encoding smoothing must be a finite number > 0; got " + m);
        }
        this.smoothing = m;
        return this;
    }

    /** The column name of each input element, in order. */
    public TargetEncoder setNames(List<String> n) {
        this.names = n.toArray(new String[0]);
        return this;
    }

    /** {@code logit((k + m·p) / (n + m)) − logit(p)}; see the class comment. */
    static double value(long n, double k, double prior, double m) {
        double rate = (k + m * prior) / (n + m);
        return logit(rate) - logit(prior);
    }

    private static double logit(double q) {
        return Math.log(q) - Math.log1p(-q);
    }

    @Override
    public TargetEncoderModel fit(Dataset<?> dataset) {
        transformSchema(dataset.schema());
        Dataset<Row> rows = dataset.select(org.apache.spark.ml.functions.vector_to_array(
                functions.col(inputCol), "float64").as("v"), functions.col(labelCol).cast("double").as("y"));
        // one job: per (column, level) the rows and positives; the prior is their sum over column 0's levels
        List<Row> counts = rows.select(functions.posexplode(functions.col("v")).as(new String[] {"j", "level"}),
                        functions.col("y"))
                .groupBy("j", "level").agg(functions.count(functions.lit(1)), functions.sum("y")).collectAsList();
        int dim = names.length;
        long total = 0;
        double positives = 0;
        int[] levels = new int[dim];
        for (Row r : counts) {
            int j = r.getInt(0);
            if (j == 0) {
                total += r.getLong(2);
                positives += r.getDouble(3);
            }
            levels[j] = Math.max(levels[j], (int) r.getDouble(1) + 1);
        }
        if (total == 0) {
            throw new BadInputException("target encoding of " + Arrays.toString(names)
                    + ": the training split is empty, so there is no positive rate to encode");
        }
        double prior = positives / total;
        double[][] values = new double[dim][];
        for (int j = 0; j < dim; j++) {
            values[j] = new double[levels[j]];
        }
        if (prior > 0 && prior < 1) {
            for (Row r : counts) {
                values[r.getInt(0)][(int) r.getDouble(1)] = value(r.getLong(2), r.getDouble(3), prior, smoothing);
            }
        }
        return new TargetEncoderModel(uid, inputCol, outputCol, values, names).setParent(this);
    }

    @Override
    public StructType transformSchema(StructType schema) {
        for (String c : new String[] {inputCol, labelCol}) {
            if (schema.getFieldIndex(c).isEmpty()) {
                throw new IllegalArgumentException("target encoding: column " + c + " not found; got "
                        + String.join(", ", schema.fieldNames()));
            }
        }
        return schema.add(outputCol, org.apache.spark.ml.linalg.SQLDataTypes.VectorType(), false);
    }

    @Override
    public TargetEncoder copy(ParamMap extra) {
        return new TargetEncoder(uid).setInputCol(inputCol).setLabelCol(labelCol).setOutputCol(outputCol)
                .setSmoothing(smoothing).setNames(Arrays.asList(names));
    }

    @Override
    public String uid() {
        return uid;
    }
}
