package dev.fulcrum.jobs;

import dev.fulcrum.config.SparkSettings;
import java.util.Map;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;

/**
 * Builds the SparkSession for a job. Under spark-submit the master and properties given there win;
 * run directly (scripts/fulcrum), the job's {@code spark} block supplies them. Kryo with ND4J's
 * registrator is always on: DataSets and INDArrays are shipped between JVMs.
 */
public final class Sessions {
    private Sessions() {
    }

    public static SparkSession create(SparkSettings s) {
        SparkConf submitted = new SparkConf(true); // picks up spark.* system properties set by spark-submit
        SparkSession.Builder b = SparkSession.builder().appName(s.appName());
        if (!submitted.contains("spark.master")) {
            b.master(s.master());
            if (s.master().startsWith("local")) {
                b.config("spark.driver.host", "127.0.0.1").config("spark.driver.bindAddress", "127.0.0.1")
                        .config("spark.ui.enabled", "false");
            }
        }
        b.config("spark.serializer", "org.apache.spark.serializer.KryoSerializer")
                .config("spark.kryo.registrator", "org.nd4j.kryo.Nd4jRegistrator")
                .config("spark.sql.session.timeZone", "UTC");
        for (Map.Entry<String, String> e : s.conf().entrySet()) {
            if (!submitted.contains(e.getKey())) {
                b.config(e.getKey(), e.getValue());
            }
        }
        SparkSession spark = b.getOrCreate();
        spark.sparkContext().setLogLevel("WARN");
        return spark;
    }
}
