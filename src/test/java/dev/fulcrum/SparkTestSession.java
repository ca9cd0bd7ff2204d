package dev.fulcrum;

import org.apache.spark.sql.SparkSession;

/**
 * The one local SparkSession shared by every test in the JVM: local[2], UI off, 2 shuffle
 * partitions, AQE off (so partition counts are what the test set), bound to 127.0.0.1, Kryo
 * with ND4J's registrator as in production. Never stopped by a test: the JVM's shutdown hook
 * stops it once, after the last test class.
 */
public final class SparkTestSession {
    private static SparkSession session;

    private SparkTestSession() {
    }

    public static synchronized SparkSession get() {
        if (session == null) {
            session = SparkSession.builder()
                    .appName("fulcrum-tests")
                    .master("local[2]")
                    .config("spark.ui.enabled", "false")
                    .config("spark.sql.shuffle.partitions", "2")
                    .config("spark.sql.adaptive.enabled", "false")
                    .config("spark.driver.host", "127.0.0.1")
                    .config("spark.driver.bindAddress", "127.0.0.1")
                    .config("spark.serializer", "org.apache.spark.serializer.KryoSerializer")
                    .config("spark.kryo.registrator", "org.nd4j.kryo.Nd4jRegistrator")
                    .config("spark.sql.session.timeZone", "UTC")
                    .getOrCreate();
            session.sparkContext().setLogLevel("WARN");
        }
        return session;
    }
}
