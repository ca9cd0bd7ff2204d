package dev.fulcrum.sampling;

import dev.fulcrum.error.BadInputException;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

import static org.apache.spark.sql.functions.col;

/**
 * Per-class row counts of a binary training frame and which class is the minority. Counting is a
 * distributed {@code groupBy}; only the (two) counts reach the driver.
 */
record ClassBalance(double minorityLabel, double majorityLabel, long minority, long majority) {
    static final String LABEL = dev.fulcrum.data.Columns.LABEL;
    static final String FEATURES = dev.fulcrum.data.Columns.FEATURES;

    static Map<Double, Long> counts(Dataset<Row> d) {
        Map<Double, Long> m = new TreeMap<>();
        for (Row r : d.groupBy(col(LABEL)).count().collectAsList()) {
            if (r.isNullAt(0)) {
                throw new BadInputException(LABEL + ": resampling needs a label on every row; got null on "
                        + r.getLong(1) + " rows");
            }
            m.put(r.getDouble(0), r.getLong(1));
        }
        return m;
    }

    /** Binary frames only; with equal counts label 1 is called the minority (the ratio is then already 1). */
    static ClassBalance of(Dataset<Row> train, String who) {
        Map<Double, Long> m = counts(train);
        if (m.size() != 2) {
            throw new BadInputException(who + ": needs exactly two classes in the training split; got " + m);
        }
        List<Double> labels = List.copyOf(m.keySet());
        double a = labels.get(0);
        double b = labels.get(1);
        boolean bIsMinority = m.get(b) <= m.get(a);
        double min = bIsMinority ? b : a;
        double maj = bIsMinority ? a : b;
        return new ClassBalance(min, maj, m.get(min), m.get(maj));
    }

    /** imbalanced-learn's float {@code sampling_strategy}: minority/majority after resampling. */
    static void checkRatio(double ratio, String path) {
        if (!(ratio > 0.0 && ratio <= 1.0)) {
            throw new BadInputException(path + " must be in (0, 1] (minority/majority after resampling); got " + ratio);
        }
    }
}
