package dev.fulcrum.features;

import dev.fulcrum.data.Columns;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.Metadata;

/**
 * A fitted scaler applied to rows: what {@code scaler.transform(rows)} returns (the same columns,
 * the same {@code features} vectors bit for bit and in the same dense/sparse form), computed by one
 * function per row from the raw columns when {@link ScalerPlan} replays the scaler. The pipeline
 * itself runs an assembler or scaler UDF per stage, each a vector round trip per row: on 1M rows
 * that was the largest part of scaling the three splits. Any other scaler goes through the pipeline.
 */
public final class ScaledRows {
    private ScaledRows() {
    }

    public static Dataset<Row> of(PipelineModel scaler, Dataset<Row> rows) {
        Optional<ScalerPlan> plan = ScalerPlan.of(scaler, rows.schema());
        if (plan.isEmpty() || !plan.get().knowsVectorForm()) {
            return scaler.transform(rows);
        }
        ScalerPlan p = plan.get();
        // the ML attributes (feature names) the pipeline's output carries: its transform is lazy, and
        // its schema is all that is used of it (transformSchema leaves them out)
        Metadata metadata = scaler.transform(rows).schema().apply(FeatureScaling.FEATURES).metadata();
        UDF1<Row, Vector> features = in -> {
            double[] raw = new double[in.size()];
            for (int i = 0; i < raw.length; i++) {
                raw[i] = in.getDouble(i);
            }
            return p.vector(raw);
        };
        List<Column> out = new ArrayList<>();
        for (String c : rows.columns()) {
            out.add(Columns.ref(c));
        }
        Column inputs = functions.struct(p.inputs().stream().map(Columns::ref).toArray(Column[]::new));
        out.add(functions.udf(features, SQLDataTypes.VectorType()).apply(inputs).as(FeatureScaling.FEATURES, metadata));
        return rows.select(out.toArray(new Column[0]));
    }
}
