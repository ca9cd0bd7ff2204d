package dev.fulcrum.jobs;

import dev.fulcrum.config.SegJobConfig;
import java.io.File;
import java.util.List;
import org.apache.spark.sql.SparkSession;

/** Runs jobs/segmentation-focal-tversky.conf with overrides (tests). */
final class SegmentationJobs {
    private SegmentationJobs() {
    }

    static SegTrainJob.Outcome train(SparkSession spark, String... sets) {
        return SegTrainJob.run(spark, SegJobConfig.load(new File("jobs/segmentation-focal-tversky.conf"), List.of(sets)));
    }
}
