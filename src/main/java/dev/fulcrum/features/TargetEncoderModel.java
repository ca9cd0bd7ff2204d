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
 * Target encoding of categorical columns already indexed by a {@code StringIndexerModel}: element
 * {@code j} of the input vector (column j's level index) becomes one number, the smoothed log-odds
 * of the positive class among the training rows of that level, relative to the training prior
 * ({@link TargetEncoder} fits it). 0 means "no evidence either way": the value of a level unseen in
 * training (the indexer's extra last index, or any index past the fitted ones) and the limit of a
 * rare level. One input per column instead of one per level, so a 51-level column adds one input
 * a network can use from the first epoch instead of 51 it must each learn from a few rows.
 *
 * <p>Saved with the bundle's pipeline as parameters only: the per-level values are a parameter.
 */
public final class TargetEncoderModel extends Model<TargetEncoderModel> implements DefaultParamsWritable {
    private static final long serialVersionUID = 1L;
    private final String uid;
    private final Param<String> inputCol;
    private final Param<String> outputCol;
    private final DoubleArrayArrayParam encodings;
    private final StringArrayParam names;

    public TargetEncoderModel(String uid) {
        this.uid = uid;
        this.inputCol = new Param<>(this, "inputCol", "the vector of level indexes, one element per column");
        this.outputCol = new Param<>(this, "outputCol", "the vector of encodings, one element per column");
        this.encodings = new DoubleArrayArrayParam(this, "encodings",
                "per column, per level index the smoothed log-odds relative to the training prior");
        this.names = new StringArrayParam(this, "names", "per column its name");
        setDefault(encodings, new double[0][]);
        setDefault(names, new String[0]);
    }

    TargetEncoderModel(String uid, String in, String out, double[][] values, String[] columnNames) {
        this(uid);
        set(inputCol, in);
        set(outputCol, out);
        set(encodings, values);
        set(names, columnNames);
        check(values, columnNames);
    }

    public static MLReader<TargetEncoderModel> read() {
        return new DefaultParamsReader<>();
    }

    /** Public so Spark's reflective param discovery finds them. */
    public Param<String> inputCol() {
        return inputCol;
    }

    public Param<String> outputCol() {
        return outputCol;
    }

    public DoubleArrayArrayParam encodings() {
        return encodings;
    }

    public StringArrayParam names() {
        return names;
    }

    public double[][] getEncodings() {
        return $(encodings);
    }

    /** Feature names of the output values: {@code <column>#target}. */
    public List<String> outputNames() {
        List<String> out = new ArrayList<>();
        for (String n : $(names)) {
            out.add(n + "#target");
        }
        return out;
    }

    /** The encodings of one row's level indexes; an index outside the fitted levels encodes as 0. */
    static double[] encode(double[][] values, double[] index) {
        if (index.length != values.length) {
            throw new IllegalArgumentException("target encoding: expected " + values.length
                    + " level indexes (one per categorical column, as in training); got " + index.length);
        }
        double[] out = new double[index.length];
        for (int j = 0; j < index.length; j++) {
            double x = index[j];
            int level = (int) x;
            out[j] = level == x && level >= 0 && level < values[j].length ? values[j][level] : 0.0;
        }
        return out;
    }

    @Override
    public Dataset<Row> transform(Dataset<?> dataset) {
        StructType schema = transformSchema(dataset.schema());
        double[][] v = $(encodings);
        UDF1<Vector, Vector> f = x -> Vectors.dense(encode(v, x.toArray()));
        return VectorColumns.append(dataset, $(inputCol), $(outputCol), schema, f);
    }

    @Override
    public StructType transformSchema(StructType schema) {
        if (schema.getFieldIndex($(inputCol)).isEmpty()) {
            throw new IllegalArgumentException("target encoding: input column " + $(inputCol) + " not found; got "
                    + String.join(", ", schema.fieldNames()));
        }
        if (schema.getFieldIndex($(outputCol)).isDefined()) {
            throw new IllegalArgumentException("target encoding: output column " + $(outputCol) + " already exists");
        }
        check($(encodings), $(names));
        // named attributes with the size, so the assembler downstream needs no job to learn the width
        return VectorColumns.withNamedVector(schema, $(outputCol), outputNames());
    }

    /** A loaded model is checked once: one value list per name, every value finite. */
    private static void check(double[][] values, String[] names) {
        if (values.length != names.length) {
            throw new IllegalArgumentException("target encoding: " + values.length + " value lists but "
                    + names.length + " names; the saved stage is inconsistent");
        }
        for (int j = 0; j < values.length; j++) {
            for (double x : values[j]) {
                if (!Double.isFinite(x)) {
                    throw new IllegalArgumentException("target encoding of " + names[j]
                            + ": every level's value must be finite; got " + java.util.Arrays.toString(values[j]));
                }
            }
        }
    }

    @Override
    public TargetEncoderModel copy(ParamMap extra) {
        return copyValues(new TargetEncoderModel(uid), extra).setParent(parent());
    }

    @Override
    public String uid() {
        return uid;
    }
}
