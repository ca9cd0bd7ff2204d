package dev.fulcrum.jobs;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.concat_ws;
import static org.apache.spark.sql.functions.isnan;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.udf;
import static org.apache.spark.sql.functions.when;

import dev.fulcrum.bundle.LoadedModel;
import dev.fulcrum.bundle.ModelLocator;
import dev.fulcrum.data.CsvOptions;
import dev.fulcrum.data.DataConfig;
import dev.fulcrum.error.BadInputException;
import dev.fulcrum.error.InternalException;
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
    /** The calibrated probability of the positive class (bundle.json's calibration applied to the score). */
    public static final String PROBABILITY = "probability";
    public static final String SUMMARY = "_scoring.json";
    /** Rows set aside, with their reason: invalid input rows and rows with a non-finite score. */
    public static final String QUARANTINE = "_quarantine";

    /** The reason a row with a non-finite network output carries in {@code _quarantine}. */
    public static final String NON_FINITE_REASON =
            "score is NaN/Infinity: the model produced a non-finite output for this row";

    /**
     * @param model        run dir, output dir with {@code latest}, or registry model name
     * @param registry     registry root for model names (may be null)
     * @param inputFormat  csv | parquet | auto
     * @param outputFormat csv | parquet
     * @param csv          how a CSV input splits into fields ({@code --delimiter})
     * @param requireSigned refuse a bundle without a valid signature ({@code --require-signed})
     * @param allowEmpty   accept an input without a row to score (a warning, an empty output) instead of refusing it
     */
    public record Request(String model, String registry, String input, String inputFormat, String output,
                          String outputFormat, boolean overwrite, DataConfig.BadRowPolicy onBadRow, CsvOptions csv,
                          boolean requireSigned, boolean allowEmpty) {
        /** A request for RFC 4180 CSV (or Parquet) input that accepts unsigned bundles and refuses an empty input. */
        public Request(String model, String registry, String input, String inputFormat, String output,
                       String outputFormat, boolean overwrite, DataConfig.BadRowPolicy onBadRow) {
            this(model, registry, input, inputFormat, output, outputFormat, overwrite, onBadRow, false);
        }

        /** A request for RFC 4180 CSV (or Parquet) input that accepts unsigned bundles. */
        public Request(String model, String registry, String input, String inputFormat, String output,
                       String outputFormat, boolean overwrite, DataConfig.BadRowPolicy onBadRow, boolean allowEmpty) {
            this(model, registry, input, inputFormat, output, outputFormat, overwrite, onBadRow, CsvOptions.DEFAULT,
                    false, allowEmpty);
        }
    }

    /**
     * @param quarantined     rows in {@code _quarantine}: invalid input rows plus {@code nonFiniteScores}
     * @param nonFiniteScores valid rows the network scored NaN or infinite (never given a decision)
     */
    public record Outcome(String output, String modelDir, long rows, long positives, long quarantined,
                          double seconds, double rowsPerSecond, long nonFiniteScores) {
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
            return score(spark, req, model, modelDir, out, t0);
        } catch (Throwable e) { // Spark's checked exceptions arrive undeclared; a full local disk is an FSError
            IoFailureException full = AtomicDirectory.noSpace("--output", out.target(), e);
            if (full != null) {
                throw full;
            }
            throw e;
        } finally {
            out.abandon(); // a failed run leaves no partial output
        }
    }

    private static Outcome score(SparkSession spark, Request req, LoadedModel model, String modelDir,
                                 AtomicDirectory out, long t0) {
        DataConfig data = new DataConfig(req.input(), req.inputFormat(), model.label(), model.features(),
                model.idColumns(), req.onBadRow(), null, req.csv(), model.columnRules());
        double loadSeconds = (System.nanoTime() - t0) / 1e9;
        // One pass over the input: validation (bad rows counted on the way), scaling, the network,
        // the write, and the row, decision and non-finite score counts.
        Ingest.OnePass in = Ingest.readUnlabelledOnePass(spark, data, out.path(QUARANTINE));
        List<String> keep = new ArrayList<>(model.idColumns());
        if (in.hasLabel()) {
            keep.add(Columns.LABEL);
        }
        Dataset<Row> scored = model.score(in.rows(), keep);
        LongAccumulator rowCount = spark.sparkContext().longAccumulator("fulcrum scored rows");
        LongAccumulator positiveCount = spark.sparkContext().longAccumulator("fulcrum positive decisions");
        LongAccumulator nonFiniteCount = spark.sparkContext().longAccumulator("fulcrum non-finite scores");
        // Non-deterministic, as Ingest's row filter: Catalyst neither moves nor repeats it, so a row is
        // counted once per task, and a result stage's accumulators are merged once per partition.
        UserDefinedFunction finiteScore = udf((UDF1<Double, Boolean>) score -> {
            if (score != null && Double.isFinite(score)) {
                return Boolean.TRUE;
            }
            nonFiniteCount.add(1);
            return Boolean.FALSE;
        }, DataTypes.BooleanType).asNondeterministic();
        UserDefinedFunction counted = udf((UDF1<Integer, Integer>) d -> {
            if (d == null) {
                throw new InternalException("a non-finite score reached the decision column");
            }
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
        dev.fulcrum.eval.Calibration calibration = model.calibration();
        cols.add(udf((UDF1<Double, Double>) s -> s == null ? null : calibration.apply(s), DataTypes.DoubleType)
                .apply(col(Columns.SCORE)).as(PROBABILITY));
        cols.add(counted.apply(decision(col(Columns.SCORE), model.threshold())).as(DECISION));
        Dataset<Row> result = scored.filter(finiteScore.apply(col(Columns.SCORE))).select(cols.toArray(new Column[0]));
        String parts = out.path("data");
        long tw = System.nanoTime();
        try {
            if (req.outputFormat().equals("csv")) {
                result.write().option("header", "true").csv(parts);
            } else {
                result.write().parquet(parts);
            }
        } catch (Exception e) { // a task's failure arrives as a (checked) SparkException
            RuntimeException f = in.failure(e);
            throw f instanceof BadInputException b ? scoreHint(b) : f;
        }
        double passSeconds = (System.nanoTime() - tw) / 1e9;
        long invalid;
        try {
            invalid = in.settle(); // fails naming the first bad row under onBadRow = fail
        } catch (BadInputException e) {
            throw scoreHint(e);
        }
        long nonFinite = nonFiniteCount.value();
        if (nonFinite > 0) {
            setAsideNonFinite(model, in, req, out, nonFinite); // only when there are some: a pass of its own
        }
        long quarantined = invalid + nonFinite;
        // Accumulators of the write's (result) tasks: merged once per partition, so exact.
        long rows = rowCount.value();
        long positives = positiveCount.value();
        boolean refuseEmpty = rows == 0 && !req.allowEmpty();
        if (rows == 0 && quarantined == 0 && !req.allowEmpty()) {
            throw new BadInputException("--input " + req.input() + ": no data rows to score ("
                    + (in.files().format().equals("csv") ? "only a header" : "the input holds no rows")
                    + "); pass --allow-empty to write an empty output");
        }
        if (refuseEmpty) {
            out.delete("data"); // the quarantine is kept, and published, as the explanation
        } else {
            out.flatten("data");
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        out.writeText(SUMMARY, Json.write(new ScoringSummary(modelDir, String.valueOf(model.meta().get("networkSha256")),
                model.threshold(), req.input(), rows, positives, quarantined, seconds, rows / seconds, nonFinite)));
        if (req.overwrite()) {
            out.publishReplacing();
        } else {
            out.publish();
        }
        if (refuseEmpty) {
            throw new BadInputException("--input " + req.input() + ": all " + quarantined + " rows were quarantined"
                    + " (nothing scored); see " + new Path(out.target(), QUARANTINE)
                    + "; fix the input, or pass --allow-empty to accept an output without rows");
        }
        if (nonFinite > 0) {
            LOG.warn(nonFinite + " row(s) got a non-finite score and went to " + new Path(out.target(), QUARANTINE)
                    + " without a decision");
        }
        if (rows == 0) {
            LOG.warn("scored 0 rows: " + req.input() + " has no row to score"
                    + (quarantined > 0 ? " (all " + quarantined + " quarantined)" : "")
                    + "; wrote an empty output because of --allow-empty");
        }
        LOG.info(String.format("scored %d rows in %.1fs (%.0f rows/s; bundle %.1fs, scoring pass %.1fs; %d quarantined,"
                        + " %d of them for a non-finite score) -> %s",
                rows, seconds, rows / seconds, loadSeconds, passSeconds, quarantined, nonFinite, out.target()));
        return new Outcome(out.target().toString(), modelDir, rows, positives, quarantined, seconds, rows / seconds,
                nonFinite);
    }

    /**
     * The decision of a score: 1 iff {@code score >= threshold}, and null (never a decision) for a
     * NaN or infinite score. Spark SQL orders NaN above every number, so the plain comparison
     * decides NaN >= t as true: a broken output would become a positive.
     */
    static Column decision(Column score, double threshold) {
        Column finite = not(isnan(score)).and(score.isNotNull())
                .and(score.notEqual(Double.POSITIVE_INFINITY)).and(score.notEqual(Double.NEGATIVE_INFINITY));
        return when(not(finite), lit(null).cast(DataTypes.IntegerType))
                .when(score.geq(lit(threshold)), lit(1)).otherwise(lit(0));
    }

    /**
     * The rows the write skipped for a non-finite score, found again (the network is deterministic):
     * fails naming the first under onBadRow = fail, else appends them to {@code _quarantine} in its
     * format (file, byte_offset, reason, raw_line), raw_line holding the row's id and feature values.
     */
    private static void setAsideNonFinite(LoadedModel model, Ingest.OnePass in, Request req, AtomicDirectory out,
                                          long count) {
        List<String> shown = new ArrayList<>(model.idColumns());
        for (String f : model.features()) {
            if (!shown.contains(f)) {
                shown.add(f);
            }
        }
        List<Column> values = new ArrayList<>();
        for (String c : shown) {
            values.add(concat(lit(c + "="), coalesce(col(quoted(c)).cast(DataTypes.StringType), lit("null"))));
        }
        // built before scoring: a scaler pipeline may drop the raw columns it consumed
        String raw = "_raw_values";
        Dataset<Row> rows = in.rows().withColumn(raw, concat_ws(",", values.toArray(new Column[0])));
        Column score = col(Columns.SCORE);
        Dataset<Row> bad = model.score(rows, List.of(raw))
                .filter(isnan(score).or(score.isNull()).or(score.equalTo(Double.POSITIVE_INFINITY))
                        .or(score.equalTo(Double.NEGATIVE_INFINITY)))
                .select(lit(req.input()).as("file"), lit(null).cast(DataTypes.LongType).as("byte_offset"),
                        lit(NON_FINITE_REASON).as("reason"), col(raw).as("raw_line"));
        if (req.onBadRow() == DataConfig.BadRowPolicy.FAIL) {
            String row = bad.first().getString(3);
            throw new BadInputException("--input " + req.input() + ": row " + (row.length() > 120 ? row.substring(0, 117)
                    + "..." : row) + ": " + NON_FINITE_REASON + " (" + count + " such row(s) in all); check those values"
                    + " (finite but extreme values can overflow the network) or pass --on-bad-row quarantine");
        }
        bad.write().mode("append").option("header", "true").csv(out.path(QUARANTINE));
    }

    /** Ingest words its bad-row hint for a job file; the score command takes the policy as an option. */
    private static BadInputException scoreHint(BadInputException e) {
        String m = e.getMessage();
        if (m == null || !m.contains("data.onBadRow")) {
            return e;
        }
        return new BadInputException(m.replace("set data.onBadRow = quarantine", "pass --on-bad-row quarantine")
                .replace("data.onBadRow", "--on-bad-row"), e);
    }

    private static String quoted(String column) {
        return "`" + column.replace("`", "``") + "`";
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
