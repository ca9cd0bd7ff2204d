package dev.fulcrum.segment;

import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The job's validated images (cached; {@link #release} drops them) and what validation left out.
 *
 * @param quarantine null when nothing can be quarantined (generated data, or onBadImage = fail)
 */
public record SegImages(Dataset<Row> rows, Dataset<Row> quarantine, long kept, long quarantined,
                        Map<String, Long> quarantinedByReason, String source, double seconds, Runnable releaser) {
    public void release() {
        releaser.run();
    }
}
