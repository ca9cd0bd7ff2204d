package dev.fulcrum.features;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import org.apache.spark.ml.Transformer;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.param.StringArrayParam;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.DefaultParamsWritable;
import org.apache.spark.ml.util.Identifiable$;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Drops the scaling stages' intermediate columns at the end of the saved pipeline, so scored
 * output carries only the input columns plus {@code features}. Absent columns are ignored (a
 * scoring frame need not have them). Saved and loaded with the pipeline
 * ({@link DefaultParamsWritable} + the static {@link #read()} that {@code PipelineModel.load}
 * looks up).
 */
public final class DropColumns extends Transformer implements DefaultParamsWritable {
    private static final long serialVersionUID = 1L;
    private final String uid;
    private final StringArrayParam cols;

    public DropColumns(String uid) {
        this.uid = uid;
        this.cols = new StringArrayParam(this, "cols", "names of the columns to drop");
        setDefault(cols, new String[0]);
    }

    public DropColumns() {
        this(Identifiable$.MODULE$.randomUID("dropColumns"));
    }

    public static MLReader<DropColumns> read() {
        return new DefaultParamsReader<>();
    }

    /** The columns to drop (public so Spark's reflective param discovery finds it). */
    public StringArrayParam cols() {
        return cols;
    }

    public DropColumns setCols(String... names) {
        set(cols, names);
        return this;
    }

    @Override
    public String uid() {
        return uid;
    }

    @Override
    public Dataset<Row> transform(Dataset<?> dataset) {
        transformSchema(dataset.schema());
        return dataset.drop($(cols));
    }

    @Override
    public StructType transformSchema(StructType schema) {
        Set<String> drop = new HashSet<>(Arrays.asList($(cols)));
        return new StructType(Arrays.stream(schema.fields()).filter(f -> !drop.contains(f.name()))
                .toArray(StructField[]::new));
    }

    @Override
    public DropColumns copy(ParamMap extra) {
        return defaultCopy(extra);
    }
}
