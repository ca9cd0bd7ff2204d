package dev.fulcrum.cli;

import dev.fulcrum.data.GenerateConfig;
import dev.fulcrum.config.SparkSettings;
import dev.fulcrum.config.JobConfig;
import dev.fulcrum.data.GeneratedData;
import dev.fulcrum.jobs.Sessions;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "generate", mixinStandardHelpOptions = true,
        description = {"Write fraud-like data with the credit-card fraud schema (Time, V1..V28, Amount, Class),",
                "generated in parallel by Spark partitions, deterministic by seed. The bayes_score column holds",
                "each row's true P(Class=1 | features) under the generator's model (never used as a feature)."})
final class GenerateCommand implements Callable<Integer> {
    @Option(names = "--output", required = true, description = "Output path or Hadoop URI (a directory of part files).")
    String output;
    @Option(names = "--rows", defaultValue = "284807", description = "Rows to generate (default: ${DEFAULT-VALUE}).")
    long rows;
    @Option(names = "--fraud-rate", defaultValue = "0.00172", description = "Share of rows labelled 1 (default: ${DEFAULT-VALUE}).")
    double fraudRate;
    @Option(names = "--seed", defaultValue = "42", description = "Random seed (default: ${DEFAULT-VALUE}).")
    long seed;
    @Option(names = "--partitions", defaultValue = "8", description = "Spark partitions = output files (default: ${DEFAULT-VALUE}).")
    int partitions;
    @Option(names = "--format", defaultValue = "csv", description = "csv or parquet (default: ${DEFAULT-VALUE}).")
    String format;
    @Option(names = "--no-bayes-column", description = "Leave out the bayes_score column.")
    boolean noBayes;
    @Option(names = "--overwrite", description = "Replace existing output.")
    boolean overwrite;
    @Option(names = "--master", description = "Spark master when not run by spark-submit (default: local[*]).")
    String master;
    @Option(names = "--verbose", description = "Print stack traces for input errors.")
    boolean verbose;

    @Override
    public Integer call() {
        GenerateConfig g = new GenerateConfig(rows, fraudRate, seed, partitions, format);
        List<String> sets = master == null ? List.of() : List.of("spark.master=\"" + master + "\"");
        SparkSettings s = JobConfig.sparkOnly(sets);
        SparkSession spark = Sessions.create(s);
        long t = System.nanoTime();
        boolean written = GeneratedData.writeIfAbsent(spark, g, output, !noBayes, overwrite);
        if (!written) {
            System.err.println("fulcrum: " + output + " already exists; pass --overwrite to replace it");
            return 2;
        }
        System.out.printf("wrote %d rows (fraud rate %.5f, seed %d) to %s in %.1fs%n", rows, fraudRate, seed, output,
                (System.nanoTime() - t) / 1e9);
        spark.stop();
        return 0;
    }
}
