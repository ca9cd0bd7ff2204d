package dev.fulcrum.sampling;

import java.util.ArrayList;
import java.io.Serializable;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.LongFunction;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.api.java.UDF3;
import org.apache.spark.sql.types.DataTypes;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.monotonically_increasing_id;
import static org.apache.spark.sql.functions.shiftrightunsigned;
import static org.apache.spark.sql.functions.udf;

/**
 * "The first {@code k} rows of each stratum in a seeded hash order" without sorting anything
 * distributed. Rows are ordered by {@code (key, id)}: {@code key} is a seeded 64-bit content hash
 * (signed order), {@code id} a per-row unique number that only breaks ties between equal keys, i.e.
 * between identical rows (whose order cannot change the content of any part).
 *
 * <p>How the cut row of rank {@code k} is found: pass 1 counts, per stratum, the rows in each of
 * {@code 2^16} key ranges (the key's top 16 bits; exact counts, per partition, merged in a tree); the
 * driver finds the range holding rank {@code k}; pass 2 collects only the rows of those ranges
 * (about {@code n_s / 65536} each: the key is uniform) and the driver sorts them and reads the
 * exact cut. A row is then placed by comparing its {@code (key, id)} with the cuts ({@link #part}):
 * a per-row function, no shuffle, the same result however the rows are partitioned (the counts and the keys
 * do not depend on it, and ids only reorder identical rows).
 *
 * <p>A range holds many more rows only if many rows are identical (one key): a cut inside a
 * million copies of one row collects a million (key, id) pairs to the driver.
 *
 * <p>Ids matter only when a cut falls between rows of equal key; then the caller's frame must give
 * every row the same {@code id} on every evaluation: persisted, or a deterministic plan over
 * persisted or file input ({@link #withId} numbers rows by partition and position).
 */
final class HashCut {
    static final String KEY = "_fulcrum_hash";
    static final String ID = "_fulcrum_id";
    static final String STRATUM = "_fulcrum_stratum";
    /** Key ranges of pass 1: 2^BITS per stratum. */
    static final int BITS = 16;

    private HashCut() {
    }

    /**
     * A position in the {@code (key, id)} order; a row is "below" it when it sorts strictly before.
     * {@link #ALL}: after every row. {@code byId = false} when no other row shares the key: the
     * comparison then ignores ids, which makes it exact even if ids were not stable.
     */
    record Point(long key, long id, boolean byId, boolean all) implements Serializable {
        static final Point ALL = new Point(0L, 0L, false, true);

        boolean above(long rowKey, long rowId) {
            return all || rowKey < key || (byId && rowKey == key && rowId < id);
        }
    }

    /**
     * Per row, the index of the first of its stratum's points it is below ({@code points.length}
     * if none): with the cuts of {@link #cuts}, the part a row belongs to. One function call per
     * row that reads the key once: as a plain column expression, Spark inlines the hash into every
     * comparison and computes it several times per row.
     */
    static Column part(Map<Object, Point[]> cuts) {
        HashMap<Object, Point[]> points = new HashMap<>(cuts);
        boolean byId = points.values().stream().flatMap(Arrays::stream).anyMatch(Point::byId);
        UDF3<Object, Long, Long, Integer> part = (stratum, key, id) -> {
            Point[] p = points.get(stratum);
            int i = 0;
            while (i < p.length && !p[i].above(key, id)) {
                i++;
            }
            return i;
        };
        // without ties the ids are not needed, and not computing them keeps the plan deterministic
        return udf(part, DataTypes.IntegerType).apply(col(STRATUM), col(KEY),
                byId ? col(ID) : lit(0L));
    }

    /** {@code frame} plus a unique per-row {@link #ID} (its partition and position in it). */
    static Dataset<Row> withId(Dataset<Row> frame) {
        return frame.withColumn(ID, monotonically_increasing_id());
    }

    private static HashMap<Object, long[]> merge(HashMap<Object, long[]> a, HashMap<Object, long[]> b) {
        b.forEach((s, h) -> a.merge(s, h, (x, y) -> {
            for (int i = 0; i < x.length; i++) {
                x[i] += y[i];
            }
            return x;
        }));
        return a;
    }

    /** One key range of one stratum. */
    private record Range(Object stratum, int range) implements Serializable {
    }

    /**
     * The cuts of every stratum of {@code keyed} (columns {@link #STRATUM} of any type, {@link #KEY}
     * long, {@link #ID} long): for a stratum of {@code n} rows, {@code ranks.apply(n)} lists
     * non-decreasing ranks in {@code [0, n]} and the answer holds, per rank {@code k}, the point with
     * exactly {@code k} of the stratum's rows below it. Two passes over {@code keyed}; the driver
     * receives at most {@code strata x 2^16} counts and the rows of a few key ranges.
     */
    static Map<Object, Point[]> cuts(Dataset<Row> keyed, LongFunction<long[]> ranks) {
        Column range = shiftrightunsigned(col(KEY).bitwiseXOR(lit(Long.MIN_VALUE)), Long.SIZE - BITS).cast("int");
        // per partition one array per stratum, merged in a tree: a groupBy would shuffle about one
        // partial count per row (a partition holds few rows per range) and measured 3-4x slower
        HashMap<Object, long[]> histograms = keyed.select(col(STRATUM), range).toJavaRDD().treeAggregate(
                new HashMap<>(),
                (HashMap<Object, long[]> m, Row r) -> {
                    m.computeIfAbsent(r.get(0), s -> new long[1 << BITS])[r.getInt(1)]++;
                    return m;
                },
                HashCut::merge);
        // per stratum: for each rank, its key range and its offset inside the range (-1: ALL)
        Map<Object, int[]> rangeOf = new HashMap<>();
        Map<Object, long[]> offsetOf = new HashMap<>();
        HashSet<Range> wanted = new HashSet<>();
        for (Map.Entry<Object, long[]> e : histograms.entrySet()) {
            long[] h = e.getValue();
            long n = Arrays.stream(h).sum();
            long[] k = ranks.apply(n);
            int[] ranges = new int[k.length];
            long[] offsets = new long[k.length];
            List<Integer> distinct = new ArrayList<>();
            for (int i = 0; i < k.length; i++) {
                if (k[i] < 0 || k[i] > n || (i > 0 && k[i] < k[i - 1])) {
                    throw new IllegalArgumentException("ranks must be non-decreasing in [0, " + n + "]; got "
                            + Arrays.toString(k));
                }
                if (k[i] == n) {
                    ranges[i] = -1;
                    continue;
                }
                long before = 0;
                int b = 0;
                while (before + h[b] <= k[i]) {
                    before += h[b++];
                }
                ranges[i] = b;
                offsets[i] = k[i] - before;
                if (!distinct.contains(b)) {
                    distinct.add(b);
                }
            }
            rangeOf.put(e.getKey(), ranges);
            offsetOf.put(e.getKey(), offsets);
            distinct.forEach(b -> wanted.add(new Range(e.getKey(), b)));
        }
        // filtered after the projection, so the key is computed once per row (see #part)
        HashSet<Range> want = wanted;
        List<Row> boundary = keyed.select(col(STRATUM), range, col(KEY), col(ID)).toJavaRDD()
                .filter(r -> want.contains(new Range(r.get(0), r.getInt(1)))).collect();
        Map<Object, Map<Integer, List<long[]>>> rows = new HashMap<>();
        for (Row r : boundary) {
            rows.computeIfAbsent(r.get(0), s -> new HashMap<>())
                    .computeIfAbsent(r.getInt(1), b -> new ArrayList<>())
                    .add(new long[] {r.getLong(2), r.getLong(3)});
        }
        Comparator<long[]> order = Comparator.<long[]>comparingLong(a -> a[0]).thenComparingLong(a -> a[1]);
        rows.values().forEach(m -> m.values().forEach(l -> l.sort(order)));
        Map<Object, Point[]> out = new HashMap<>();
        for (Object s : histograms.keySet()) {
            int[] ranges = rangeOf.get(s);
            long[] offsets = offsetOf.get(s);
            Point[] p = new Point[ranges.length];
            for (int i = 0; i < p.length; i++) {
                if (ranges[i] < 0) {
                    p[i] = Point.ALL;
                } else {
                    List<long[]> inRange = Objects.requireNonNull(rows.get(s)).get(ranges[i]);
                    int j = Math.toIntExact(offsets[i]);
                    long[] at = inRange.get(j);
                    boolean tie = (j > 0 && inRange.get(j - 1)[0] == at[0])
                            || (j + 1 < inRange.size() && inRange.get(j + 1)[0] == at[0]);
                    p[i] = new Point(at[0], at[1], tie, false);
                }
            }
            out.put(s, p);
        }
        return out;
    }
}
