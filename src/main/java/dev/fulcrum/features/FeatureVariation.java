package dev.fulcrum.features;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;

import dev.fulcrum.error.BadInputException;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which raw feature columns take a single value in a split. A constant column carries no
 * information, and when every column is constant the network can only learn the base rate: it
 * then gives every row the same score, which the threshold turns into "all positive" or "all
 * negative" — a model that looks trained and is worthless. Checked on the training split before
 * the scaler is fitted, in one aggregation (min and max of every column).
 */
public final class FeatureVariation {
    private static final Logger LOG = LoggerFactory.getLogger(FeatureVariation.class);

    private FeatureVariation() {
    }

    /** The columns of {@code features} whose minimum equals their maximum over {@code rows}, in order. */
    public static List<String> constantColumns(Dataset<Row> rows, List<String> features) {
        List<Column> aggs = new ArrayList<>();
        for (String c : features) {
            Column v = col(quoted(c));
            aggs.add(min(v));
            aggs.add(max(v));
        }
        Row r = rows.agg(aggs.get(0), aggs.subList(1, aggs.size()).toArray(new Column[0])).first();
        List<String> constant = new ArrayList<>();
        for (int i = 0; i < features.size(); i++) {
            // null min/max: no rows at all; the split check reports that case with its counts
            // equals, not ==: a categorical column's min and max are strings
            if (!r.isNullAt(2 * i) && r.get(2 * i).equals(r.get(2 * i + 1))) {
                constant.add(features.get(i));
            }
        }
        return constant;
    }

    /**
     * Refuses a training split in which no feature varies; warns once per constant column otherwise.
     *
     * @param split named in messages ("training split")
     */
    public static void requireSomeVariation(Dataset<Row> rows, List<String> features, String split) {
        requireSomeVariation(constantColumns(rows, features), features, split);
    }

    /** {@link #requireSomeVariation(Dataset, List, String)} given the split's {@link #constantColumns}. */
    public static void requireSomeVariation(List<String> constant, List<String> features, String split) {
        if (constant.size() == features.size()) {
            throw new BadInputException("data.features: no feature varies in the " + split + " (all "
                    + features.size() + " columns are constant: " + abbreviate(constant)
                    + "); a model could only predict the base rate and would flag every row alike. "
                    + "Check data.input and data.features");
        }
        if (!constant.isEmpty()) {
            LOG.warn("{} of {} feature columns are constant in the {} and carry no information: {}",
                    constant.size(), features.size(), split, abbreviate(constant));
        }
    }

    private static String abbreviate(List<String> names) {
        return names.size() <= 10 ? String.join(", ", names)
                : String.join(", ", names.subList(0, 10)) + ", … (" + (names.size() - 10) + " more)";
    }

    /** A column reference Spark does not parse: names with dots or spaces are common in real tables. */
    private static String quoted(String name) {
        return "`" + name.replace("`", "``") + "`";
    }
}
