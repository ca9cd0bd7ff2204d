package dev.fulcrum.sampling;

import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

import static org.apache.spark.sql.functions.col;

/**
 * The minority rows' feature vectors as one row-major {@code n x d} array on the driver (SMOTE
 * interpolates between minority rows only, so only they are collected). Rows are sorted by value,
 * which makes row numbers, neighbour ids and every seeded draw independent of the input's
 * partitioning.
 */
record MinorityMatrix(double[] x, int n, int d) {
    static MinorityMatrix collect(Dataset<Row> train, double minorityLabel) {
        List<Row> rows = train.where(col(ClassBalance.LABEL).equalTo(minorityLabel))
                .select(col(ClassBalance.FEATURES)).collectAsList();
        double[][] v = new double[rows.size()][];
        for (int i = 0; i < v.length; i++) {
            v[i] = ((Vector) rows.get(i).get(0)).toArray();
        }
        Arrays.sort(v, Comparator.comparing((double[] a) -> a, Arrays::compare));
        int d = v.length == 0 ? 0 : v[0].length;
        double[] flat = new double[v.length * d];
        for (int i = 0; i < v.length; i++) {
            if (v[i].length != d) {
                throw new IllegalArgumentException(ClassBalance.FEATURES + ": all vectors must have the same size; got "
                        + d + " and " + v[i].length);
            }
            System.arraycopy(v[i], 0, flat, i * d, d);
        }
        return new MinorityMatrix(flat, v.length, d);
    }

    double[] row(int i) {
        return Arrays.copyOfRange(x, i * d, i * d + d);
    }
}
