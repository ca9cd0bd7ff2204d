package dev.fulcrum.features;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.ml.Model;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.ml.param.DoubleArrayArrayParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.param.StringArrayParam;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.DefaultParamsWritable;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.types.StructType;

/**
 * Piecewise-linear encoding of each element of a vector over its training-split quantile bins
 * (Gorishniy, Rubachev &amp; Babenko 2022, "On Embeddings for Numerical Features in Tabular Deep
 * Learning"): element {@code j} with bin edges {@code e_0 < .. < e_m} becomes {@code m} values,
 * bin {@code t}'s being {@code clip((x - e_{t-1}) / (e_t - e_{t-1}), 0, 1)} — 1 for every bin below
 * {@code x}, the position inside {@code x}'s own bin, 0 above. A network then gets a threshold per
 * quantile for free (what trees find on their own: "more than 3 service calls"), instead of having
 * to build each one out of ReLUs on a single scaled number.
 *
 * <p>An element whose edges are empty (fewer than two bins: a 0/1 flag, a constant) gets no
 * values. The output holds only the encodings; the pipeline keeps the scaled value next to them.
 * {@link ScalerPlan} replays this arithmetic (the same {@code (x - lo) * inv} then the clip) bit
 * for bit. Fitted by {@link PiecewiseLinearEncoder}; saved with the bundle's pipeline (parameters
 * only: the edges are a parameter).
 */
public final class PiecewiseLinearModel extends Model<PiecewiseLinearModel> implements DefaultParamsWritable {
    private static final long serialVersionUID = 1L;
    private final String uid;
    private final Param<String> inputCol;
    private final Param<String> outputCol;
    private final DoubleArrayArrayParam edges;
    private final StringArrayParam names;

    public PiecewiseLinearModel(String uid) {
        this.uid = uid;
        this.inputCol = new Param<>(this, "inputCol", "the vector column encoded");
        this.outputCol = new Param<>(this, "outputCol", "the vector column of encodings");
        this.edges = new DoubleArrayArrayParam(this, "edges",
                "per input element its ascending distinct bin edges (empty: not encoded)");
        this.names = new StringArrayParam(this, "names", "per input element the feature name the encodings carry");
        setDefault(edges, new double[0][]);
        setDefault(names, new String[0]);
    }

    PiecewiseLinearModel(String uid, String in, String out, double[][] binEdges, String[] elementNames) {
        this(uid);
        if (binEdges.length != elementNames.length) {
            throw new IllegalArgumentException("one name per element; got " + binEdges.length + " edge lists and "
                    + elementNames.length + " names");
        }
        set(inputCol, in);
        set(outputCol, out);
        set(edges, binEdges);
        set(names, elementNames);
    }

    public static MLReader<PiecewiseLinearModel> read() {
        return new DefaultParamsReader<>();
    }

    /** Public so Spark's reflective param discovery finds them. */
    public Param<String> inputCol() {
        return inputCol;
    }

    public Param<String> outputCol() {
        return outputCol;
    }

    public DoubleArrayArrayParam edges() {
        return edges;
    }

    public StringArrayParam names() {
        return names;
    }

    public String getInputCol() {
        return $(inputCol);
    }

    public String getOutputCol() {
        return $(outputCol);
    }

    public double[][] getEdges() {
        return $(edges);
    }

    /** Number of output values: one per bin of every encoded element. */
    public int size() {
        int n = 0;
        for (double[] e : $(edges)) {
            n += bins(e);
        }
        return n;
    }

    /** Feature names of the output values, {@code <name>#pl<t>} with t from 1. */
    public List<String> outputNames() {
        List<String> out = new ArrayList<>();
        double[][] e = $(edges);
        String[] n = $(names);
        for (int j = 0; j < e.length; j++) {
            for (int t = 1; t <= bins(e[j]); t++) {
                out.add(n[j] + "#pl" + t);
            }
        }
        return out;
    }

    static int bins(double[] edges) {
        return edges.length < 3 ? 0 : edges.length - 1;
    }

    /** {@code 1 / (hi - lo)}: one operand for both this model and {@link ScalerPlan}. */
    static double inverseWidth(double lo, double hi) {
        return 1.0 / (hi - lo);
    }

    static double clip01(double v) {
        return v < 0.0 ? 0.0 : v > 1.0 ? 1.0 : v;
    }

    /** The encodings of one input vector's values. */
    static double[] encode(double[][] edges, double[] x, int size) {
        if (x.length != edges.length) {
            throw new IllegalArgumentException("piecewise-linear encoding: expected a vector of " + edges.length
                    + " elements (as in training); got " + x.length);
        }
        double[] out = new double[size];
        int k = 0;
        for (int j = 0; j < edges.length; j++) {
            double[] e = edges[j];
            for (int t = 1; t <= bins(e); t++) {
                out[k++] = clip01((x[j] - e[t - 1]) * inverseWidth(e[t - 1], e[t]));
            }
        }
        return out;
    }

    @Override
    public Dataset<Row> transform(Dataset<?> dataset) {
        StructType schema = transformSchema(dataset.schema());
        double[][] e = $(edges);
        int size = size();
        UDF1<Vector, Vector> f = v -> Vectors.dense(encode(e, v.toArray(), size));
        return VectorColumns.append(dataset, $(inputCol), $(outputCol), schema, f);
    }

    @Override
    public StructType transformSchema(StructType schema) {
        if (schema.getFieldIndex($(inputCol)).isEmpty()) {
            throw new IllegalArgumentException("piecewise-linear encoding: input column " + $(inputCol)
                    + " not found; got " + String.join(", ", schema.fieldNames()));
        }
        if (schema.getFieldIndex($(outputCol)).isDefined()) {
            throw new IllegalArgumentException("piecewise-linear encoding: output column " + $(outputCol)
                    + " already exists");
        }
        checkEdges($(edges), $(names));
        // named attributes with the size: the assembler downstream reads the width from them
        // instead of running a job to look at the first row
        return VectorColumns.withNamedVector(schema, $(outputCol), outputNames());
    }

    /** A loaded model is checked once: each element's edges finite and strictly ascending, one name each. */
    private static void checkEdges(double[][] edges, String[] names) {
        if (edges.length != names.length) {
            throw new IllegalArgumentException("piecewise-linear encoding: " + edges.length + " edge lists but "
                    + names.length + " names; the saved stage is inconsistent");
        }
        for (int j = 0; j < edges.length; j++) {
            for (int t = 0; t < edges[j].length; t++) {
                boolean ascending = t == 0 || edges[j][t] > edges[j][t - 1];
                if (!Double.isFinite(edges[j][t]) || !ascending) {
                    throw new IllegalArgumentException("piecewise-linear encoding of " + names[j]
                            + ": bin edges must be finite and strictly ascending; got " + java.util.Arrays.toString(edges[j]));
                }
            }
        }
    }

    @Override
    public PiecewiseLinearModel copy(ParamMap extra) {
        return copyValues(new PiecewiseLinearModel(uid), extra).setParent(parent());
    }

    @Override
    public String uid() {
        return uid;
    }
}
