package dev.fulcrum.config;

import com.typesafe.config.Config;
import dev.fulcrum.error.BadInputException;
import dev.fulcrum.features.ScalingSpec;
import dev.fulcrum.features.ScalingSpec.Kind;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads the {@code scaling} block into a {@link ScalingSpec}. */
public final class ScalingReader {
    private ScalingReader() {
    }

    /** A {@code scaling} block read on its own; keys left out come from conf/defaults.conf. */
    public static ScalingSpec read(Config scalingBlock) {
        return read(ConfigReader.of(scalingBlock, "scaling"));
    }

    public static ScalingSpec read(ConfigReader r) {
        List<String> keys = new ArrayList<>(List.of("default", "bins"));
        for (Kind k : Kind.values()) {
            keys.add(ConfigReader.id(k));
        }
        r.requireKnownKeys(keys);
        Kind dflt = r.oneOf("default", Kind.class);
        Map<String, Kind> explicit = new LinkedHashMap<>();
        for (Kind kind : Kind.values()) {
            String key = ConfigReader.id(kind);
            for (String c : r.strings(key)) {
                Kind prev = explicit.put(c, kind);
                if (prev != null) {
                    throw new BadInputException("scaling: a column may be listed in one group only; got \"" + c
                            + "\" in both " + ConfigReader.id(prev) + " and " + key);
                }
            }
        }
        int bins = r.intAtLeast("bins", 0);
        if (bins == 1) {
            throw new BadInputException("scaling.bins must be 0 (no piecewise-linear encoding) or at least 2; got 1");
        }
        return ScalingSpec.of(dflt, explicit).withBins(bins);
    }
}
