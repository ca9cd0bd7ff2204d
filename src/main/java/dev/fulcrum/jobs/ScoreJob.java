package dev.fulcrum.jobs;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.udf;
import static org.apache.spark.sql.functions.when;

import dev.fulcrum.bundle.LoadedModel;
import dev.fulcrum.bundle.ModelLocator;
import dev.fulcrum.data.CsvOptions;
import dev.fulcrum.data.DataConfig;
import dev.fulcrum.error.BadInputException;
import dev.fulcrum.error.IoFailureException;
import dev.fulcrum.io.AtomicDirectory;
import dev.fulcrum.data.Columns;
import dev.fulcrum.data.Ingest;
import dev.fulcrum.report.Json;
import dev.fulcrum.results.ScoringSummary;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.util.LongAccumulator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The score job: locate + verify the bundle → read and validate the input with ingest's rules
 * (label optional, the bundle's feature columns required and numeric) → scaler → network on the
 * executors ({@link NetworkScorer}: one broadcast of the zip, restored once per executor) → id
 * columns (+ label when present) + {@code score} + {@code decision} (1 iff score >= the bundle's
 * threshold) written to a hidden temporary sibling of the output and renamed into place, with a
 * {@code _scoring.json} summary. Nothing is collected to the driver but counts.
 */
public final class ScoreJob {
    private static final Logger LOG = LoggerFactory.getLogger(ScoreJob.class);
    public static final String DECISION = "decision";
    public static final String SUMMARY = "_scoring.json";

    /**
     * @param model        run dir, output dir with {@code latest}, or registry model name
     * @param registry     registry root for model names (may be null)
     * @param inputFormat  csv | parquet | auto
     * @param outputFormat csv | parquet
     * @param csv          how a CSV input splits into fields ({@code --delimiter})
     * @param requireSigned refuse a bundle without a valid signature ({@code --require-signed})
     */
    public record Request(String model, String registry, String input, String inputFormat, String output,
                          String outputFormat, boolean overwrite, DataConfig.BadRowPolicy onBadRow, CsvOptions csv,
                          boolean requireSigned) {
        /** A request for RFC 4180 CSV (or Parquet) input that accepts unsigned bundles. */
        public Request(String model, String registry, String input, String inputFormat, String output,
                       String outputFormat, boolean overwrite, DataConfig.BadRowPolicy onBadRow) {
            this(model, registry, input, inputFormat, output, outputFormat, overwrite, onBadRow, CsvOptions.DEFAULT,
                    false);
        }

        /** A request for RFC 4180 CSV (or Parquet) input. */
        public Request(String model, String registry, String input, String inputFormat, String output,
                       String outputFormat, boolean overwrite, DataConfig.BadRowPolicy onBadRow, boolean requireSigned) {
            this(model, registry, input, inputFormat, output, outputFormat, overwrite, onBadRow, CsvOptions.DEFAULT,
                    requireSigned);
        }
    }

    public record Outcome(String output, String modelDir, long rows, long positives, long quarantined,
                          double seconds, double rowsPerSecond) {
    }

    private ScoreJob() {
    }

    public static Outcome run(SparkSession spark, Request req) {
        long t0 = System.nanoTime();
        if (!req.outputFormat().equals("csv") && !req.outputFormat().equals("parquet")) {
            throw new BadInputException("--format must be csv or parquet; got " + req.outputFormat());
        }
        Configuration hadoop = spark.sparkContext().hadoopConfiguration();
        if (!req.overwrite()) {
            checkAbsent(req.output(), hadoop);
        }
        // Verify the model before touching the data.
        String modelDir = ModelLocator.resolve(req.model(), req.registry(), hadoop);
        LoadedModel model = LoadedModel.load(modelDir, hadoop, req.requireSigned());
        LOG.info("scoring with " + modelDir + " (threshold " + model.threshold() + ")");

        // UNIQUE: two scorers of one output never share a temporary directory; the last rename wins.
        AtomicDirectory out = AtomicDirectory.start(req.output(), hadoop, AtomicDirectory.Temp.UNIQUE,
                req.overwrite(), "--output");
        try {
            DataConfig data = new DataConfig(req.input(), req.inputFormat(), model.label(), model.features(),
                    model.idColumns(), req.onBadRow(), null, req.csv());
            double loadSeconds = (System.nanoTime() - t0) / 1e9;
            // One pass over the input: validation (bad rows counted on the way), scaling, the network,
            // the write, and the row and decision counts.
            Ingest.OnePass in = Ingest.readUnlabelledOnePass(spark, data, out.path("_quarantine"));
            List<String> keep = new ArrayList<>(model.idColumns());
            if (in.hasLabel()) {
                keep.add(Columns.LABEL);
            }
            Dataset<Row> scored = model.score(in.rows(), keep);
            LongAccumulator rowCount = spark.sparkContext().longAccumulator("fulcrum scored rows");
            LongAccumulator positiveCount = spark.sparkContext().longAccumulator("fulcrum positive decisions");
            UserDefinedFunction counted = udf((UDF1<Integer, Integer>) d -> {
                rowCount.add(1);
                positiveCount.add(d);
                return d;
            }, DataTypes.IntegerType).asNondeterministic().asNonNullable();
            List<Column> cols = new ArrayList<>();
            for (String id : model.idColumns()) {
                cols.add(Columns.ref(id));
            }
            if (in.hasLabel()) {
                cols.add(col(Columns.LABEL).as(model.label()));
            }
            cols.add(col(Columns.SCORE));
            cols.add(counted.apply(when(col(Columns.SCORE).geq(lit(model.threshold())), lit(1)).otherwise(lit(0)))
                    .as(DECISION));
            Dataset<Row> result = scored.select(cols.toArray(new Column[0]));
            String parts = out.path("data");
            long tw = System.nanoTime();
            try {
                if (req.outputFormat().equals("csv")) {
                    result.write().option("header", "true").csv(parts);
                } else {
                    result.write().parquet(parts);
                }
            } catch (Exception e) { // a task's failure arrives as a (checked) SparkException
                throw in.failure(e);
            }
            double passSeconds = (System.nanoTime() - tw) / 1e9;
            long quarantined = in.settle(); // fails naming the first bad row under onBadRow = fail
            // Accumulators of the write's (result) tasks: merged once per partition, so exact.
            long rows = rowCount.value();
            long positives = positiveCount.value();
            out.flatten("data");
            double seconds = (System.nanoTime() - t0) / 1e9;
            out.writeText(SUMMARY, Json.write(new ScoringSummary(modelDir, String.valueOf(model.meta().get("networkSha256")),
                    model.threshold(), req.input(), rows, positives, quarantined, seconds, rows / seconds)));
            if (req.overwrite()) {
                out.publishReplacing();
            } else {
                out.publish();
            }
            LOG.info(String.format("scored %d rows in %.1fs (%.0f rows/s; bundle %.1fs, scoring pass %.1fs) -> %s",
                    rows, seconds, rows / seconds, loadSeconds, passSeconds, out.target()));
            return new Outcome(out.target().toString(), modelDir, rows, positives, quarantined, seconds,
                    rows / seconds);
        } finally {
            out.abandon(); // a failed run leaves no partial output
        }
    }

    private static void checkAbsent(String output, Configuration hadoop) {
        Path p = new Path(output);
        try {
            if (AtomicDirectory.fileSystem(p, hadoop, "--output").exists(p)) {
                throw new BadInputException("--output: " + p + " already exists; pass --overwrite to replace it");
            }
        } catch (IOException e) {
            throw new IoFailureException("--output: cannot check " + p + ": " + e.getMessage(), e);
        }
    }
}
