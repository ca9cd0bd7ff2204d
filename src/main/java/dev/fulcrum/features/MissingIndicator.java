package dev.fulcrum.features;

import dev.fulcrum.data.Columns;
import java.util.List;
import org.apache.spark.ml.Transformer;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.param.StringArrayParam;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.DefaultParamsWritable;
import org.apache.spark.ml.util.Identifiable$;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Adds a 0/1 double column per input column: 1 where the input is null or NaN (what the imputer
 * will fill), else 0. Placed before the imputer in the saved pipeline, so the model can learn from
 * the fact that a value was missing and not only from the value put in its place. Metadata only
 * (no fitted data): saved and loaded like {@link DropColumns}.
 */
public final class MissingIndicator extends Transformer implements DefaultParamsWritable {
    private static final long serialVersionUID = 1L;
    private final String uid;
    private final StringArrayParam inputs;
    private final StringArrayParam outputs;

    public MissingIndicator(String uid) {
        this.uid = uid;
        this.inputs = new StringArrayParam(this, "inputs", "the columns whose missing values are marked");
        this.outputs = new StringArrayParam(this, "outputs", "the 0/1 marker columns, one per input");
        setDefault(inputs, new String[0]);
        setDefault(outputs, new String[0]);
    }

    public MissingIndicator() {
        this(Identifiable$.MODULE$.randomUID("missingIndicator"));
    }

    public static MLReader<MissingIndicator> read() {
        return new DefaultParamsReader<>();
    }

    /** Public so Spark's reflective param discovery finds it. */
    public StringArrayParam inputs() {
        return inputs;
    }

    public StringArrayParam outputs() {
        return outputs;
    }

    public MissingIndicator setColumns(List<String> in, List<String> out) {
        if (in.size() != out.size()) {
            throw new IllegalArgumentException("inputs and outputs must have the same length; got " + in + " and " + out);
        }
        set(inputs, in.toArray(new String[0]));
        set(outputs, out.toArray(new String[0]));
        return this;
    }

    @Override
    public String uid() {
        return uid;
    }

    @Override
    public Dataset<Row> transform(Dataset<?> dataset) {
        transformSchema(dataset.schema());
        String[] in = $(inputs);
        String[] out = $(outputs);
        Dataset<Row> d = dataset.toDF();
        for (int i = 0; i < in.length; i++) {
            Column v = Columns.ref(in[i]);
            d = d.withColumn(out[i], functions.when(v.isNull().or(functions.isnan(v)), 1.0).otherwise(0.0));
        }
        return d;
    }

    @Override
    public StructType transformSchema(StructType schema) {
        StructType s = schema;
        for (String in : $(inputs)) {
            if (schema.getFieldIndex(in).isEmpty()) {
                throw new IllegalArgumentException("missing-value indicator: input column " + in + " not found; got "
                        + String.join(", ", schema.fieldNames()));
            }
        }
        for (String out : $(outputs)) {
            s = s.add(out, DataTypes.DoubleType, false);
        }
        return s;
    }

    @Override
    public MissingIndicator copy(ParamMap extra) {
        return defaultCopy(extra);
    }
}
