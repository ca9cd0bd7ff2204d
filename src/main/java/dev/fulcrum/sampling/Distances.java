package dev.fulcrum.sampling;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Blocks of squared Euclidean distances with one ND4J matrix product:
 * {@code |a|^2 + |b|^2 - 2 a.b^T}. The product is the O(n*m*d) part and runs in BLAS; the norms
 * and the (clamped at 0, since rounding can make a duplicate's distance slightly negative)
 * assembly are O(n*m).
 */
final class Distances {
    private Distances() {
    }

    /**
     * Row-major {@code na x nb} squared distances between rows {@code [aFrom, aFrom+na)} of
     * {@code a} and rows {@code [bFrom, bFrom+nb)} of {@code b}, both row-major with {@code d}
     * columns.
     */
    static double[] squared(double[] a, int aFrom, int na, double[] b, int bFrom, int nb, int d) {
        INDArray ma = slice(a, aFrom, na, d);
        INDArray mb = slice(b, bFrom, nb, d);
        // gemm straight into a c-ordered result, then one bulk copy out of native memory.
        INDArray prod = Nd4j.createUninitialized(DataType.DOUBLE, new long[] {na, nb}, 'c');
        Nd4j.gemm(ma, mb, prod, false, true, 1.0, 0.0);
        double[] g = new double[na * nb];
        prod.data().asNioDouble().get(g);
        double[] an = norms(a, aFrom, na, d);
        double[] bn = norms(b, bFrom, nb, d);
        for (int i = 0; i < na; i++) {
            int row = i * nb;
            for (int j = 0; j < nb; j++) {
                double v = an[i] + bn[j] - 2.0 * g[row + j];
                g[row + j] = v > 0 ? v : 0.0;
            }
        }
        return g;
    }

    private static INDArray slice(double[] x, int from, int n, int d) {
        double[] part = new double[n * d];
        System.arraycopy(x, from * d, part, 0, n * d);
        return Nd4j.create(part, new long[] {n, d}, DataType.DOUBLE);
    }

    static double[] norms(double[] x, int from, int n, int d) {
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            double s = 0;
            int base = (from + i) * d;
            for (int j = 0; j < d; j++) {
                s += x[base + j] * x[base + j];
            }
            out[i] = s;
        }
        return out;
    }
}
