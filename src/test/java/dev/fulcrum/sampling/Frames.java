package dev.fulcrum.sampling;

import dev.fulcrum.SparkTestSession;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/** Small scaled training frames (id, features, label) for the resampler tests. */
final class Frames {
    static final StructType SCHEMA = new StructType()
            .add("id", DataTypes.LongType)
            .add("features", SQLDataTypes.VectorType())
            .add("label", DataTypes.DoubleType);

    private Frames() {
    }

    /** Gaussian majority around 0, minority around 2 (d dims), {@code parts} partitions. */
    static Dataset<Row> gaussian(int nMaj, int nMin, int d, long seed, int parts) {
        Random r = new Random(seed);
        List<Row> rows = new ArrayList<>();
        long id = 0;
        for (int i = 0; i < nMaj + nMin; i++) {
            boolean min = i >= nMaj;
            double[] v = new double[d];
            for (int j = 0; j < d; j++) {
                v[j] = r.nextGaussian() + (min ? 2.0 : 0.0);
            }
            rows.add(RowFactory.create(id++, Vectors.dense(v), min ? 1.0 : 0.0));
        }
        return SparkTestSession.get().createDataFrame(rows, SCHEMA).repartition(parts);
    }

    static Dataset<Row> of(List<double[]> minority, List<double[]> majority) {
        List<Row> rows = new ArrayList<>();
        long id = 0;
        for (double[] v : majority) {
            rows.add(RowFactory.create(id++, Vectors.dense(v), 0.0));
        }
        for (double[] v : minority) {
            rows.add(RowFactory.create(id++, Vectors.dense(v), 1.0));
        }
        return SparkTestSession.get().createDataFrame(rows, SCHEMA);
    }

    static List<double[]> vectors(Dataset<Row> d) {
        List<double[]> out = new ArrayList<>();
        for (Row r : d.select("features").collectAsList()) {
            out.add(((Vector) r.get(0)).toArray());
        }
        return out;
    }
}
