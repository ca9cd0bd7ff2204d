package dev.fulcrum.train;

import dev.fulcrum.data.Columns;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Turns a (features vector, label) frame into DL4J minibatches, built inside each partition: the
 * training data never passes through the driver. Every {@code DataSet} holds exactly
 * {@code batchSize} examples except the last of each partition — the number the
 * ParameterAveragingTrainingMaster must be told (DESIGN.md §3).
 */
public final class Minibatches {
    private Minibatches() {
    }

    public static JavaRDD<DataSet> of(Dataset<Row> data, int batchSize, int outputColumns) {
        return data.select(Columns.FEATURES, Columns.LABEL).javaRDD()
                .mapPartitions(rows -> batches(rows, batchSize, outputColumns));
    }

    static Iterator<DataSet> batches(Iterator<Row> rows, int batchSize, int outputColumns) {
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return rows.hasNext();
            }

            @Override
            public DataSet next() {
                List<double[]> xs = new ArrayList<>(batchSize);
                List<Double> ys = new ArrayList<>(batchSize);
                while (rows.hasNext() && xs.size() < batchSize) {
                    Row r = rows.next();
                    xs.add(((Vector) r.get(0)).toArray());
                    ys.add(r.getDouble(1));
                }
                return toDataSet(xs, ys, outputColumns);
            }
        };
    }

    /** Labels as one column (sigmoid) or one-hot over two columns (softmax: column 1 = positive). */
    static DataSet toDataSet(List<double[]> xs, List<Double> ys, int outputColumns) {
        int n = xs.size();
        int d = xs.get(0).length;
        double[] flat = new double[n * d];
        for (int i = 0; i < n; i++) {
            System.arraycopy(xs.get(i), 0, flat, i * d, d);
        }
        double[] labels = new double[n * outputColumns];
        for (int i = 0; i < n; i++) {
            double y = ys.get(i);
            if (outputColumns == 1) {
                labels[i] = y;
            } else {
                labels[i * outputColumns + (y > 0.5 ? 1 : 0)] = 1.0;
            }
        }
        INDArray f = Nd4j.create(flat, new long[] {n, d}, DataType.FLOAT);
        INDArray l = Nd4j.create(labels, new long[] {n, outputColumns}, DataType.FLOAT);
        return new DataSet(f, l);
    }
}
