package dev.fulcrum.data;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.input_file_name;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.udf;
import static org.apache.spark.sql.functions.when;

import dev.fulcrum.error.BadInputException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.io.LongWritable;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.mapreduce.lib.input.FileSplit;
import org.apache.hadoop.mapreduce.lib.input.TextInputFormat;
import org.apache.spark.api.java.JavaNewHadoopRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;
import org.apache.spark.util.LongAccumulator;

/**
 * Reads CSV or Parquet input and validates every row: required columns present, values numeric
 * and finite, label in {0, 1}, both classes present. A bad row either fails the job (the error
 * names file, line and column) or, with {@code data.onBadRow = quarantine}, is written to the
 * quarantine directory with its reason and counted. Nothing is dropped silently.
 *
 * <p>CSV is parsed from the raw lines (Hadoop {@code TextInputFormat}) rather than Spark's CSV
 * reader, because only the raw line keeps its file and byte offset, which is what lets an error
 * say "line 1234".
 */
public final class Ingest {
    static final String ERROR = "_error";
    static final String FILE = "_file";
    static final String OFFSET = "_offset";
    static final String RAW = "_raw";

    /**
     * @param rows        valid rows: id columns (string), feature columns (double),
     *                    {@link Columns#LABEL} (double 0/1) and {@link Columns#BAYES_SCORE} when present;
     *                    read from a MEMORY_AND_DISK cache filled by the validating pass (every split
     *                    of a compare job reads it; {@link #release} drops it)
     * @param cache       that cache
     * @param quarantined rows sent to quarantine (0 under onBadRow = fail)
     */
    public record Result(Dataset<Row> rows, List<String> features, List<String> idColumns, boolean hasBayes,
                         ClassCounts counts, long quarantined, InputFiles files, Dataset<Row> cache) {
        /** Drops the cache {@code rows} reads from, once no split of them is needed any more. */
        public void release() {
            cache.unpersist();
        }
    }

    private Ingest() {
    }

    /** @param quarantineDir where bad rows go under onBadRow = quarantine (a Hadoop path) */
    public static Result read(SparkSession spark, DataConfig cfg, String quarantineDir) {
        Loaded in = load(spark, cfg, true);
        return finish(spark, cfg, in.files(), in.plan(), in.parsed(), quarantineDir, spark.sparkContext().hadoopConfiguration());
    }

    /**
     * Rows to score: the same reading and row rules as {@link #read}, but the label is optional
     * (validated as 0/1 when the column is there, else {@link Columns#LABEL} is absent from the
     * result), both classes are not required and {@code cfg.features()} must all be present.
     *
     * @param quarantineDir where bad rows go under onBadRow = quarantine (a Hadoop path)
     */
    public static Unlabelled readUnlabelled(SparkSession spark, DataConfig cfg, String quarantineDir) {
        if (cfg.features().isEmpty()) {
            throw new IllegalArgumentException("readUnlabelled needs the feature columns to look for");
        }
        Loaded in = load(spark, cfg, false);
        long bad;
        try {
            bad = badRows(in.parsed(), -1, cfg, quarantineDir, spark.sparkContext().hadoopConfiguration());
        } catch (BadInputException e) {
            throw e;
        } catch (Exception e) {
            throw unreadable(in.files(), e);
        }
        Dataset<Row> good = in.parsed().filter(col(ERROR).isNull()).drop(ERROR, FILE, OFFSET, RAW);
        boolean hasLabel = in.plan().label() != null;
        if (!hasLabel) {
            good = good.drop(Columns.LABEL);
        }
        return new Unlabelled(good, in.plan().features(), in.plan().ids(), hasLabel, bad, in.files());
    }

    /**
     * {@link #readUnlabelled} for a consumer that reads the rows in exactly one Spark action (the
     * score job's write): the bad rows are counted while that action runs instead of in a pass of
     * their own. After the action, {@link OnePass#settle()} applies the bad-row policy exactly as
     * {@link #readUnlabelled} does (fail naming the first bad row, or write the quarantine) and
     * returns the count; when the action fails, {@link OnePass#failure} turns an unreadable input
     * into the same one-line error.
     *
     * @param quarantineDir where bad rows go under onBadRow = quarantine (a Hadoop path)
     */
    public static OnePass readUnlabelledOnePass(SparkSession spark, DataConfig cfg, String quarantineDir) {
        if (cfg.features().isEmpty()) {
            throw new IllegalArgumentException("readUnlabelled needs the feature columns to look for");
        }
        Loaded in = load(spark, cfg, false);
        LongAccumulator bad = spark.sparkContext().longAccumulator("fulcrum bad rows");
        // Non-deterministic: Catalyst neither moves nor duplicates the filter, so each row is counted
        // once per task; a result stage's accumulators are merged once per partition.
        UserDefinedFunction isGood = udf((UDF1<Boolean, Boolean>) valid -> {
            if (Boolean.TRUE.equals(valid)) {
                return Boolean.TRUE;
            }
            bad.add(1);
            return Boolean.FALSE;
        }, DataTypes.BooleanType).asNondeterministic();
        Dataset<Row> good = in.parsed().filter(isGood.apply(in.good())).drop(ERROR, FILE, OFFSET, RAW);
        boolean hasLabel = in.plan().label() != null;
        if (!hasLabel) {
            good = good.drop(Columns.LABEL);
        }
        return new OnePass(good, in.plan().features(), in.plan().ids(), hasLabel, in.files(), in.parsed(), bad, cfg,
                quarantineDir, spark.sparkContext().hadoopConfiguration());
    }

    /** The rows of {@link #readUnlabelledOnePass}; the bad-row count is known after one action over them. */
    public static final class OnePass {
        private final Dataset<Row> rows;
        private final List<String> features;
        private final List<String> idColumns;
        private final boolean hasLabel;
        private final InputFiles files;
        private final Dataset<Row> parsed;
        private final LongAccumulator bad;
        private final DataConfig cfg;
        private final String quarantineDir;
        private final Configuration hadoop;

        private OnePass(Dataset<Row> rows, List<String> features, List<String> idColumns, boolean hasLabel,
                        InputFiles files, Dataset<Row> parsed, LongAccumulator bad, DataConfig cfg,
                        String quarantineDir, Configuration hadoop) {
            this.rows = rows;
            this.features = features;
            this.idColumns = idColumns;
            this.hasLabel = hasLabel;
            this.files = files;
            this.parsed = parsed;
            this.bad = bad;
            this.cfg = cfg;
            this.quarantineDir = quarantineDir;
            this.hadoop = hadoop;
        }

        /** Valid rows: id columns (string), feature columns (double), {@link Columns#LABEL} when {@link #hasLabel}. */
        public Dataset<Row> rows() {
            return rows;
        }

        public List<String> features() {
            return features;
        }

        public List<String> idColumns() {
            return idColumns;
        }

        public boolean hasLabel() {
            return hasLabel;
        }

        public InputFiles files() {
            return files;
        }

        /**
         * After the one action over {@link #rows}: fails on the first bad row under onBadRow = fail,
         * else writes the bad rows to the quarantine directory.
         *
         * @return the number of bad rows (0 under onBadRow = fail)
         */
        public long settle() {
            long n = bad.value();
            if (n == 0) {
                return 0;
            }
            try {
                return badRows(parsed, n, cfg, quarantineDir, hadoop);
            } catch (BadInputException e) {
                throw e;
            } catch (Exception e) {
                throw unreadable(files, e);
            }
        }

        /**
         * The error to throw when the action over {@link #rows} failed with {@code e}: the input's
         * one-line "cannot read" error when the input itself cannot be read (checked by reading it
         * again, on this failure path only), else {@code e} unchanged.
         */
        public RuntimeException failure(Exception e) {
            try {
                parsed.filter(col(ERROR).isNotNull()).count();
            } catch (BadInputException again) {
                return again;
            } catch (Exception again) {
                RuntimeException unreadable;
                try {
                    unreadable = unreadable(files, again);
                } catch (Exception notAReadFailure) { // unreadable() rethrows those
                    return Ingest.<RuntimeException>sneaky(e);
                }
                return unreadable;
            }
            return Ingest.<RuntimeException>sneaky(e);
        }
    }

    /**
     * @param rows        valid rows: id columns (string), feature columns (double) and
     *                    {@link Columns#LABEL} (double 0/1) when {@code hasLabel}
     * @param quarantined rows sent to quarantine (0 under onBadRow = fail)
     */
    public record Unlabelled(Dataset<Row> rows, List<String> features, List<String> idColumns, boolean hasLabel,
                             long quarantined, InputFiles files) {
    }

    /** @param good over {@code parsed}: true exactly when {@code ERROR} is null (the row is valid), else false or null */
    private record Loaded(InputFiles files, Plan plan, Dataset<Row> parsed, Column good) {
    }

    private static Loaded load(SparkSession spark, DataConfig cfg, boolean labelRequired) {
        Configuration hadoop = spark.sparkContext().hadoopConfiguration();
        InputFiles files = InputFiles.resolve(cfg.input(), cfg.format(), hadoop);
        if (files.format().equals("csv")) {
            List<String> header = csvHeader(files, hadoop);
            Plan plan = plan(header, cfg, files.files().get(0), labelRequired);
            return new Loaded(files, plan, parseCsv(spark, files, plan), col(ERROR).isNull());
        }
        Dataset<Row> raw;
        try {
            raw = spark.read().parquet(files.files().toArray(new String[0]));
        } catch (Exception e) { // (SparkException is checked, thrown by Scala code) footers are read here: garbage or a truncated file fails now
            throw unreadable(files, e);
        }
        Plan plan = plan(List.of(raw.columns()), cfg, files.files().get(0), labelRequired);
        for (String c : plan.numericColumns()) {
            StructField f = raw.schema().apply(c);
            if (!(f.dataType() instanceof NumericType)) {
                throw new BadInputException("data.input " + files.files().get(0) + ": column " + c
                        + " must be numeric; found " + f.dataType().simpleString());
            }
        }
        return new Loaded(files, plan, validateParquet(raw, plan), validParquetRow(plan));
    }

    /**
     * {@code ERROR is null} of {@link #validateParquet} without building the messages: a much smaller
     * expression, so a whole-stage-generated scan over many columns stays under the JVM's 8000-byte
     * limit for compiling a method (the message chain of 30 features made it 15.7 kB, and the scan
     * ran interpreted). Over the parsed (double) columns; null counts as invalid.
     */
    private static Column validParquetRow(Plan plan) {
        Column ok = lit(true);
        for (String c : plan.features()) {
            ok = ok.and(finite(col(c)));
        }
        if (plan.label() != null) {
            ok = ok.and(finite(col(Columns.LABEL)))
                    .and(col(Columns.LABEL).equalTo(0.0).or(col(Columns.LABEL).equalTo(1.0)));
        }
        if (plan.hasBayes()) {
            ok = ok.and(finite(col(Columns.BAYES_SCORE)));
        }
        return ok;
    }

    private static Column finite(Column v) {
        return v.isNotNull().and(org.apache.spark.sql.functions.not(v.isNaN()))
                .and(v.notEqual(Double.POSITIVE_INFINITY)).and(v.notEqual(Double.NEGATIVE_INFINITY));
    }

    /** Which input columns play which role; {@code label} is null when an unlabelled input has none. */
    record Plan(List<String> header, List<String> ids, List<String> features, String label, boolean hasBayes) {
        List<String> numericColumns() {
            List<String> out = new ArrayList<>(features);
            if (label != null) {
                out.add(label);
            }
            if (hasBayes) {
                out.add(Columns.BAYES_SCORE);
            }
            return out;
        }

        StructType outputSchema() {
            List<StructField> f = new ArrayList<>();
            for (String id : ids) {
                f.add(DataTypes.createStructField(id, DataTypes.StringType, true));
            }
            for (String c : features) {
                f.add(DataTypes.createStructField(c, DataTypes.DoubleType, true));
            }
            f.add(DataTypes.createStructField(Columns.LABEL, DataTypes.DoubleType, true));
            if (hasBayes) {
                f.add(DataTypes.createStructField(Columns.BAYES_SCORE, DataTypes.DoubleType, true));
            }
            f.add(DataTypes.createStructField(ERROR, DataTypes.StringType, true));
            f.add(DataTypes.createStructField(FILE, DataTypes.StringType, true));
            f.add(DataTypes.createStructField(OFFSET, DataTypes.LongType, true));
            f.add(DataTypes.createStructField(RAW, DataTypes.StringType, true));
            return DataTypes.createStructType(f);
        }
    }

    static Plan plan(List<String> header, DataConfig cfg, String file, boolean labelRequired) {
        Set<String> cols = new LinkedHashSet<>(header);
        String label = cfg.label();
        if (!labelRequired && (label == null || !cols.contains(label))) {
            label = null;
        } else if (!cols.contains(cfg.label())) {
            throw new BadInputException("data.label: column '" + cfg.label() + "' not found in " + file
                    + "; its columns are: " + String.join(", ", header) + "; set data.label to the 0/1 column");
        }
        for (String id : cfg.idColumns()) {
            if (!cols.contains(id)) {
                throw new BadInputException("data.idColumns: column '" + id + "' not found in " + file
                        + "; its columns are: " + String.join(", ", header));
            }
        }
        List<String> features = new ArrayList<>();
        if (cfg.features().isEmpty()) {
            for (String c : header) {
                if (!c.equals(cfg.label()) && !cfg.idColumns().contains(c) && !c.equals(Columns.BAYES_SCORE)) {
                    features.add(c);
                }
            }
        } else {
            for (String c : cfg.features()) {
                if (!cols.contains(c) && !labelRequired) {
                    throw new BadInputException("input " + file + ": feature column '" + c + "' the model was trained on"
                            + " is missing; its columns are: " + String.join(", ", header));
                }
                if (!cols.contains(c)) {
                    throw new BadInputException("data.features: column '" + c + "' not found in " + file
                            + "; its columns are: " + String.join(", ", header));
                }
                features.add(c);
            }
        }
        if (features.isEmpty()) {
            throw new BadInputException("data.features: no feature columns left in " + file
                    + " after removing the label and id columns");
        }
        return new Plan(List.copyOf(header), cfg.idColumns(), List.copyOf(features), label,
                cols.contains(Columns.BAYES_SCORE));
    }

    private static List<String> csvHeader(InputFiles files, Configuration hadoop) {
        List<String> first = null;
        for (String f : files.files()) {
            List<String> h = CsvLine.split(InputFiles.firstLine(f, hadoop));
            if (h == null) {
                throw new BadInputException("data.input " + f + ": line 1: header has unbalanced quotes");
            }
            h = h.stream().map(String::trim).toList();
            if (first == null) {
                first = h;
            } else if (!first.equals(h)) {
                throw new BadInputException("data.input " + f + ": line 1: header differs from " + files.files().get(0)
                        + "; expected " + String.join(",", first) + "; found " + String.join(",", h));
            }
        }
        return first;
    }

    private static Dataset<Row> parseCsv(SparkSession spark, InputFiles files, Plan plan) {
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        @SuppressWarnings("unchecked")
        JavaNewHadoopRDD<LongWritable, Text> lines = (JavaNewHadoopRDD<LongWritable, Text>) jsc.newAPIHadoopFile(
                String.join(",", files.files()), TextInputFormat.class, LongWritable.class, Text.class,
                spark.sparkContext().hadoopConfiguration());
        CsvRowValidator validator = new CsvRowValidator(plan);
        JavaRDD<Row> rows = lines.mapPartitionsWithInputSplit((split, it) -> {
            String file = ((FileSplit) split).getPath().toString();
            return new java.util.Iterator<Row>() {
                Row next = advance();

                private Row advance() {
                    while (true) {
                        scala.Tuple2<LongWritable, Text> t;
                        try {
                            if (!it.hasNext()) {
                                return null;
                            }
                            t = it.next();
                        } catch (Exception e) { // IOException from the record reader, e.g. a truncated .gz
                            throw new BadInputException("data.input " + file + ": cannot read (truncated or corrupt file?): "
                                    + oneLine(e), e);
                        }
                        long offset = t._1().get();
                        String line = t._2().toString();
                        if (offset == 0 || line.isBlank()) {
                            continue; // header line of each file; blank lines carry no row
                        }
                        return validator.parse(line, file, offset);
                    }
                }

                @Override
                public boolean hasNext() {
                    return next != null;
                }

                @Override
                public Row next() {
                    Row r = next;
                    next = advance();
                    return r;
                }
            };
        }, false);
        return spark.createDataFrame(rows, plan.outputSchema());
    }

    private static Dataset<Row> validateParquet(Dataset<Row> raw, Plan plan) {
        Column error = lit(null).cast("string");
        // Checks are chained in reverse so the first failing column (in schema order) is reported.
        List<String> checked = plan.numericColumns();
        for (int i = checked.size() - 1; i >= 0; i--) {
            String c = checked.get(i);
            Column v = col(c).cast("double");
            Column bad = v.isNull().or(v.isNaN()).or(v.equalTo(Double.POSITIVE_INFINITY))
                    .or(v.equalTo(Double.NEGATIVE_INFINITY));
            if (c.equals(plan.label())) { // never true for an unlabelled input (label null)
                bad = bad.or(v.notEqual(0.0).and(v.notEqual(1.0)));
                error = when(bad, org.apache.spark.sql.functions.concat(lit("column " + c + ": expected label 0 or 1; got "),
                        org.apache.spark.sql.functions.coalesce(col(c).cast("string"), lit("null")))).otherwise(error);
            } else {
                error = when(bad, org.apache.spark.sql.functions.concat(lit("column " + c + ": expected a finite number; got "),
                        org.apache.spark.sql.functions.coalesce(col(c).cast("string"), lit("null")))).otherwise(error);
            }
        }
        List<Column> out = new ArrayList<>();
        for (String id : plan.ids()) {
            out.add(col(id).cast("string").as(id));
        }
        for (String c : plan.features()) {
            out.add(col(c).cast("double").as(c));
        }
        out.add(plan.label() == null ? lit(null).cast("double").as(Columns.LABEL)
                : col(plan.label()).cast("double").as(Columns.LABEL));
        if (plan.hasBayes()) {
            out.add(col(Columns.BAYES_SCORE).cast("double").as(Columns.BAYES_SCORE));
        }
        out.add(error.as(ERROR));
        out.add(input_file_name().as(FILE));
        out.add(lit(null).cast("long").as(OFFSET));
        out.add(lit(null).cast("string").as(RAW));
        return raw.select(out.toArray(new Column[0]));
    }

    /**
     * Fails on the first bad row (ordered by file and offset) under onBadRow = fail, else writes
     * the bad rows to {@code quarantineDir}. {@code knownBad} < 0 means "count them".
     *
     * @return the number of bad rows
     */
    private static long badRows(Dataset<Row> parsed, long knownBad, DataConfig cfg, String quarantineDir,
                                Configuration hadoop) {
        Dataset<Row> badRows = parsed.filter(col(ERROR).isNotNull());
        long bad = knownBad >= 0 ? knownBad : badRows.count();
        if (bad > 0 && cfg.onBadRow() == DataConfig.BadRowPolicy.FAIL) {
            Row first = badRows.orderBy(col(FILE), col(OFFSET)).first();
            String where = first.isNullAt(first.fieldIndex(OFFSET)) ? first.getString(first.fieldIndex(FILE))
                    : first.getString(first.fieldIndex(FILE)) + ", line "
                    + InputFiles.lineAt(first.getString(first.fieldIndex(FILE)), first.getLong(first.fieldIndex(OFFSET)), hadoop);
            throw new BadInputException("data.input " + where + ": " + first.getString(first.fieldIndex(ERROR))
                    + " (" + bad + " bad row(s) in all); fix the data or set data.onBadRow = quarantine");
        }
        if (bad > 0) {
            badRows.select(col(FILE).as("file"), col(OFFSET).as("byte_offset"), col(ERROR).as("reason"), col(RAW).as("raw_line"))
                    .write().mode("overwrite").option("header", "true").csv(quarantineDir);
        }
        return bad;
    }

    /**
     * A failure while reading the input files (on the driver or in a task) as a one-line input error:
     * the {@link BadInputException} a task raised (it names the file), else the deepest cause's message
     * (Parquet's names the file) prefixed with the input. Errors that are not about reading pass through.
     */
    static RuntimeException unreadable(InputFiles files, Exception e) {
        Throwable root = e;
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof BadInputException j) {
                return new BadInputException(j.getMessage(), e);
            }
            root = t;
        }
        boolean reading = false;
        for (Throwable t = e; t != null; t = t.getCause()) {
            reading |= t instanceof java.io.IOException || t.getClass().getName().startsWith("org.apache.parquet.")
                    || (t.getMessage() != null && t.getMessage().contains("not a Parquet file"));
        }
        if (!reading) {
            return Ingest.<RuntimeException>sneaky(e);
        }
        return new BadInputException("data.input " + files.input() + ": cannot read (truncated or corrupt file?): "
                + oneLine(root), e);
    }

    /** Rethrows {@code e} unchanged (Spark's checked exceptions reach Java code undeclared). */
    @SuppressWarnings("unchecked")
    private static <T extends Exception> T sneaky(Exception e) throws T {
        throw (T) e;
    }

    private static String oneLine(Throwable t) {
        String m = t.getMessage() == null ? t.getClass().getSimpleName() : t.getClass().getSimpleName() + ": " + t.getMessage();
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }

    private static Result finish(SparkSession spark, DataConfig cfg, InputFiles files, Plan plan, Dataset<Row> parsed,
                                 String quarantineDir, Configuration hadoop) {
        // One pass gives the class counts of good rows and the number of bad ones, and keeps the
        // parsed rows: the split and every later stage read them from memory, not from the input.
        Dataset<Row> cached = parsed.persist(StorageLevel.MEMORY_AND_DISK());
        try {
            return finishCached(cfg, files, plan, cached, quarantineDir, hadoop);
        } catch (RuntimeException e) {
            cached.unpersist();
            throw e;
        }
    }

    private static Result finishCached(DataConfig cfg, InputFiles files, Plan plan, Dataset<Row> parsed,
                                       String quarantineDir, Configuration hadoop) {
        Column bucket = when(col(ERROR).isNotNull(), lit(-1.0)).otherwise(col(Columns.LABEL));
        long neg = 0;
        long pos = 0;
        long bad = 0;
        List<Row> buckets;
        try {
            buckets = parsed.groupBy(bucket.as("bucket")).count().collectAsList();
        } catch (Exception e) { // a task's failure arrives as a (checked) SparkException
            throw unreadable(files, e);
        }
        for (Row r : buckets) {
            double b = r.getDouble(0);
            if (b < 0) {
                bad = r.getLong(1);
            } else if (b == 0.0) {
                neg = r.getLong(1);
            } else {
                pos = r.getLong(1);
            }
        }
        if (bad > 0) {
            badRows(parsed, bad, cfg, quarantineDir, hadoop);
        }
        if (neg + pos == 0) {
            throw new BadInputException("data.input " + files.input() + ": no valid data rows"
                    + (bad > 0 ? " (all " + bad + " rows were quarantined)" : " (only a header)"));
        }
        if (neg == 0 || pos == 0) {
            throw new BadInputException("data.label: column '" + plan.label() + "' must hold both classes 0 and 1; found "
                    + neg + " rows of class 0 and " + pos + " of class 1 in " + files.input());
        }
        Dataset<Row> good = parsed.filter(col(ERROR).isNull()).drop(ERROR, FILE, OFFSET, RAW);
        return new Result(good, plan.features(), plan.ids(), plan.hasBayes(), new ClassCounts(neg, pos), bad, files,
                parsed);
    }
}
