package dev.fulcrum.sampling;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.storage.StorageLevel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.monotonically_increasing_id;

/**
 * Tomek-links cleaning (Tomek 1976): a minority row {@code a} and a majority row {@code b} form a
 * link when each is the other's nearest neighbour; the majority member is removed, which clears
 * the class border (imbalanced-learn's default). Every link contains a minority row, so two small
 * searches suffice: the nearest neighbour of each minority row among all rows, then the nearest
 * neighbour of each majority row found that way. Both broadcast the queries and scan the
 * partitions ({@link ScanKnn}); ties are broken by a row id, so a row is never its own neighbour.
 *
 * <p>The ids come from a persisted (MEMORY_AND_DISK) copy of the split that the output is derived
 * from; it lives as long as the job.
 */
public final class TomekLinks implements Resampler {
    private static final Logger LOG = LoggerFactory.getLogger(TomekLinks.class);
    private static final String ID = "_fulcrum_rid";

    @Override
    public String describe() {
        return "tomek";
    }

    @Override
    public Dataset<Row> resample(Dataset<Row> train, long seed) {
        long t0 = System.nanoTime();
        ClassBalance b = ClassBalance.of(train, describe());
        Dataset<Row> withId = train.withColumn(ID, monotonically_increasing_id()).persist(StorageLevel.MEMORY_AND_DISK());
        List<Row> minority = withId.where(col(ClassBalance.LABEL).equalTo(b.minorityLabel()))
                .select(ClassBalance.FEATURES, ID).collectAsList();
        int d = ((Vector) minority.get(0).get(0)).size();
        TopK nnA = nearest(withId, minority, d);
        Map<Long, Long> candidate = new HashMap<>(); // majority id -> minority id whose NN it is
        for (int i = 0; i < minority.size(); i++) {
            if (nnA.size[i] == 1 && nnA.label[i] != b.minorityLabel()) {
                candidate.put(nnA.id[i], minority.get(i).getLong(1));
            }
        }
        Set<Long> removed = new HashSet<>();
        if (!candidate.isEmpty()) {
            List<Row> majority = withId.where(col(ID).isin(candidate.keySet().toArray()))
                    .select(ClassBalance.FEATURES, ID).collectAsList();
            TopK nnB = nearest(withId, majority, d);
            for (int i = 0; i < majority.size(); i++) {
                long bid = majority.get(i).getLong(1);
                if (nnB.size[i] == 1 && nnB.id[i] == candidate.get(bid)) {
                    removed.add(bid);
                }
            }
        }
        Dataset<Row> out = removed.isEmpty() ? withId : withId.where(col(ID).isin(removed.toArray()).unary_$bang());
        LOG.info("{}: removed {} majority rows in links; in minority={} majority={}; out majority={} ({} ms)", describe(),
                removed.size(), b.minority(), b.majority(), b.majority() - removed.size(),
                (System.nanoTime() - t0) / 1_000_000);
        return out.drop(ID);
    }

    private static TopK nearest(Dataset<Row> withId, List<Row> queries, int d) {
        double[] q = new double[queries.size() * d];
        long[] ids = new long[queries.size()];
        for (int i = 0; i < queries.size(); i++) {
            System.arraycopy(((Vector) queries.get(i).get(0)).toArray(), 0, q, i * d, d);
            ids[i] = queries.get(i).getLong(1);
        }
        return ScanKnn.search(withId, ID, q, ids, d, 1);
    }
}
