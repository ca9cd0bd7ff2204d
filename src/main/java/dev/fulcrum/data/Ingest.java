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
import org.apache.spark.sql.functions;
import org.apache.spark.sql.api.java.UDF2;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;
import org.apache.spark.util.LongAccumulator;

/**
 * Reads CSV or Parquet input and validates every row: required columns present (header names
 * unique), values numeric, finite and of magnitude at most {@link #MAX_MAGNITUDE}, label in {0, 1},
 * both classes present. A bad row either fails the job (the error names file, line and column) or,
 * with {@code data.onBadRow = quarantine}, is written to the quarantine directory with its reason
 * and counted. Nothing is dropped silently. The same rules hold for CSV and Parquet, and for
 * training ({@link #read}) and scoring ({@link #readUnlabelled}, {@link #readUnlabelledOnePass}),
 * except for the label, which scoring does not need (below).
 *
 * <p>CSV is parsed from the raw lines (Hadoop {@code TextInputFormat}) rather than Spark's CSV
 * reader, because only the raw line keeps its file and byte offset, which is what lets an error
 * say "line 1234". {@link CsvOptions} ({@code data.csv}) set the delimiter, the quote and the
 * field that means "missing" (a missing feature or label is a bad row, "column X: missing value").
 * A header that splits into one field holding another common delimiter is refused with the
 * {@code data.csv.delimiter} to set.
 *
 * <p>Values from the input are echoed in reasons cut to 80 characters ({@link Echo}); the
 * quarantine's {@code raw_line} column keeps the whole line, since recovering the row is its job.
 *
 * <p>Label when scoring: the label column is optional and never makes a row bad. A value that is
 * 0 or 1 is carried to {@link Columns#LABEL}; any other value (yes/no, 2, empty) leaves the row's
 * label null, and the number of such rows is logged once as a warning. A Parquet label column that
 * is not numeric is not read at all (warning; {@code hasLabel} is false).
 *
 * <p>Categorical columns and empty cells ({@link ColumnRules}): a categorical feature is read as a
 * string and an empty cell in it is {@link ColumnRules#MISSING_LEVEL}; an empty numeric cell is null
 * (for the saved pipeline's imputer) unless the column is required or imputation is off. Which
 * columns are categorical under {@code auto}: {@link CategoricalDetection} (CSV, one extra pass), the
 * string columns (Parquet).
 *
 * <p>Column names may hold dots, spaces and other characters Spark would parse ({@code x.1},
 * {@code my col}); they are referred to through {@link Columns#ref}.
 */
public final class Ingest {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(Ingest.class);
    /**
     * Largest accepted |value| of a feature. Above it the arithmetic downstream stops being finite:
     * the network runs in float32, whose largest value is 3.4e38, and Adam and the scalers square
     * values (float32 squares overflow above 1.8e19; the scaler's float64 sum of squares over n rows
     * needs n * x^2 < 1.8e308). 1e19 keeps a square finite even in float32 and still admits every
     * 64-bit integer (|x| <= 9.2e18: ids, epoch nanoseconds) and any realistic measurement.
     */
    public static final double MAX_MAGNITUDE = 1e19;
    static final String ERROR = "_error";
    static final String FILE = "_file";
    static final String OFFSET = "_offset";
    static final String RAW = "_raw";

    /** The reason of a feature value above {@link #MAX_MAGNITUDE}; {@code shown} as the input writes it. */
    static String tooLarge(String column, String shown) {
        return "column " + column + ": |" + (shown.length() > Echo.MAX ? Echo.of(shown) : shown) + "| exceeds the supported magnitude 1e19; rescale the column";
    }

    /**
     * @param rows        valid rows: id columns (string), feature columns (double),
     *                    {@link Columns#LABEL} (double 0/1) and {@link Columns#BAYES_SCORE} when present;
     *                    read from a MEMORY_AND_DISK cache filled by the validating pass (every split
     *                    of a compare job reads it; {@link #release} drops it)
     * @param cache       that cache
     * @param quarantined rows sent to quarantine (0 under onBadRow = fail)
     */
    public record Result(Dataset<Row> rows, List<String> features, List<String> idColumns, boolean hasBayes,
                         ClassCounts counts, long quarantined, InputFiles files, Dataset<Row> cache,
                         List<String> categorical) {
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
        } else {
            warnUnusableLabels(in.plan().label(), good.filter(col(Columns.LABEL).isNull()).count(), in.files());
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
        LongAccumulator noLabel = spark.sparkContext().longAccumulator("fulcrum rows without a 0/1 label");
        boolean hasLabel = in.plan().label() != null;
        // Non-deterministic: Catalyst neither moves nor duplicates the filter, so each row is counted
        // once per task; a result stage's accumulators are merged once per partition.
        UserDefinedFunction isGood = udf((UDF2<Boolean, Boolean, Boolean>) (valid, labelMissing) -> {
            if (Boolean.TRUE.equals(valid)) {
                if (Boolean.TRUE.equals(labelMissing)) {
                    noLabel.add(1);
                }
                return Boolean.TRUE;
            }
            bad.add(1);
            return Boolean.FALSE;
        }, DataTypes.BooleanType).asNondeterministic();
        Column labelMissing = hasLabel ? col(Columns.LABEL).isNull() : lit(false);
        Dataset<Row> good = in.parsed().filter(isGood.apply(in.good(), labelMissing)).drop(ERROR, FILE, OFFSET, RAW);
        if (!hasLabel) {
            good = good.drop(Columns.LABEL);
        }
        return new OnePass(good, in.plan().features(), in.plan().ids(), hasLabel, in.files(), in.parsed(), bad,
                noLabel, cfg, quarantineDir, spark.sparkContext().hadoopConfiguration());
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
        private final LongAccumulator noLabel;
        private final String label;
        private final DataConfig cfg;
        private final String quarantineDir;
        private final Configuration hadoop;

        private OnePass(Dataset<Row> rows, List<String> features, List<String> idColumns, boolean hasLabel,
                        InputFiles files, Dataset<Row> parsed, LongAccumulator bad, LongAccumulator noLabel,
                        DataConfig cfg, String quarantineDir, Configuration hadoop) {
            this.rows = rows;
            this.features = features;
            this.idColumns = idColumns;
            this.hasLabel = hasLabel;
            this.files = files;
            this.parsed = parsed;
            this.bad = bad;
            this.noLabel = noLabel;
            this.label = cfg.label();
            this.cfg = cfg;
            this.quarantineDir = quarantineDir;
            this.hadoop = hadoop;
        }

        /**
         * Valid rows: id columns (string), feature columns (double), {@link Columns#LABEL} when
         * {@link #hasLabel} (null in a row whose label is not 0/1).
         */
        public Dataset<Row> rows() {
            return rows;
        }

        /** After the one action over {@link #rows}: how many valid rows had no usable 0/1 label. */
        public long withoutLabel() {
            return hasLabel ? noLabel.value() : 0;
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
         * else writes the bad rows to the quarantine directory. Logs the warning about labels that
         * are not 0/1 (see the class comment).
         *
         * @return the number of bad rows (0 under onBadRow = fail)
         */
        public long settle() {
            if (hasLabel) {
                warnUnusableLabels(label, noLabel.value(), files);
            }
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

    private static void warnUnusableLabels(String label, long rows, InputFiles files) {
        if (rows > 0) {
            LOG.warn("data.label: column '" + label + "' of " + files.input() + " is not 0/1 in " + rows
                    + " row(s); scoring does not need the label, so those rows are scored and their label is left empty");
        }
    }

    /**
     * @param rows        valid rows: id columns (string), feature columns (double) and
     *                    {@link Columns#LABEL} (double 0/1, null where the input's label is not 0/1)
     *                    when {@code hasLabel}
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
            List<String> header = CsvHeader.read(files, cfg.csv(), hadoop);
            Plan plan = plan(header, cfg, files.files().get(0), labelRequired);
            if (cfg.rules().autoCategorical()) {
                plan = plan.withCategorical(CategoricalDetection.detect(spark, files, header, plan.features(), cfg.csv()));
            }
            return new Loaded(files, plan, parseCsv(spark, files, plan, cfg.csv(), labelRequired), col(ERROR).isNull());
        }
        Dataset<Row> raw;
        try {
            raw = spark.read().parquet(files.files().toArray(new String[0]));
        } catch (Exception e) { // (SparkException is checked, thrown by Scala code) footers are read here: garbage or a truncated file fails now
            String m = e.getMessage() == null ? "" : e.getMessage().split("\n", 2)[0];
            if (m.contains("COLUMN_ALREADY_EXISTS") || m.contains("uplicate column")) { // Spark refuses them before plan() could
                throw new BadInputException("data.input " + files.input() + ": duplicate column names in the Parquet schema ("
                        + m + "); give every column a distinct name (names that differ only in case count as the same)", e);
            }
            throw unreadable(files, e);
        }
        Plan plan = plan(List.of(raw.columns()), cfg, files.files().get(0), labelRequired);
        if (cfg.rules().autoCategorical()) {
            List<String> strings = new ArrayList<>();
            for (String c : plan.features()) {
                if (raw.schema().apply(c).dataType().equals(DataTypes.StringType)) {
                    strings.add(c);
                }
            }
            plan = plan.withCategorical(strings);
        }
        if (!labelRequired && plan.label() != null && !(raw.schema().apply(plan.label()).dataType() instanceof NumericType)) {
            LOG.warn("data.label: column '" + plan.label() + "' of " + files.input() + " is "
                    + raw.schema().apply(plan.label()).dataType().simpleString()
                    + ", not 0/1; scoring does not need the label, so it is not read");
            plan = new Plan(plan.header(), plan.ids(), plan.features(), null, plan.hasBayes(), plan.categorical(),
                    plan.rules());
        }
        for (String c : plan.numericColumns()) {
            StructField f = raw.schema().apply(c);
            if (!(f.dataType() instanceof NumericType)) {
                throw new BadInputException("data.input " + files.files().get(0) + ": column " + c
                        + " must be numeric; found " + f.dataType().simpleString());
            }
        }
        return new Loaded(files, plan, validateParquet(raw, plan, labelRequired), validParquetRow(plan, labelRequired));
    }

    /**
     * {@code ERROR is null} of {@link #validateParquet} without building the messages: a much smaller
     * expression, so a whole-stage-generated scan over many columns stays under the JVM's 8000-byte
     * limit for compiling a method (the message chain of 30 features made it 15.7 kB, and the scan
     * ran interpreted). Over the parsed (double) columns; null counts as invalid.
     */
    private static Column validParquetRow(Plan plan, boolean labelRequired) {
        Column ok = lit(true);
        for (String c : plan.numericFeatures()) {
            Column v = Columns.ref(c); // validateParquet's parsed (double) column
            Column usable = finite(v).and(functions.abs(v).leq(MAX_MAGNITUDE));
            ok = ok.and(plan.rules().numericMayBeMissing(c) ? v.isNull().or(usable) : usable);
        }
        for (String c : plan.categorical()) {
            if (plan.rules().required().contains(c)) {
                ok = ok.and(Columns.ref(c).isNotNull());
            }
        }
        if (plan.label() != null && labelRequired) {
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
    record Plan(List<String> header, List<String> ids, List<String> features, String label, boolean hasBayes,
                List<String> categorical, ColumnRules rules) {
        /** This plan with {@code columns} (feature columns) read as categorical strings. */
        Plan withCategorical(List<String> columns) {
            return new Plan(header, ids, features, label, hasBayes, List.copyOf(columns), rules);
        }

        List<String> numericFeatures() {
            return features.stream().filter(c -> !categorical.contains(c)).toList();
        }

        List<String> numericColumns() {
            List<String> out = new ArrayList<>(numericFeatures());
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
                f.add(DataTypes.createStructField(c, categorical.contains(c) ? DataTypes.StringType : DataTypes.DoubleType,
                        true));
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
        if (header.stream().map(h -> h.toLowerCase(java.util.Locale.ROOT)).distinct().count() < header.size()) {
            throw CsvHeader.duplicates(header, file);
        }
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
        ColumnRules rules = cfg.rules();
        for (String r : rules.required()) {
            if (!features.contains(r)) {
                throw new BadInputException("data.required: column '" + r + "' is not a feature column of " + file
                        + "; the feature columns are: " + String.join(", ", features));
            }
        }
        List<String> categorical = List.of();
        if (!rules.autoCategorical()) {
            for (String c : rules.categorical()) {
                if (!features.contains(c)) {
                    throw new BadInputException("data.categorical: column '" + c + "' is not a feature column of " + file
                            + " (the label and id columns cannot be categorical); the feature columns are: "
                            + String.join(", ", features));
                }
            }
            categorical = rules.categorical();
        }
        return new Plan(List.copyOf(header), cfg.idColumns(), List.copyOf(features), label,
                cols.contains(Columns.BAYES_SCORE), categorical, rules);
    }

    private static Dataset<Row> parseCsv(SparkSession spark, InputFiles files, Plan plan, CsvOptions csv,
                                         boolean labelRequired) {
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        @SuppressWarnings("unchecked")
        JavaNewHadoopRDD<LongWritable, Text> lines = (JavaNewHadoopRDD<LongWritable, Text>) jsc.newAPIHadoopFile(
                String.join(",", files.files()), TextInputFormat.class, LongWritable.class, Text.class,
                spark.sparkContext().hadoopConfiguration());
        CsvRowValidator validator = new CsvRowValidator(plan, csv, labelRequired);
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

    private static Dataset<Row> validateParquet(Dataset<Row> raw, Plan plan, boolean labelRequired) {
        Column error = lit(null).cast("string");
        // Checks are chained in reverse so the first failing column (in schema order) is reported.
        List<String> checked = plan.numericColumns();
        for (int i = checked.size() - 1; i >= 0; i--) {
            String c = checked.get(i);
            Column v = Columns.ref(c).cast("double");
            Column shown = Echo.of(Columns.ref(c).cast("string"));
            Column notFinite = v.isNaN().or(v.equalTo(Double.POSITIVE_INFINITY)).or(v.equalTo(Double.NEGATIVE_INFINITY));
            if (c.equals(plan.label())) { // never true for an unlabelled input (label null)
                if (labelRequired) {
                    error = when(v.isNull(), lit("column " + c + ": missing value"))
                            .when(notFinite.or(v.notEqual(0.0).and(v.notEqual(1.0))),
                                    functions.concat(lit("column " + c + ": expected label 0 or 1; got "), shown))
                            .otherwise(error);
                }
            } else if (c.equals(Columns.BAYES_SCORE)) {
                error = when(v.isNull().or(notFinite), functions.concat(lit("column " + c + ": expected a finite number; got "),
                        shown)).otherwise(error);
            } else {
                Column missing = plan.rules().numericMayBeMissing(c) ? lit(false) : v.isNull();
                error = when(missing, lit("column " + c + ": missing value"))
                        .when(notFinite, functions.concat(lit("column " + c + ": expected a finite number; got "), shown))
                        .when(functions.abs(v).gt(MAX_MAGNITUDE), functions.concat(lit("column " + c + ": |"),
                                Columns.ref(c).cast("string"), lit("| exceeds the supported magnitude 1e19; rescale the column")))
                        .otherwise(error);
            }
        }
        List<Column> out = new ArrayList<>();
        for (String id : plan.ids()) {
            out.add(Columns.ref(id).cast("string").as(id));
        }
        for (int i = plan.categorical().size() - 1; i >= 0; i--) {
            String c = plan.categorical().get(i);
            if (plan.rules().required().contains(c)) {
                error = when(Columns.ref(c).isNull(), lit("column " + c + ": missing value (a column of data.required)"))
                        .otherwise(error);
            }
        }
        for (String c : plan.features()) {
            if (!plan.categorical().contains(c)) {
                out.add(Columns.ref(c).cast("double").as(c));
            } else if (plan.rules().required().contains(c)) {
                out.add(Columns.ref(c).cast("string").as(c)); // null stays null: the row is bad
            } else {
                out.add(functions.coalesce(Columns.ref(c).cast("string"), lit(ColumnRules.MISSING_LEVEL)).as(c));
            }
        }
        Column label = plan.label() == null ? lit(null).cast("double") : Columns.ref(plan.label()).cast("double");
        if (plan.label() != null && !labelRequired) { // scoring: a label that is not 0/1 is no label
            label = when(label.equalTo(0.0).or(label.equalTo(1.0)), label).otherwise(lit(null).cast("double"));
        }
        out.add(label.as(Columns.LABEL));
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
                parsed, plan.categorical());
    }
}
