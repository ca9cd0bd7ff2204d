package dev.fulcrum.sampling;

import java.io.Serializable;
import java.util.Arrays;

/**
 * For each of {@code q} queries, the {@code m} nearest candidates seen so far as (squared distance,
 * id, label), kept sorted ascending by (distance, id) so ties are broken by id and the result does
 * not depend on the order candidates arrive in. Partial states from different partitions merge with
 * {@link #merge}: commutative and associative, as deequ-style partial aggregates should be.
 */
final class TopK implements Serializable {
    private static final long serialVersionUID = 1L;
    final int q;
    final int m;
    final double[] dist;
    final long[] id;
    final double[] label;
    final int[] size;

    TopK(int q, int m) {
        this.q = q;
        this.m = m;
        this.dist = new double[q * m];
        this.id = new long[q * m];
        this.label = new double[q * m];
        this.size = new int[q];
    }

    void offer(int query, double d, long cid, double clabel) {
        int base = query * m;
        int s = size[query];
        if (s == m && !less(d, cid, dist[base + m - 1], id[base + m - 1])) {
            return;
        }
        int pos = s == m ? m - 1 : s;
        while (pos > 0 && less(d, cid, dist[base + pos - 1], id[base + pos - 1])) {
            dist[base + pos] = dist[base + pos - 1];
            id[base + pos] = id[base + pos - 1];
            label[base + pos] = label[base + pos - 1];
            pos--;
        }
        dist[base + pos] = d;
        id[base + pos] = cid;
        label[base + pos] = clabel;
        if (s < m) {
            size[query] = s + 1;
        }
    }

    private static boolean less(double d1, long id1, double d2, long id2) {
        return d1 < d2 || (d1 == d2 && id1 < id2);
    }

    /** Worst kept distance of a full query (or +inf): candidates beyond it can be skipped cheaply. */
    double bound(int query) {
        return size[query] == m ? dist[query * m + m - 1] : Double.POSITIVE_INFINITY;
    }

    TopK merge(TopK o) {
        TopK r = new TopK(q, m);
        for (int i = 0; i < q; i++) {
            for (int j = 0; j < size[i]; j++) {
                r.offer(i, dist[i * m + j], id[i * m + j], label[i * m + j]);
            }
            for (int j = 0; j < o.size[i]; j++) {
                r.offer(i, o.dist[i * m + j], o.id[i * m + j], o.label[i * m + j]);
            }
        }
        return r;
    }

    /** The ids of query {@code i}'s neighbours, nearest first. */
    long[] ids(int i) {
        return Arrays.copyOfRange(id, i * m, i * m + size[i]);
    }

    double[] labels(int i) {
        return Arrays.copyOfRange(label, i * m, i * m + size[i]);
    }
}
