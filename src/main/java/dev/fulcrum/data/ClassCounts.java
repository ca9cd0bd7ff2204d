package dev.fulcrum.data;


import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;

/** Rows per class of a binary dataset; the input to {@code posWeight = auto} and stage reports. */
public record ClassCounts(long negatives, long positives) {
    private static final String PART = "_fulcrum_frame";

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

    /**
     * {@link #of} for each frame, in order, from one aggregation over their union: one Spark job
     * (which also fills the frames' caches, when persisted) instead of one per frame.
     */
    public static List<ClassCounts> ofEach(List<Dataset<Row>> frames, String labelCol) {
        Dataset<Row> tagged = null;
        for (int i = 0; i < frames.size(); i++) {
            Dataset<Row> t = frames.get(i).select(functions.lit(i).as(PART), Columns.ref(labelCol).as(labelCol));
            tagged = tagged == null ? t : tagged.union(t);
        }
        Map<Integer, Row> byPart = new HashMap<>();
        for (Row r : tagged.groupBy(functions.col(PART))
                .agg(functions.count(Columns.ref(labelCol)), functions.sum(Columns.ref(labelCol).cast("double")))
                .collectAsList()) {
            byPart.put(r.getInt(0), r);
        }
        List<ClassCounts> out = new ArrayList<>();
        for (int i = 0; i < frames.size(); i++) {
            Row r = byPart.get(i); // absent: the frame has no rows
            long total = r == null ? 0L : r.getLong(1);
            long pos = r == null || r.isNullAt(2) ? 0L : Math.round(r.getDouble(2));
            out.add(new ClassCounts(total - pos, pos));
        }
        return out;
    }
}
