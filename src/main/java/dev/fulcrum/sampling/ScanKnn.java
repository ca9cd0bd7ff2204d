package dev.fulcrum.sampling;

import java.util.Collections;
import java.util.Iterator;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Nearest neighbours of a few query points (minority rows, or majority rows in a Tomek link) among
 * ALL rows of a frame, without moving the frame: the queries are broadcast, each partition reads
 * its rows in chunks, computes a chunk-by-queries distance block with ND4J ({@link Distances}) and
 * keeps a {@link TopK} per query; the partial TopKs are merged with {@code treeReduce}. Only
 * {@code queries x m} numbers come back to the driver.
 *
 * <p>Frame columns used: {@code features}, {@code label} and an optional long id column; a
 * candidate whose id equals the query's id is skipped (the query itself).
 */
final class ScanKnn {
    static final int CHUNK = 2048;

    private ScanKnn() {
    }

    /**
     * @param queries  row-major {@code q x d}
     * @param queryIds per query the id to exclude, or {@code null} to exclude nothing
     * @param idCol    id column name, or {@code null} (candidate ids are then -1)
     */
    static TopK search(Dataset<Row> frame, String idCol, double[] queries, long[] queryIds, int d, int m) {
        int q = queries.length / Math.max(1, d);
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(frame.sparkSession().sparkContext());
        Broadcast<double[]> bq = jsc.broadcast(queries);
        Broadcast<long[]> bid = jsc.broadcast(queryIds == null ? new long[0] : queryIds);
        Dataset<Row> cols = idCol == null ? frame.select(ClassBalance.FEATURES, ClassBalance.LABEL)
                : frame.select(ClassBalance.FEATURES, ClassBalance.LABEL, idCol);
        boolean hasId = idCol != null;
        TopK result = cols.toJavaRDD().mapPartitions((Iterator<Row> it) -> {
            double[] qx = bq.value();
            long[] qid = bid.value();
            TopK top = new TopK(q, m);
            double[] chunk = new double[CHUNK * d];
            double[] labels = new double[CHUNK];
            long[] ids = new long[CHUNK];
            int c = 0;
            while (it.hasNext()) {
                Row r = it.next();
                double[] v = ((Vector) r.get(0)).toArray();
                System.arraycopy(v, 0, chunk, c * d, d);
                labels[c] = r.getDouble(1);
                ids[c] = hasId ? r.getLong(2) : -1L;
                if (++c == CHUNK || !it.hasNext()) {
                    double[] dist = Distances.squared(qx, 0, q, chunk, 0, c, d);
                    for (int i = 0; i < q; i++) {
                        for (int j = 0; j < c; j++) {
                            double dd = dist[i * c + j];
                            if (dd <= top.bound(i) && (qid.length == 0 || qid[i] != ids[j])) {
                                top.offer(i, dd, ids[j], labels[j]);
                            }
                        }
                    }
                    c = 0;
                }
            }
            return Collections.singletonList(top).iterator();
        }).treeReduce(TopK::merge);
        bq.destroy();
        bid.destroy();
        return result;
    }
}
