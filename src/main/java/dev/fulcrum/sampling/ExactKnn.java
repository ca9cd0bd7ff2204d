package dev.fulcrum.sampling;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;

/**
 * Exact k nearest neighbours of every minority row among the other minority rows. The minority
 * matrix is broadcast; each Spark task takes a block of query rows and computes its whole block of
 * distances to all minority rows with one ND4J matrix product ({@link Distances}), then keeps the
 * k smallest per row. Cost O(n^2 d) flops spread over the cluster; memory per task O(block * n).
 *
 * <p>Rules: a row is never its own neighbour (by index); a duplicated row is a neighbour at
 * distance 0 like any other (as in imbalanced-learn); ties are broken by row number.
 */
final class ExactKnn {
    static final int QUERY_BLOCK = 256;

    private ExactKnn() {
    }

    /** {@code n x k} neighbour row numbers, nearest first. Requires {@code k <= n - 1}. */
    static int[][] neighbours(JavaSparkContext jsc, MinorityMatrix mm, int k) {
        Broadcast<double[]> bx = jsc.broadcast(mm.x());
        int n = mm.n();
        int d = mm.d();
        List<Integer> blocks = new ArrayList<>();
        for (int s = 0; s < n; s += QUERY_BLOCK) {
            blocks.add(s);
        }
        int slices = Math.max(1, Math.min(blocks.size(), jsc.defaultParallelism() * 4));
        List<int[]> parts = jsc.parallelize(blocks, slices).map(start -> {
            double[] x = bx.value();
            int nq = Math.min(QUERY_BLOCK, n - start);
            double[] dist = Distances.squared(x, start, nq, x, 0, n, d);
            TopK top = new TopK(nq, k);
            for (int i = 0; i < nq; i++) {
                int row = i * n;
                int self = start + i;
                for (int j = 0; j < n; j++) {
                    if (j != self && dist[row + j] <= top.bound(i)) {
                        top.offer(i, dist[row + j], j, 0);
                    }
                }
            }
            int[] out = new int[1 + nq * k];
            out[0] = start;
            for (int i = 0; i < nq; i++) {
                for (int j = 0; j < k; j++) {
                    out[1 + i * k + j] = (int) top.id[i * k + j];
                }
            }
            return out;
        }).collect();
        bx.destroy();
        int[][] nn = new int[n][k];
        for (int[] p : parts) {
            int start = p[0];
            int nq = (p.length - 1) / k;
            for (int i = 0; i < nq; i++) {
                System.arraycopy(p, 1 + i * k, nn[start + i], 0, k);
            }
        }
        return nn;
    }
}
