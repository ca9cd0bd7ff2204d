package dev.fulcrum.features;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.ml.attribute.Attribute;
import org.apache.spark.ml.attribute.AttributeGroup;
import org.apache.spark.ml.attribute.NumericAttribute;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.StructType;

/** What the pipeline's own vector-to-vector stages share: a new vector column with named attributes. */
final class VectorColumns {
    private VectorColumns() {
    }

    /**
     * {@code schema} plus {@code out}, a vector column whose elements carry {@code names}: the
     * assembler downstream reads the width from them instead of running a job to look at a row.
     */
    static StructType withNamedVector(StructType schema, String out, List<String> names) {
        Attribute[] attrs = new Attribute[names.size()];
        for (int i = 0; i < attrs.length; i++) {
            attrs[i] = NumericAttribute.defaultAttr().withName(names.get(i)).withIndex(i);
        }
        return schema.add(new AttributeGroup(out, attrs).toStructField());
    }

    /** Every column of {@code dataset}, then {@code f} of its vector column {@code in} as {@code out} (per {@code schema}). */
    static Dataset<Row> append(Dataset<?> dataset, String in, String out, StructType schema, UDF1<Vector, Vector> f) {
        Dataset<Row> d = dataset.toDF();
        List<Column> cols = new ArrayList<>();
        for (String c : d.columns()) {
            cols.add(dev.fulcrum.data.Columns.ref(c));
        }
        cols.add(functions.udf(f, SQLDataTypes.VectorType()).apply(d.col(in)).as(out, schema.apply(out).metadata()));
        return d.select(cols.toArray(new Column[0]));
    }
}
