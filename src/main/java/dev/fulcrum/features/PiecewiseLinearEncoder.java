package dev.fulcrum.features;

import dev.fulcrum.error.BadInputException;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.ml.Estimator;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.Identifiable$;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.StructType;

/**
 * Fits {@link PiecewiseLinearModel}: each vector element's bin edges are its exact training-split
 * quantiles at {@code 0, 1/bins, .., 1} ({@link ExactQuantiles}: the same edges on every run for the
 * same rows), repeated values merged, so a column with a heavy point mass (most customers have 0
 * voice-mail messages) gets fewer, wider bins and a column with fewer than two bins is left out.
 * Only the fitted model is saved in a bundle.
 */
public final class PiecewiseLinearEncoder extends Estimator<PiecewiseLinearModel> {
    private final String uid;
    private String inputCol;
    private String outputCol;
    private int bins = 8;
    private String[] names = new String[0];

    public PiecewiseLinearEncoder() {
        this(Identifiable$.MODULE$.randomUID("piecewiseLinear"));
    }

    private PiecewiseLinearEncoder(String uid) {
        this.uid = uid;
    }

    public PiecewiseLinearEncoder setInputCol(String c) {
        this.inputCol = c;
        return this;
    }

    public PiecewiseLinearEncoder setOutputCol(String c) {
        this.outputCol = c;
        return this;
    }

    public PiecewiseLinearEncoder setBins(int b) {
        if (b < 2) {
            throw new IllegalArgumentException("piecewise-linear encoding needs at least 2 bins; got " + b);
        }
        this.bins = b;
        return this;
    }

    /** The feature name of each input element, in order. */
    public PiecewiseLinearEncoder setNames(List<String> n) {
        this.names = n.toArray(new String[0]);
        return this;
    }

    @Override
    public PiecewiseLinearModel fit(Dataset<?> dataset) {
        Dataset<Row> rows = dataset.select(org.apache.spark.ml.functions.vector_to_array(
                functions.col(inputCol), "float64").as("v"));
        int dim = names.length;
        Column[] elements = new Column[dim];
        String[] cols = new String[dim];
        for (int i = 0; i < dim; i++) {
            cols[i] = "_fulcrum_pl" + i;
            elements[i] = functions.col("v").getItem(i).as(cols[i]);
        }
        double[] probs = new double[bins + 1];
        for (int t = 0; t <= bins; t++) {
            probs[t] = (double) t / bins;
        }
        double[][] q = ExactQuantiles.of(rows.select(elements), cols, probs);
        double[][] edges = new double[dim][];
        for (int j = 0; j < dim; j++) {
            if (Double.isNaN(q[j][0])) {
                throw new BadInputException("scaling.bins: cannot fit bin edges of " + names[j]
                        + " on an empty training split");
            }
            double[] distinct = ascendingDistinct(q[j]);
            edges[j] = PiecewiseLinearModel.bins(distinct) == 0 ? new double[0] : distinct;
        }
        return new PiecewiseLinearModel(uid, inputCol, outputCol, edges, names).setParent(this);
    }

    /**
     * The strictly increasing values of ascending quantiles. By {@code >}, not {@code equals}: -0.0
     * and 0.0 are one edge, else the bin between them would have zero width.
     */
    static double[] ascendingDistinct(double[] ascending) {
        double[] out = new double[ascending.length];
        int n = 0;
        for (double v : ascending) {
            if (n == 0 || v > out[n - 1]) {
                out[n++] = v;
            }
        }
        return Arrays.copyOf(out, n);
    }

    @Override
    public StructType transformSchema(StructType schema) {
        if (schema.getFieldIndex(inputCol).isEmpty()) {
            throw new IllegalArgumentException("piecewise-linear encoding: input column " + inputCol + " not found");
        }
        return schema.add(outputCol, org.apache.spark.ml.linalg.SQLDataTypes.VectorType(), false);
    }

    @Override
    public PiecewiseLinearEncoder copy(ParamMap extra) {
        return new PiecewiseLinearEncoder(uid).setInputCol(inputCol).setOutputCol(outputCol).setBins(bins)
                .setNames(Arrays.asList(names));
    }

    @Override
    public String uid() {
        return uid;
    }
}
