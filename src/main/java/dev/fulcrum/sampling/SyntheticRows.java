package dev.fulcrum.sampling;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * SMOTE's interpolation step (Chawla et al. 2002): each synthetic row picks a base row uniformly
 * from the allowed minority rows, one of its k neighbours uniformly, and {@code u ~ U(0,1)}, and is
 * {@code x + u * (neighbour - x)}, i.e. a point on the segment between them. The draws are made in
 * fixed-size chunks, each with its own seeded generator, on the executors (the output never passes
 * through the driver) and depend only on the seed and the sorted minority matrix.
 */
final class SyntheticRows {
    static final int CHUNK = 50_000;

    private SyntheticRows() {
    }

    /**
     * @param bases minority row numbers allowed as the base point (all rows for SMOTE, the
     *              "danger" rows for Borderline-SMOTE)
     */
    static Dataset<Row> generate(Dataset<Row> train, MinorityMatrix mm, int[][] nn, int[] bases, long count,
                                 double label, long seed) {
        return generate(train, mm, nn, bases, count, label, seed, new int[0][]);
    }

    /**
     * @param oneHot {@code {start, size}} of each one-hot block (SMOTE-NC): instead of being
     *               interpolated, a block gets the level set most often among the base row's k
     *               neighbours, a tie broken uniformly at random (imbalanced-learn's SMOTENC rule)
     */
    static Dataset<Row> generate(Dataset<Row> train, MinorityMatrix mm, int[][] nn, int[] bases, long count,
                                 double label, long seed, int[][] oneHot) {
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(train.sparkSession().sparkContext());
        Broadcast<double[]> bx = jsc.broadcast(mm.x());
        Broadcast<int[][]> bnn = jsc.broadcast(nn);
        Broadcast<int[]> bb = jsc.broadcast(bases);
        int d = mm.d();
        List<Long> chunks = new ArrayList<>();
        for (long c = 0; c * CHUNK < count; c++) {
            chunks.add(c);
        }
        int slices = Math.max(1, Math.min(chunks.size(), jsc.defaultParallelism() * 2));
        JavaRDD<Row> rows = jsc.parallelize(chunks, slices).flatMap(c -> {
            double[] x = bx.value();
            int[][] nbr = bnn.value();
            int[] base = bb.value();
            int size = (int) Math.min(CHUNK, count - c * CHUNK);
            SplittableRandom rng = new SplittableRandom(mix(seed, c));
            List<Row> out = new ArrayList<>(size);
            for (int s = 0; s < size; s++) {
                int i = base[rng.nextInt(base.length)];
                int j = nbr[i][rng.nextInt(nbr[i].length)];
                double u = rng.nextDouble();
                double[] v = new double[d];
                for (int f = 0; f < d; f++) {
                    double xi = x[i * d + f];
                    v[f] = xi + u * (x[j * d + f] - xi);
                }
                for (int[] block : oneHot) {
                    vote(x, d, nbr[i], block[0], block[1], v, rng);
                }
                out.add(RowFactory.create(Vectors.dense(v), label));
            }
            return out.iterator();
        });
        StructType schema = new StructType()
                .add(ClassBalance.FEATURES, SQLDataTypes.VectorType(), false)
                .add(ClassBalance.LABEL, DataTypes.DoubleType, false);
        return train.sparkSession().createDataFrame(rows, schema);
    }

    /** Sets {@code v}'s block to the level most frequent among {@code neighbours}; ties: a uniform draw. */
    static void vote(double[] x, int d, int[] neighbours, int start, int size, double[] v, SplittableRandom rng) {
        double[] sum = new double[size];
        double best = Double.NEGATIVE_INFINITY;
        for (int nb : neighbours) {
            for (int e = 0; e < size; e++) {
                sum[e] += x[nb * d + start + e];
            }
        }
        for (double s : sum) {
            best = Math.max(best, s);
        }
        int ties = 0;
        for (double s : sum) {
            ties += s == best ? 1 : 0;
        }
        int pick = ties == 1 ? 0 : rng.nextInt(ties);
        for (int e = 0; e < size; e++) {
            boolean chosen = false;
            if (sum[e] == best) {
                chosen = pick-- == 0;
            }
            v[start + e] = chosen ? 1.0 : 0.0;
        }
    }

    /** Stafford's variant-13 mix of (seed, chunk): independent streams per chunk. */
    static long mix(long seed, long chunk) {
        long z = seed + 0x9E3779B97F4A7C15L * (chunk + 1);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
