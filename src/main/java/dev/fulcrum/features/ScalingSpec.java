package dev.fulcrum.features;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import dev.fulcrum.error.BadInputException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The job file's {@code scaling { default = none, robust = [Time, Amount], standard = [], none = [] }}
 * block: one scaler kind per column group. Columns not listed get {@code default}. The seeds' choice
 * (robust for the heavy-tailed {@code Time}/{@code Amount}, none for the already-PCA'd {@code V*})
 * is {@code default = none, robust = [Time, Amount]}.
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

        static Kind parse(String s, String path) {
            try {
                return Kind.valueOf(s.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new BadInputException(path + " must be one of (standard, robust, none); got \"" + s + "\"");
            }
        }
    }

    private static final Set<String> KEYS = Set.of("default", "standard", "robust", "none");

    private final Kind defaultKind;
    private final Map<String, Kind> explicit;

    private ScalingSpec(Kind defaultKind, Map<String, Kind> explicit) {
        this.defaultKind = defaultKind;
        this.explicit = explicit;
    }

    public static ScalingSpec of(Kind defaultKind, Map<String, Kind> explicit) {
        return new ScalingSpec(defaultKind, new LinkedHashMap<>(explicit));
    }

    /** Every column scaled the same way. */
    public static ScalingSpec uniform(Kind kind) {
        return new ScalingSpec(kind, Map.of());
    }

    public static ScalingSpec parse(Config scalingBlock) {
        for (String k : scalingBlock.root().keySet()) {
            if (!KEYS.contains(k)) {
                throw new BadInputException("scaling." + k + ": unknown key; allowed keys are " + new TreeSet<>(KEYS));
            }
        }
        Kind dflt = Kind.STANDARD;
        if (scalingBlock.hasPath("default")) {
            dflt = Kind.parse(scalingBlock.getValue("default").unwrapped().toString(), "scaling.default");
        }
        Map<String, Kind> explicit = new LinkedHashMap<>();
        for (Kind kind : Kind.values()) {
            String key = kind.name().toLowerCase(Locale.ROOT);
            if (!scalingBlock.hasPath(key)) {
                continue;
            }
            List<String> cols;
            try {
                cols = scalingBlock.getStringList(key);
            } catch (ConfigException.WrongType e) {
                throw new BadInputException("scaling." + key + " must be a list of column names; got "
                        + scalingBlock.getValue(key).render());
            }
            for (String c : cols) {
                Kind prev = explicit.put(c, kind);
                if (prev != null) {
                    throw new BadInputException("scaling: a column may be listed in one group only; got \"" + c
                            + "\" in both " + prev.name().toLowerCase(Locale.ROOT) + " and " + key);
                }
            }
        }
        return new ScalingSpec(dflt, explicit);
    }

    public Kind defaultKind() {
        return defaultKind;
    }

    /** The kind of one feature column. */
    public Kind kindOf(String column) {
        return explicit.getOrDefault(column, defaultKind);
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
        return "scaling(default=" + defaultKind.name().toLowerCase(Locale.ROOT) + ", " + explicit + ")";
    }
}
