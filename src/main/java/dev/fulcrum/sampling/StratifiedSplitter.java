package dev.fulcrum.sampling;

import dev.fulcrum.error.BadInputException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.MapType;
import org.apache.spark.sql.types.StructField;

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
 * <p>How: every row gets a seeded content hash; within each class, rows are ranked by that hash
 * (a distributed range sort, see {@link OrderedAssignment}) and the first {@code round(train*n_c)}
 * go to train, the next {@code round(validation*n_c)} to validation, the rest to test. The hash
 * depends on the row's values and the seed only, so the split is the same for any partitioning of
 * the input and never collects a class to the driver.
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
 *
 * <p>The returned frames share one MEMORY_AND_DISK-persisted frame (the assignment must not be
 * recomputed differently); it lives as long as the job.
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
        Dataset<Row> assigned = assignBuckets(data, labelCol, spec.seed(), spec.groupBy(), spec.timeColumn(),
                OrderedAssignment.byCumulativeFractions(cuts));
        return new Splits(bucket(assigned, data, 0), bucket(assigned, data, 1), bucket(assigned, data, 2));
    }

    private static Dataset<Row> bucket(Dataset<Row> assigned, Dataset<Row> data, int b) {
        Column[] original = Arrays.stream(data.columns()).map(c -> col("`" + c + "`")).toArray(Column[]::new);
        return assigned.where(col(OrderedAssignment.BUCKET).equalTo(b)).select(original);
    }

    private static Dataset<Row> assignBuckets(Dataset<Row> data, String labelCol, long seed, String groupBy,
                                              String timeColumn, OrderedAssignment.Assigner assigner) {
        requireColumn(data, labelCol, "label column");
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
    private static Column rowHash(Dataset<Row> data, long seed) {
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
