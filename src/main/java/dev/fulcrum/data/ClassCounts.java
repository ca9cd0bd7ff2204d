package dev.fulcrum.data;


import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/** Rows per class of a binary dataset; the input to {@code posWeight = auto} and stage reports. */
public record ClassCounts(long negatives, long positives) {

    public ClassCounts {
        if (negatives < 0 || positives < 0) {
            throw new IllegalArgumentException("class counts must be >= 0; got " + negatives + "/" + positives);
        }
    }

    public long total() {
        return negatives + positives;
    }

    /** Fraction of positives, 0 for an empty set. */
    public double positiveRate() {
        return total() == 0 ? 0.0 : (double) positives / total();
    }

    /** Counts the 0/1 values of {@code labelCol} in one distributed aggregation. */
    public static ClassCounts of(Dataset<Row> data, String labelCol) {
        Row r = data.agg(
                org.apache.spark.sql.functions.count(Columns.ref(labelCol)),
                org.apache.spark.sql.functions.sum(Columns.ref(labelCol).cast("double"))).first();
        long total = r.getLong(0);
        long pos = r.isNullAt(1) ? 0L : Math.round(r.getDouble(1));
        return new ClassCounts(total - pos, pos);
    }
}
