package dev.fulcrum.data;

import dev.fulcrum.error.IoFailureException;
import dev.fulcrum.io.AtomicDirectory;
import java.io.IOException;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;

/** Writes generated data to a path atomically (temporary sibling, then rename). */
public final class GeneratedData {
    private GeneratedData() {
    }

    /** The canonical location of generated data for a config under a directory. */
    public static String defaultPath(String dir, GenerateConfig g) {
        return new Path(dir, String.format("fraud-%d-r%s-seed%d.%s", g.rows(),
                String.valueOf(g.fraudRate()).replace('.', '_'), g.seed(), g.format())).toString();
    }

    /**
     * Writes the data unless {@code path} already exists (then it is reused: generation is a pure
     * function of the config, and the name encodes the config).
     *
     * @return true when the data was written now
     */
    public static boolean writeIfAbsent(SparkSession spark, GenerateConfig g, String path, boolean withBayes,
                                        boolean overwrite) {
        try {
            Path target = new Path(path);
            FileSystem fs = target.getFileSystem(spark.sparkContext().hadoopConfiguration());
            if (fs.exists(target) && !overwrite) {
                return false;
            }
        } catch (IOException e) {
            throw new IoFailureException("cannot check for generated data at " + path + ": " + e.getMessage(), e);
        }
        AtomicDirectory out = AtomicDirectory.start(path, spark.sparkContext().hadoopConfiguration(),
                AtomicDirectory.Temp.FIXED, true, "generated data");
        try {
            String tmp = out.temp().toString();
            var writer = FraudDataGenerator.generate(spark, g, withBayes).write().mode("overwrite");
            if (g.format().equals("csv")) {
                writer.option("header", "true").csv(tmp);
            } else {
                writer.parquet(tmp);
            }
            out.publishReplacing(); // an overwritten data set stays readable until the new one is complete
            return true;
        } finally {
            out.abandon();
        }
    }
}
