package dev.fulcrum.sampling;

import dev.fulcrum.error.BadInputException;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import scala.Tuple2;

/**
 * Approximate k nearest minority neighbours for minority sets too large for n^2 distances. For
 * each of {@code tables} seeded random directions, rows are ordered by their projection and cut
 * into windows of {@code blockSize} rows overlapping by half; each Spark task computes the exact
 * neighbours inside one window with an ND4J distance block. Rows close in space are close in
 * projection, so their true neighbours are likely in a shared window; the candidates of all
 * windows are merged per row. Cost O(n * blockSize * d * tables * 2) instead of O(n^2 d).
 *
 * <p>Approximate means: a returned neighbour is a real minority row at its true distance, but may
 * not be among the k exact nearest; recall (share of exact neighbours found) is measured in the
 * tests and the benchmark ({@code KnnRecall}, test source). With {@code n <= blockSize} one window
 * holds everything and the result is exact.
 */
final class ApproxKnn {
    /** Knobs of the approximate search. */
    record Params(int tables, int blockSize) implements Serializable {
        static final Params DEFAULT = new Params(4, 2048);

        Params {
            if (tables < 1) {
                throw new BadInputException("smote.tables must be >= 1; got " + tables);
            }
            if (blockSize < 16) {
                throw new BadInputException("smote.blockSize must be >= 16; got " + blockSize);
            }
        }

        @Override
        public String toString() {
            return "approx(tables=" + tables + ", blockSize=" + blockSize + ")";
        }
    }

    private ApproxKnn() {
    }

    static int[][] neighbours(JavaSparkContext jsc, MinorityMatrix mm, int k, Params p, long seed) {
        int n = mm.n();
        int d = mm.d();
        int block = Math.max(p.blockSize(), k + 1);
        int[][] orders = projectionOrders(mm, p.tables(), seed);
        Broadcast<double[]> bx = jsc.broadcast(mm.x());
        Broadcast<int[][]> bo = jsc.broadcast(orders);
        List<int[]> windows = new ArrayList<>();
        for (int t = 0; t < orders.length; t++) {
            for (int s = 0; ; s += block / 2) {
                int start = Math.min(s, Math.max(0, n - block));
                windows.add(new int[] {t, start});
                if (start + block >= n) {
                    break;
                }
            }
        }
        int slices = Math.max(1, Math.min(windows.size(), jsc.defaultParallelism() * 4));
        List<Tuple2<int[], TopK>> parts = jsc.parallelize(windows, slices).map(w -> {
            double[] x = bx.value();
            int[] order = bo.value()[w[0]];
            int size = Math.min(block, n - w[1]);
            int[] rows = Arrays.copyOfRange(order, w[1], w[1] + size);
            double[] sub = new double[size * d];
            for (int i = 0; i < size; i++) {
                System.arraycopy(x, rows[i] * d, sub, i * d, d);
            }
            double[] dist = Distances.squared(sub, 0, size, sub, 0, size, d);
            TopK top = new TopK(size, k);
            for (int i = 0; i < size; i++) {
                for (int j = 0; j < size; j++) {
                    if (i != j && dist[i * size + j] <= top.bound(i)) {
                        top.offer(i, dist[i * size + j], rows[j], 0);
                    }
                }
            }
            return new Tuple2<>(rows, top);
        }).collect();
        bx.destroy();
        bo.destroy();
        TopK merged = new TopK(n, k);
        List<Set<Long>> seen = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            seen.add(new HashSet<>());
        }
        for (Tuple2<int[], TopK> part : parts) {
            int[] rows = part._1();
            TopK t = part._2();
            for (int i = 0; i < rows.length; i++) {
                for (int j = 0; j < t.size[i]; j++) {
                    long id = t.id[i * k + j];
                    if (seen.get(rows[i]).add(id)) {
                        merged.offer(rows[i], t.dist[i * k + j], id, 0);
                    }
                }
            }
        }
        int[][] nn = new int[n][k];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < k; j++) {
                nn[i][j] = (int) merged.id[i * k + j];
            }
        }
        return nn;
    }

    /** Row numbers sorted by their projection on each of {@code tables} seeded gaussian directions. */
    private static int[][] projectionOrders(MinorityMatrix mm, int tables, long seed) {
        Random rng = new Random(seed);
        double[] w = new double[mm.d() * tables];
        for (int i = 0; i < w.length; i++) {
            w[i] = rng.nextGaussian();
        }
        INDArray x = Nd4j.create(mm.x(), new long[] {mm.n(), mm.d()}, DataType.DOUBLE);
        INDArray dirs = Nd4j.create(w, new long[] {mm.d(), tables}, DataType.DOUBLE);
        double[] proj = x.mmul(dirs).dup('c').data().asDouble();
        int[][] orders = new int[tables][];
        for (int t = 0; t < tables; t++) {
            final int tt = t;
            orders[t] = java.util.stream.IntStream.range(0, mm.n()).boxed()
                    .sorted(Comparator.comparingDouble((Integer i) -> proj[i * tables + tt]).thenComparingInt(i -> i))
                    .mapToInt(Integer::intValue).toArray();
        }
        return orders;
    }
}
