package dev.fulcrum.features;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The job file's {@code scaling { default = none, robust = [Time, Amount], standard = [], none = [] }}
 * block: one scaler kind per column group. Columns not listed get {@code default}. The seeds' choice
 * (robust for the heavy-tailed {@code Time}/{@code Amount}, none for the already-PCA'd {@code V*})
 * is {@code default = none, robust = [Time, Amount]}. Read from a job file by
 * {@code dev.fulcrum.config.ScalingReader}.
 */
public final class ScalingSpec {
    /** How one column is scaled. */
    public enum Kind {
        /** (x - mean) / std, MLlib {@code StandardScaler}. */
        STANDARD,
        /** (x - median) / IQR, MLlib {@code RobustScaler}: outliers (fraud amounts) do not squash the rest. */
        ROBUST,
        /** Passed through unchanged. */
        NONE;
    }

    private final Kind defaultKind;
    private final Map<String, Kind> explicit;
    private final int bins;

    private ScalingSpec(Kind defaultKind, Map<String, Kind> explicit, int bins) {
        if (bins < 0 || bins == 1) {
            throw new dev.fulcrum.error.BadInputException("scaling.bins: expected 0 (off) or at least 2; got " + bins);
        }
        this.defaultKind = defaultKind;
        this.explicit = explicit;
        this.bins = bins;
    }

    public static ScalingSpec of(Kind defaultKind, Map<String, Kind> explicit) {
        return new ScalingSpec(defaultKind, new LinkedHashMap<>(explicit), 0);
    }

    /** Every column scaled the same way. */
    public static ScalingSpec uniform(Kind kind) {
        return new ScalingSpec(kind, Map.of(), 0);
    }

    /**
     * This spec with each numeric column also encoded piecewise-linearly over {@code bins} quantile
     * bins of the training split ({@link PiecewiseLinearModel}); 0 = off.
     */
    public ScalingSpec withBins(int n) {
        return new ScalingSpec(defaultKind, explicit, n);
    }

    /** Quantile bins of the piecewise-linear encoding of each numeric column; 0 = none. */
    public int bins() {
        return bins;
    }

    public Kind defaultKind() {
        return defaultKind;
    }

    /** The kind of one feature column. */
    public Kind kindOf(String column) {
        return explicit.getOrDefault(column, defaultKind);
    }

    /** Is {@code column} named in the block ({@code standard}, {@code robust} or {@code none})? */
    boolean lists(String column) {
        return explicit.containsKey(column);
    }

    /**
     * Columns named in the block that are not feature columns: almost always a typo, so
     * {@link FeatureScaling#fit} rejects them.
     */
    List<String> unknownColumns(List<String> featureColumns) {
        List<String> out = new ArrayList<>();
        for (String c : explicit.keySet()) {
            if (!featureColumns.contains(c)) {
                out.add(c);
            }
        }
        return out;
    }

    @Override
    public String toString() {
        return "scaling(default=" + defaultKind.name().toLowerCase(Locale.ROOT) + ", " + explicit
                + (bins > 0 ? ", bins=" + bins : "") + ")";
    }
}
