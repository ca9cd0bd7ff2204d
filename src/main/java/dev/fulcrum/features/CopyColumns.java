package dev.fulcrum.features;

import dev.fulcrum.data.Columns;
import java.util.ArrayList;
import java.util.Arrays;
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
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Copies columns under new names ({@code from[i]} → {@code to[i]}), at the head of the saved
 * pipeline when a feature's name is one MLlib cannot take: {@code VectorAssembler} looks its input
 * columns up literally in the schema but reads them through {@code Dataset.col}, which parses
 * {@code x.1} as a struct field and refuses a backtick, so no spelling of such a name works. The
 * assembler reads the copies (safe names), and a final {@link DropColumns} removes them.
 */
public final class CopyColumns extends Transformer implements DefaultParamsWritable {
    private static final long serialVersionUID = 1L;
    private final String uid;
    private final StringArrayParam from;
    private final StringArrayParam to;

    public CopyColumns(String uid) {
        this.uid = uid;
        this.from = new StringArrayParam(this, "from", "names of the columns to copy");
        this.to = new StringArrayParam(this, "to", "names of the copies, one per column in from");
        setDefault(from, new String[0]);
        setDefault(to, new String[0]);
    }

    public CopyColumns() {
        this(Identifiable$.MODULE$.randomUID("copyColumns"));
    }

    public static MLReader<CopyColumns> read() {
        return new DefaultParamsReader<>();
    }

    /** The source columns (public so Spark's reflective param discovery finds it). */
    public StringArrayParam from() {
        return from;
    }

    /** The copies' names. */
    public StringArrayParam to() {
        return to;
    }

    public CopyColumns setColumns(List<String> sources, List<String> copies) {
        if (sources.size() != copies.size()) {
            throw new IllegalArgumentException("from and to must have the same length; got " + sources + " and " + copies);
        }
        set(from, sources.toArray(new String[0]));
        set(to, copies.toArray(new String[0]));
        return this;
    }

    @Override
    public String uid() {
        return uid;
    }

    @Override
    public Dataset<Row> transform(Dataset<?> dataset) {
        transformSchema(dataset.schema());
        List<Column> cols = new ArrayList<>();
        for (String c : dataset.columns()) {
            cols.add(Columns.ref(c));
        }
        String[] f = $(from);
        String[] t = $(to);
        for (int i = 0; i < f.length; i++) {
            cols.add(Columns.ref(f[i]).as(t[i]));
        }
        return dataset.select(cols.toArray(new Column[0]));
    }

    @Override
    public StructType transformSchema(StructType schema) {
        String[] f = $(from);
        String[] t = $(to);
        if (f.length != t.length) {
            throw new IllegalArgumentException("CopyColumns: from and to differ in length: " + Arrays.toString(f)
                    + " vs " + Arrays.toString(t));
        }
        StructType out = schema;
        for (int i = 0; i < f.length; i++) {
            if (schema.getFieldIndex(f[i]).isEmpty()) {
                throw new IllegalArgumentException("column '" + f[i] + "' does not exist; available: "
                        + String.join(", ", schema.fieldNames()));
            }
            StructField src = schema.apply(f[i]);
            out = out.add(new StructField(t[i], src.dataType(), src.nullable(), src.metadata()));
        }
        return out;
    }

    @Override
    public CopyColumns copy(ParamMap extra) {
        return defaultCopy(extra);
    }
}
