package dev.fulcrum.features;

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
import org.apache.spark.ml.feature.StandardScaler;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

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
        if (featureColumns.isEmpty()) {
            throw new BadInputException("features: at least one feature column is required; got []");
        }
        List<String> unknown = spec.unknownColumns(featureColumns);
        if (!unknown.isEmpty()) {
            throw new BadInputException("scaling: columns must be feature columns; got " + unknown
                    + "; the feature columns are " + featureColumns);
        }
        List<String> have = Arrays.asList(train.columns());
        for (String c : featureColumns) {
            if (!have.contains(c)) {
                throw new BadInputException("features: expected column \"" + c + "\" in the training data; found "
                        + have);
            }
        }
        Map<ScalingSpec.Kind, List<String>> groups = groups(featureColumns, spec);
        List<PipelineStage> stages = new ArrayList<>();
        List<String> groupOutputs = new ArrayList<>();
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
        boolean single = groups.size() == 1;
        for (Map.Entry<ScalingSpec.Kind, List<String>> e : groups.entrySet()) {
            String name = e.getKey().name().toLowerCase(Locale.ROOT);
            String assembled = single && e.getKey() == ScalingSpec.Kind.NONE ? FEATURES : PREFIX + name + "_in";
            String scaled = single ? FEATURES : PREFIX + name;
            stages.add(new VectorAssembler().setInputCols(e.getValue().stream().map(c -> safe.getOrDefault(c, c))
                            .toArray(String[]::new))
                    .setOutputCol(assembled).setHandleInvalid("error"));
            switch (e.getKey()) {
                case STANDARD -> stages.add(new StandardScaler().setInputCol(assembled).setOutputCol(scaled)
                        .setWithMean(true).setWithStd(true));
                // exact, run-to-run identical statistics; Spark's sketch-based RobustScaler is neither
                case ROBUST -> stages.add(new ExactRobustScaler().setInputCol(assembled).setOutputCol(scaled));
                case NONE -> scaled = assembled;
                default -> throw new IllegalStateException("unhandled scaling kind " + e.getKey());
            }
            groupOutputs.add(scaled);
            for (String c : new String[] {assembled, scaled}) {
                if (!c.equals(FEATURES) && !intermediate.contains(c)) {
                    intermediate.add(c);
                }
            }
        }
        if (!single) {
            stages.add(new VectorAssembler().setInputCols(groupOutputs.toArray(new String[0])).setOutputCol(FEATURES));
        }
        if (!intermediate.isEmpty()) {
            stages.add(new DropColumns().setCols(intermediate.toArray(new String[0])));
        }
        return new Pipeline().setStages(stages.toArray(new PipelineStage[0])).fit(train);
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
