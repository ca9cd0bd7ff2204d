package dev.fulcrum.features;

import dev.fulcrum.data.ColumnRules;
import dev.fulcrum.data.Columns;
import dev.fulcrum.data.VectorLayout;
import dev.fulcrum.error.BadInputException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.feature.Imputer;
import org.apache.spark.ml.feature.OneHotEncoder;
import org.apache.spark.ml.feature.StandardScaler;
import org.apache.spark.ml.feature.StringIndexer;
import org.apache.spark.ml.feature.StringIndexerModel;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Assembles the raw feature columns into the {@code features} vector and scales each column group
 * as the {@link ScalingSpec} says. The scalers' statistics (mean/std, median/IQR) are computed on
 * the training split only: fitting them on all rows would leak validation/test statistics into
 * training, and the saved {@link PipelineModel} is what scoring applies, so train and score see the
 * exact same transformation.
 *
 * <p>Vector layout: the groups are concatenated in the order standard, robust, none, each group
 * keeping the order of {@code featureColumns}; {@link #vectorLayout} returns it (for the bundle's
 * feature names). Intermediate columns ({@code _fulcrum_scale_*}) are dropped by a final
 * {@link DropColumns} stage. A feature whose name Spark would parse ({@code x.1}, {@code my col}) is
 * first copied under a safe name by a {@link CopyColumns} stage, since MLlib's assembler cannot read it.
 */
public final class FeatureScaling {
    /** Output column, the contract's {@code Columns.FEATURES}. */
    public static final String FEATURES = dev.fulcrum.data.Columns.FEATURES;
    private static final String PREFIX = "_fulcrum_scale_";
    /** Names MLlib's column lookups take as they are (no dots, spaces, backticks or operators). */
    private static final java.util.regex.Pattern SAFE_NAME = java.util.regex.Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private FeatureScaling() {
    }

    /**
     * Fits VectorAssembler + the scalers on the TRAIN split only; the returned PipelineModel maps raw
     * feature columns -> {@code features} (and keeps the other columns).
     */
    public static PipelineModel fit(Dataset<Row> train, List<String> featureColumns, ScalingSpec spec) {
        return fit(train, featureColumns, List.of(), spec, ColumnRules.STRICT).model();
    }

    /**
     * The fitted pipeline, what its vector holds, and the numeric columns its imputer fills (an
     * empty cell in any other numeric column is a bad row at scoring, as the pipeline cannot fill it).
     * {@code constant}: the feature columns constant in the training split when the fit found them on
     * the way (what {@link FeatureVariation#constantColumns} returns), else null.
     */
    public record Fitted(PipelineModel model, VectorLayout layout, List<String> imputed, List<String> constant) {
    }

    /**
     * {@link #fit(Dataset, List, ScalingSpec)} for a table with categorical (string) columns and
     * empty numeric cells (null), everything fitted on the TRAIN split only and saved in one pipeline:
     * <ul>
     *   <li>numeric columns with empty cells in the input (any split; see the overload): a {@link MissingIndicator} (with
     *       {@code rules.indicator()}) adds {@code <col>_missing}, then MLlib's {@code Imputer}
     *       (median | mean; {@code constant} is an Imputer fitted on the constant alone) fills them;
     *       numeric columns complete in the input get neither, keeping the vector free of constant features;</li>
     *   <li>the numeric columns are scaled as {@code spec} says;</li>
     *   <li>categorical columns: {@code StringIndexer} (levels by descending train frequency, ties
     *       alphabetical; {@code handleInvalid = keep}, so a value unseen in train gets the extra
     *       last index) then {@code OneHotEncoder} with {@code dropLast = true}: the dropped last
     *       category is that unseen bucket, so each train level has its own 0/1 element and an unseen
     *       value is all zeros. An empty cell is the level {@link ColumnRules#MISSING_LEVEL}. One-hot
     *       elements and indicators are not scaled. With {@code rules.encoding() = TARGET} the indexes
     *       go to a {@link TargetEncoder} instead (fitted on the train split's labels): one input per
     *       column, {@code <col>#target}, in place of the block.</li>
     * </ul>
     * Vector layout: the scaled numeric groups ({@link #vectorLayout}), with {@code spec.bins() > 0}
     * each group's piecewise-linear encodings ({@link PiecewiseLinearModel}, {@code <col>#pl<t>}),
     * the indicators, then one block
     * of {@code <col>=<level>} elements per categorical column in {@code featureColumns} order.
     */
    public static Fitted fit(Dataset<Row> train, List<String> featureColumns, List<String> categorical,
                             ScalingSpec spec, ColumnRules rules) {
        return fit(train, train, featureColumns, categorical, spec, rules);
    }

    /**
     * {@link #fit(Dataset, List, List, ScalingSpec, ColumnRules)} imputing every numeric column with
     * an empty cell in {@code all} (every split: a column complete in train but not in validation
     * must still be filled there), its statistics still from {@code train} only.
     */
    public static Fitted fit(Dataset<Row> train, Dataset<Row> all, List<String> featureColumns, List<String> categorical,
                             ScalingSpec spec, ColumnRules rules) {
        if (featureColumns.isEmpty()) {
            throw new BadInputException("features: at least one feature column is required; got []");
        }
        List<String> numeric = featureColumns.stream().filter(c -> !categorical.contains(c)).toList();
        List<String> cats = featureColumns.stream().filter(categorical::contains).toList();
        List<String> unknown = spec.unknownColumns(featureColumns);
        if (!unknown.isEmpty()) {
            throw new BadInputException("scaling: columns must be feature columns; got " + unknown
                    + "; the feature columns are " + featureColumns);
        }
        List<String> scaledCategorical = cats.stream().filter(c -> spec.lists(c)
                && spec.kindOf(c) != ScalingSpec.Kind.NONE).toList();
        if (!scaledCategorical.isEmpty()) {
            throw new BadInputException("scaling: categorical columns are encoded (data.encoding) and never scaled; got "
                    + scaledCategorical + " under scaling.standard/robust; remove them there");
        }
        List<String> have = Arrays.asList(train.columns());
        for (String c : featureColumns) {
            if (!have.contains(c)) {
                throw new BadInputException("features: expected column \"" + c + "\" in the training data; found "
                        + have);
            }
        }
        List<String> withMissing = rules.impute() == ColumnRules.Impute.NONE ? List.of()
                : missingIn(all, numeric.stream().filter(c -> !rules.required().contains(c)).toList());
        requireSomeValue(train, withMissing);
        Map<ScalingSpec.Kind, List<String>> groups = groups(numeric, spec);
        // Without imputation the scalers see the raw values: one pass fits them both and finds the
        // constant columns. An imputed column is scaled after the imputer, so its scaler fits there.
        ScalerStatistics stats = withMissing.isEmpty() ? ScalerStatistics.of(train,
                groups.getOrDefault(ScalingSpec.Kind.STANDARD, List.of()),
                groups.getOrDefault(ScalingSpec.Kind.ROBUST, List.of()), featureColumns) : null;
        if (stats != null && stats.rows() == 0) {
            stats = null; // an empty split: the estimators report it as they always have
        }
        List<PipelineStage> stages = new ArrayList<>();
        List<String> intermediate = new ArrayList<>();
        // The assembler cannot read a column whose name Spark parses (x.1, a backtick): it reads a copy.
        Map<String, String> safe = new java.util.LinkedHashMap<>();
        for (String c : featureColumns) {
            if (!SAFE_NAME.matcher(c).matches()) {
                safe.put(c, PREFIX + "in_" + safe.size());
            }
        }
        if (!safe.isEmpty()) {
            stages.add(new CopyColumns().setColumns(new ArrayList<>(safe.keySet()), new ArrayList<>(safe.values())));
            intermediate.addAll(safe.values());
        }
        Map<String, String> numericInput = new java.util.LinkedHashMap<>(); // numeric column -> what the scaler reads
        numeric.forEach(c -> numericInput.put(c, safe.getOrDefault(c, c)));
        List<String> indicators = new ArrayList<>();
        List<String> indicatorNames = new ArrayList<>();
        if (!withMissing.isEmpty()) {
            if (rules.indicator()) {
                for (String c : withMissing) {
                    indicators.add(PREFIX + "miss_" + indicators.size());
                    indicatorNames.add(c + "_missing");
                }
                stages.add(new MissingIndicator().setColumns(withMissing.stream().map(numericInput::get).toList(),
                        indicators));
                intermediate.addAll(indicators);
            }
            String[] in = withMissing.stream().map(numericInput::get).toArray(String[]::new);
            String[] out = new String[in.length];
            for (int i = 0; i < in.length; i++) {
                out[i] = PREFIX + "imp_" + i;
                numericInput.put(withMissing.get(i), out[i]);
                intermediate.add(out[i]);
            }
            stages.add(imputer(train, rules, in, out));
        }
        boolean single = groups.size() == 1 && indicators.isEmpty() && cats.isEmpty() && spec.bins() == 0;
        List<String> groupOutputs = new ArrayList<>();
        List<String> binOutputs = new ArrayList<>();
        for (Map.Entry<ScalingSpec.Kind, List<String>> e : groups.entrySet()) {
            String name = e.getKey().name().toLowerCase(Locale.ROOT);
            String assembled = single && e.getKey() == ScalingSpec.Kind.NONE ? FEATURES : PREFIX + name + "_in";
            String scaled = single ? FEATURES : PREFIX + name;
            stages.add(new VectorAssembler().setInputCols(e.getValue().stream().map(numericInput::get)
                            .toArray(String[]::new))
                    .setOutputCol(assembled).setHandleInvalid("error"));
            switch (e.getKey()) {
                case STANDARD -> stages.add(stats != null ? stats.standard(assembled, scaled)
                        : new StandardScaler().setInputCol(assembled).setOutputCol(scaled).setWithMean(true)
                                .setWithStd(true));
                // exact, run-to-run identical statistics; Spark's sketch-based RobustScaler is neither
                case ROBUST -> stages.add(stats != null ? stats.robust(assembled, scaled)
                        : new ExactRobustScaler().setInputCol(assembled).setOutputCol(scaled));
                case NONE -> scaled = assembled;
                default -> throw new IllegalStateException("unhandled scaling kind " + e.getKey());
            }
            groupOutputs.add(scaled);
            for (String c : new String[] {assembled, scaled}) {
                if (!c.equals(FEATURES) && !intermediate.contains(c)) {
                    intermediate.add(c);
                }
            }
            if (spec.bins() > 0) {
                // the bins are quantiles of the scaled values: the same bins as of the raw ones (the
                // scalers are monotone), read from the vector the group already has
                String binned = PREFIX + name + "_bins";
                stages.add(new PiecewiseLinearEncoder().setInputCol(scaled).setOutputCol(binned).setBins(spec.bins())
                        .setNames(e.getValue()));
                binOutputs.add(binned);
                intermediate.add(binned);
            }
        }
        groupOutputs.addAll(binOutputs);
        groupOutputs.addAll(indicators);
        if (!cats.isEmpty()) {
            String[] in = cats.stream().map(c -> safe.getOrDefault(c, c)).toArray(String[]::new);
            String[] idx = new String[in.length];
            String[] ohe = new String[in.length];
            for (int i = 0; i < in.length; i++) {
                idx[i] = PREFIX + "idx_" + i;
                ohe[i] = PREFIX + "ohe_" + i;
            }
            stages.add(new StringIndexer().setInputCols(in).setOutputCols(idx).setHandleInvalid("keep")
                    .setStringOrderType("frequencyDesc"));
            intermediate.addAll(Arrays.asList(idx));
            if (rules.encoding() == ColumnRules.Encoding.TARGET) {
                String levels = PREFIX + "levels";
                String target = PREFIX + "target";
                stages.add(new VectorAssembler().setInputCols(idx).setOutputCol(levels));
                stages.add(new TargetEncoder().setInputCol(levels).setLabelCol(Columns.LABEL).setOutputCol(target)
                        .setSmoothing(rules.smoothing()).setNames(cats));
                intermediate.add(levels);
                intermediate.add(target);
                groupOutputs.add(target);
            } else {
                stages.add(new OneHotEncoder().setInputCols(idx).setOutputCols(ohe).setDropLast(true)
                        .setHandleInvalid("error"));
                intermediate.addAll(Arrays.asList(ohe));
                groupOutputs.addAll(Arrays.asList(ohe));
            }
        }
        if (!single) {
            stages.add(new VectorAssembler().setInputCols(groupOutputs.toArray(new String[0])).setOutputCol(FEATURES));
        }
        if (!intermediate.isEmpty()) {
            stages.add(new DropColumns().setCols(intermediate.toArray(new String[0])));
        }
        PipelineModel model = new Pipeline().setStages(stages.toArray(new PipelineStage[0])).fit(train);
        return new Fitted(model, layout(model, numeric, spec, indicatorNames, cats), List.copyOf(withMissing),
                stats == null ? null : stats.constant());
    }

    /** Refuses a column to impute that has no value in {@code train}: there is no statistic to fill it with. */
    private static void requireSomeValue(Dataset<Row> train, List<String> columns) {
        if (columns.isEmpty()) {
            return;
        }
        List<org.apache.spark.sql.Column> aggs = new ArrayList<>();
        columns.forEach(c -> aggs.add(functions.count(Columns.ref(c))));
        Row r = train.agg(aggs.get(0), aggs.subList(1, aggs.size()).toArray(new org.apache.spark.sql.Column[0])).first();
        for (int i = 0; i < columns.size(); i++) {
            if (r.getLong(i) == 0) {
                throw new BadInputException("data.impute: column " + columns.get(i) + " is empty in every row of the "
                        + "training split, so there is nothing to impute from; drop it from data.features");
            }
        }
    }

    /** The numeric columns with at least one null in {@code train}, in order. */
    private static List<String> missingIn(Dataset<Row> train, List<String> numeric) {
        if (numeric.isEmpty()) {
            return List.of();
        }
        List<org.apache.spark.sql.Column> aggs = new ArrayList<>();
        aggs.add(functions.count(functions.lit(1)));
        numeric.forEach(c -> aggs.add(functions.count(Columns.ref(c))));
        Row r = train.agg(aggs.get(0), aggs.subList(1, aggs.size()).toArray(new org.apache.spark.sql.Column[0])).first();
        long rows = r.getLong(0);
        List<String> out = new ArrayList<>();
        for (int i = 0; i < numeric.size(); i++) {
            if (r.getLong(i + 1) < rows) {
                out.add(numeric.get(i));
            }
        }
        return out;
    }

    /**
     * MLlib's Imputer for {@code median} / {@code mean}; for {@code constant}, an Imputer fitted on
     * one row holding the constant in every column (its mean is the constant), so the saved stage is
     * MLlib's own ImputerModel in every case.
     */
    private static PipelineStage imputer(Dataset<Row> train, ColumnRules rules, String[] in, String[] out) {
        Imputer imp = new Imputer().setInputCols(in).setOutputCols(out);
        switch (rules.impute()) {
            case MEDIAN -> imp.setStrategy("median");
            case MEAN -> imp.setStrategy("mean");
            case CONSTANT -> {
                imp.setStrategy("mean");
                StructType schema = new StructType();
                Object[] values = new Object[in.length];
                for (int i = 0; i < in.length; i++) {
                    schema = schema.add(in[i], DataTypes.DoubleType, false);
                    values[i] = rules.constant();
                }
                return imp.fit(train.sparkSession().createDataFrame(List.of(RowFactory.create(values)), schema));
            }
            default -> throw new IllegalStateException("no imputer for " + rules.impute());
        }
        return imp;
    }

    private static VectorLayout layout(PipelineModel model, List<String> numeric, ScalingSpec spec,
                                       List<String> indicatorNames, List<String> cats) {
        List<String> names = new ArrayList<>(vectorLayout(numeric, spec));
        for (org.apache.spark.ml.Transformer t : model.stages()) {
            if (t instanceof PiecewiseLinearModel m) {
                names.addAll(m.outputNames());
            }
        }
        names.addAll(indicatorNames);
        List<VectorLayout.OneHot> blocks = new ArrayList<>();
        for (org.apache.spark.ml.Transformer t : model.stages()) {
            if (t instanceof TargetEncoderModel m) {
                names.addAll(m.outputNames()); // one continuous input per column: no one-hot block
                return new VectorLayout(names, blocks);
            }
        }
        if (!cats.isEmpty()) {
            StringIndexerModel idx = null;
            for (org.apache.spark.ml.Transformer t : model.stages()) {
                if (t instanceof StringIndexerModel m) {
                    idx = m;
                }
            }
            String[][] levels = idx.labelsArray();
            for (int i = 0; i < cats.size(); i++) {
                blocks.add(new VectorLayout.OneHot(cats.get(i), names.size(), levels[i].length));
                for (String level : levels[i]) {
                    names.add(cats.get(i) + "=" + level);
                }
            }
        }
        return new VectorLayout(names, blocks);
    }

    /** Feature names in the order they appear in the {@code features} vector. */
    public static List<String> vectorLayout(List<String> featureColumns, ScalingSpec spec) {
        List<String> out = new ArrayList<>();
        groups(featureColumns, spec).values().forEach(out::addAll);
        return out;
    }

    private static Map<ScalingSpec.Kind, List<String>> groups(List<String> featureColumns, ScalingSpec spec) {
        Map<ScalingSpec.Kind, List<String>> groups = new EnumMap<>(ScalingSpec.Kind.class);
        for (String c : featureColumns) {
            groups.computeIfAbsent(spec.kindOf(c), k -> new ArrayList<>()).add(c);
        }
        return groups;
    }
}
