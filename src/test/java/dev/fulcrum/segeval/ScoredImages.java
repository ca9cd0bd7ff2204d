package dev.fulcrum.segeval;

import dev.fulcrum.SparkTestSession;
import dev.fulcrum.images.ImageRows;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/** Builds scored image data sets (the ImageRows layout plus prob) for the tests. */
final class ScoredImages {
    static final StructType SCHEMA = ImageRows.SCHEMA.add(ImageRows.PROB,
            DataTypes.createArrayType(DataTypes.FloatType, false), false);

    private final List<Row> rows = new ArrayList<>();

    ScoredImages add(String id, int width, int height, float[] mask, float[] prob) {
        float[] image = new float[mask.length];
        for (int i = 0; i < image.length; i++) {
            image[i] = (i % 7) / 7f;
        }
        return add(id, width, height, image, mask, prob);
    }

    ScoredImages add(String id, int width, int height, float[] image, float[] mask, float[] prob) {
        Row r = ImageRows.row(id, width, height, image, mask);
        Float[] p = new Float[prob.length];
        for (int i = 0; i < p.length; i++) {
            p[i] = prob[i];
        }
        rows.add(RowFactory.create(r.get(0), r.get(1), r.get(2), r.get(3), r.get(4), p));
        return this;
    }

    Dataset<Row> frame(int partitions) {
        return SparkTestSession.get().createDataFrame(rows, SCHEMA).repartition(partitions);
    }
}
