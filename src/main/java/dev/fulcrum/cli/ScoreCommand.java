package dev.fulcrum.cli;

import dev.fulcrum.data.CsvOptions;
import dev.fulcrum.data.DataConfig;
import dev.fulcrum.config.JobConfig;
import dev.fulcrum.jobs.Sessions;
import dev.fulcrum.jobs.ScoreJob;
import dev.fulcrum.jobs.SegScoreJob;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "score", mixinStandardHelpOptions = true,
        description = {"Score a CSV/Parquet input with a trained model: verifies the bundle (every file's SHA-256, the signature),",
                "validates the input like ingest (the model's feature columns, numeric and finite; label optional),",
                "scores on the executors and writes id columns + score + probability + decision (score >= threshold) atomically.",
                "With a segmentation model, --input is a directory of PNG images (images/<id>.png) and the output holds",
                "<id>.png masks and prob/<id>.png probabilities."})
final class ScoreCommand implements Callable<Integer> {
    @Option(names = "--model", required = true,
            description = "A run directory, an output dir (its 'latest' run) or a model name in --registry.")
    String model;
    @Option(names = "--registry", defaultValue = "registry", description = "Model registry root (default: ${DEFAULT-VALUE}).")
    String registry;
    @Option(names = "--input", required = true, description = "CSV file/directory or Parquet directory (Hadoop URI ok).")
    String input;
    @Option(names = "--input-format", defaultValue = "auto", description = "csv, parquet or auto (default: ${DEFAULT-VALUE}).")
    String inputFormat;
    @Option(names = "--delimiter", defaultValue = ",",
            description = "Field delimiter of a CSV input: one character, e.g. ';' or '\\t' for a tab (default: ${DEFAULT-VALUE}).")
    String delimiter;
    @Option(names = "--output", required = true, description = "Output directory (written atomically).")
    String output;
    @Option(names = "--format", defaultValue = "parquet", description = "Output format: csv or parquet (default: ${DEFAULT-VALUE}).")
    String format;
    @Option(names = "--on-bad-row", defaultValue = "fail",
            description = "fail (error naming file, line, column) or quarantine (to <output>/_quarantine).")
    String onBadRow;
    @Option(names = "--overwrite", description = "Replace an existing output.")
    boolean overwrite;
    @Option(names = "--require-signed", description = {"Refuse a bundle without a valid signature by the key in "
            + "FULCRUM_BUNDLE_KEY or the Hadoop credential fulcrum.bundle.key (see docs/security.md).",
            "With a key configured, a signed bundle is always verified, with or without this option."})
    boolean requireSigned;
    @Option(names = "--allow-empty", description = {"Accept an input with no row to score (only a header, or every row",
            "quarantined): warn and write an empty output instead of failing."})
    boolean allowEmpty;
    @Option(names = "--set", description = "Override a spark.* key, e.g. --set spark.master=\"local[4]\" (repeatable).")
    List<String> sets = new ArrayList<>();
    @Option(names = "--verbose", description = "Print stack traces for input errors.")
    boolean verbose;

    @Override
    public Integer call() {
        DataConfig.BadRowPolicy policy = switch (onBadRow) {
            case "fail" -> DataConfig.BadRowPolicy.FAIL;
            case "quarantine" -> DataConfig.BadRowPolicy.QUARANTINE;
            default -> throw new dev.fulcrum.error.BadInputException("--on-bad-row must be fail or quarantine; got " + onBadRow);
        };
        // "\t" as typed in a shell (two characters) means a tab, as it does in a job file
        String d = delimiter.equals("\\t") ? "\t" : delimiter;
        if (d.length() != 1 || d.equals("\"") || d.equals("\n") || d.equals("\r")) {
            throw new dev.fulcrum.error.BadInputException("--delimiter must be one character other than '\"' and a line break"
                    + ", e.g. ';' or '\\t'; got '" + delimiter + "'");
        }
        CsvOptions csv = new CsvOptions(d.charAt(0), CsvOptions.DEFAULT.quote(), CsvOptions.DEFAULT.nullValue());
        boolean owned = SparkSession.getDefaultSession().isEmpty(); // embedded callers keep their session
        SparkSession spark = Sessions.create(JobConfig.sparkOnly(sets));
        try {
            if (SegScoreJob.handles(model, registry, spark.sparkContext().hadoopConfiguration())) {
                SegScoreJob.Outcome o = SegScoreJob.run(spark, new SegScoreJob.Request(model, registry, input, output,
                        overwrite, policy == DataConfig.BadRowPolicy.QUARANTINE, requireSigned));
                System.out.printf("segmented %d images (%d quarantined, %d foreground pixels) with %s in %.1fs "
                        + "(%.1f images/s) -> %s%n", o.images(), o.quarantined(), o.foregroundPixels(), o.modelDir(),
                        o.seconds(), o.imagesPerSecond(), o.output());
                return 0;
            }
            ScoreJob.Outcome o = ScoreJob.run(spark, new ScoreJob.Request(model, registry, input, inputFormat, output,
                    format, overwrite, policy, csv, requireSigned, allowEmpty));
            System.out.printf("scored %d rows (%d decided positive, %d quarantined, %d of them for a non-finite score) with %s"
                    + " in %.1fs (%.0f rows/s) -> %s%n", o.rows(), o.positives(), o.quarantined(), o.nonFiniteScores(), o.modelDir(), o.seconds(), o.rowsPerSecond(), o.output());
            return 0;
        } finally {
            if (owned) {
                spark.stop();
            }
        }
    }
}
