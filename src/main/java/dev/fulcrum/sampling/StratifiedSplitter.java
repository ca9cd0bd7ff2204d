package dev.fulcrum.sampling;

import dev.fulcrum.error.BadInputException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.plans.logical.Filter;
import org.apache.spark.sql.catalyst.plans.logical.LogicalPlan;
import org.apache.spark.sql.catalyst.plans.logical.Project;
import org.apache.spark.sql.execution.columnar.InMemoryRelation;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.MapType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.storage.StorageLevel;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.xxhash64;

/**
 * Train/validation/test split that keeps each class's proportion exact to within one row, so the
 * 0.17% fraud class is neither over- nor under-represented in any split by chance.
 *
 * <p>How: every row gets a seeded content hash; within each class, rows are ordered by that hash
 * and the first {@code round(train*n_c)} go to train, the next {@code round(validation*n_c)} to
 * validation, the rest to test. No sort: {@link HashCut} finds, per class, the two hash values
 * where those cuts fall (a histogram pass, then a pass collecting the rows of two hash ranges of
 * about {@code n_c / 65536} rows each), and each row is placed by comparing its hash with its class's
 * two cuts. The hash depends on the row's values and the seed only, so the split is the same for
 * any partitioning of the input and never collects a class to the driver. The splits are filters
 * over the input; unless it is already cached (as the ingested rows are), the hashed rows are
 * persisted by the first pass, so the input is read once.
 *
 * <p>Variants ({@link SplitSpec}):
 * <ul>
 *   <li>{@code groupBy}: the unit is a group (e.g. a card); a group's stratum is its largest label
 *       (a card with any fraud is a "fraud card"), groups are ranked by a seeded hash of the key and
 *       cut on cumulative row counts, so per-class row proportions are exact to within the size of
 *       one group. Null keys form one group.</li>
 *   <li>{@code timeColumn}: one global ordering by time (ties by hash), cut at the train and
 *       train+validation fractions of all rows: train is strictly the past of validation, which is
 *       the past of test. Class proportions then follow the data (that is the point of a temporal
 *       test). With {@code groupBy} too, a group is placed by its earliest time.</li>
 * </ul>
 * Both variants still rank their units with the distributed sort of {@link OrderedAssignment}:
 * {@code groupBy} aggregates and joins back anyway, and a time order is no uniform hash.
 *
 * <p>The returned frames read a cached frame that lives as long as the job: the input's own cache,
 * else a MEMORY_AND_DISK-persisted copy of the hashed rows (plain split) or of the sorted
 * assignment (the variants, whose sort would not place tied units the same way twice).
 */
public final class StratifiedSplitter {
    private StratifiedSplitter() {
    }

    /**
     * Exact per-class proportions (±1 row per class), deterministic by seed, independent of
     * partitioning. Works on the ingested frame (raw columns + label column named labelCol).
     */
    public static Splits split(Dataset<Row> data, String labelCol, SplitSpec spec) {
        double[] cuts = {spec.train(), spec.train() + spec.validation()};
        requireColumn(data, labelCol, "label column");
        if (spec.groupBy() != null || spec.timeColumn() != null) {
            Dataset<Row> assigned = assignBuckets(data, labelCol, spec.seed(), spec.groupBy(), spec.timeColumn(),
                    OrderedAssignment.byCumulativeFractions(cuts));
            Column bucket = col(OrderedAssignment.BUCKET);
            return new Splits(original(assigned.where(bucket.equalTo(0)), data),
                    original(assigned.where(bucket.equalTo(1)), data), original(assigned.where(bucket.equalTo(2)), data));
        }
        // the label as it is: a cast to string per row and pass was a measurable share of the split
        Dataset<Row> keyed = HashCut.withId(data
                .withColumn(HashCut.STRATUM, col(q(labelCol)))
                .withColumn(HashCut.KEY, rowHash(data, spec.seed())));
        if (!readsFromCache(data)) {
            keyed = keyed.persist(StorageLevel.MEMORY_AND_DISK());
        }
        Map<Object, HashCut.Point[]> points = HashCut.cuts(keyed, n -> new long[] {below(cuts[0], n), below(cuts[1], n)});
        // per class: below its first cut -> train, else below its second -> validation, else test
        Column part = HashCut.part(points);
        return new Splits(original(keyed.where(part.equalTo(0)), data), original(keyed.where(part.equalTo(1)), data),
                original(keyed.where(part.equalTo(2)), data));
    }

    /**
     * A seeded sample holding {@code round(rate * n_c)} of each class's {@code n_c} rows (±1 row),
     * so the class prior of {@code data} is kept: the same hash cut as {@link #split}, one cut per
     * class. Deterministic by seed, independent of partitioning; a filter over {@code data}, which
     * should be cached (it is read three times: two passes for the cuts, then the filter).
     */
    public static Dataset<Row> sample(Dataset<Row> data, String labelCol, double rate, long seed) {
        if (!(rate > 0.0 && rate <= 1.0)) {
            throw new IllegalArgumentException("sample rate must be in (0, 1]; got " + rate);
        }
        requireColumn(data, labelCol, "label column");
        Dataset<Row> keyed = HashCut.withId(data
                .withColumn(HashCut.STRATUM, col(q(labelCol)))
                .withColumn(HashCut.KEY, rowHash(data, seed)));
        Map<Object, HashCut.Point[]> points = HashCut.cuts(keyed, n -> new long[] {below(rate, n)});
        return original(keyed.where(HashCut.part(points).equalTo(0)), data);
    }

    /** The rows of a class of {@code n} rows that {@link #sample} keeps at {@code rate}. */
    public static long sampledRows(double rate, long n) {
        return below(rate, n);
    }

    /**
     * The rows of a class of {@code n} rows that the plain (hash-cut) split puts in train, validation
     * and test: the rule {@link #split} applies per class, for checks that need it without data.
     */
    public static long[] rowsPerSplit(SplitSpec spec, long n) {
        long train = below(spec.train(), n);
        long trainAndValidation = below(spec.train() + spec.validation(), n);
        return new long[] {train, trainAndValidation - train, n - trainAndValidation};
    }

    /**
     * How many of a class's {@code n} rows go before the cumulative fraction {@code cut}: the ranks
     * {@code s} whose midpoint {@code (s + 1/2) / n} is below it, i.e. {@code round(cut * n)} (to
     * within one row; the same rule as {@link OrderedAssignment#byCumulativeFractions}).
     */
    static long below(double cut, long n) {
        long lo = 0;
        long hi = n;
        while (lo < hi) {
            long mid = (lo + hi) >>> 1;
            if ((mid + 1 / 2.0) / n < cut) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /**
     * Whether the input is a Spark cache seen through row-wise filters and projections only (the
     * ingested rows are): then hashing on every pass is cheaper than a second cached copy, and the
     * rows keep their partition and position (hence their {@link HashCut#ID}) on every pass.
     */
    static boolean readsFromCache(Dataset<Row> data) {
        LogicalPlan p = data.queryExecution().withCachedData();
        while (p instanceof Project || p instanceof Filter) {
            if (!p.deterministic()) {
                return false;
            }
            p = p.children().head();
        }
        return p instanceof InMemoryRelation;
    }

    private static Dataset<Row> original(Dataset<Row> assigned, Dataset<Row> data) {
        return assigned.select(Arrays.stream(data.columns()).map(c -> col(q(c))).toArray(Column[]::new));
    }

    private static Dataset<Row> assignBuckets(Dataset<Row> data, String labelCol, long seed, String groupBy,
                                              String timeColumn, OrderedAssignment.Assigner assigner) {
        if (groupBy != null) {
            requireColumn(data, groupBy, "split.groupBy");
        }
        if (timeColumn != null) {
            requireColumn(data, timeColumn, "split.timeColumn");
        }
        Column stratum = timeColumn != null ? lit("all") : col(q(labelCol)).cast("string");
        if (groupBy == null) {
            Dataset<Row> units = data
                    .withColumn(OrderedAssignment.STRATUM, stratum)
                    .withColumn(OrderedAssignment.ORDER,
                            timeColumn == null ? lit(0.0) : col(q(timeColumn)).cast("double"))
                    .withColumn(OrderedAssignment.TIE, rowHash(data, seed))
                    .withColumn(OrderedAssignment.WEIGHT, lit(1L));
            return OrderedAssignment.assign(units, assigner);
        }
        Column groupStratum = timeColumn != null ? lit("all") : max(col(q(labelCol))).cast("string");
        Column groupOrder = timeColumn == null ? lit(0.0) : min(col(q(timeColumn))).cast("double");
        Dataset<Row> groups = data.groupBy(col(q(groupBy)).as("_fulcrum_key"))
                .agg(groupStratum.as(OrderedAssignment.STRATUM), groupOrder.as(OrderedAssignment.ORDER),
                        count(lit(1)).as(OrderedAssignment.WEIGHT))
                .withColumn(OrderedAssignment.TIE, xxhash64(lit(seed), col("_fulcrum_key")));
        Dataset<Row> assignedGroups = OrderedAssignment.assign(groups, assigner)
                .select(col("_fulcrum_key"), col(OrderedAssignment.BUCKET));
        return data.join(assignedGroups, col(q(groupBy)).eqNullSafe(col("_fulcrum_key")), "inner")
                .drop("_fulcrum_key");
    }

    /** Seeded hash of every hashable column: equal rows tie, which cannot change any split's content. */
    static Column rowHash(Dataset<Row> data, long seed) {
        List<Column> cols = new ArrayList<>();
        cols.add(lit(seed));
        for (StructField f : data.schema().fields()) {
            if (hashable(f.dataType())) {
                cols.add(col(q(f.name())));
            }
        }
        return xxhash64(cols.toArray(new Column[0]));
    }

    private static boolean hashable(DataType t) {
        return !(t instanceof MapType);
    }

    private static void requireColumn(Dataset<Row> data, String name, String what) {
        if (!Arrays.asList(data.columns()).contains(name)) {
            throw new BadInputException(what + ": expected a column of the input; got \"" + name
                    + "\"; the input has " + Arrays.toString(data.columns()));
        }
    }

    static String q(String name) {
        return "`" + name.replace("`", "``") + "`";
    }
}
