package dev.fulcrum.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import dev.fulcrum.sampling.Resampler;
import dev.fulcrum.sampling.SamplingSpec;
import dev.fulcrum.sampling.SamplingSpec.Type;
import dev.fulcrum.sampling.Smote;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a resampling chain ({@code sampling}, a {@code compare.samplings} entry) into
 * {@link Resampler}s; a stage's keys left out come from {@code defaults.sampling.<type>}.
 */
public final class SamplingReader {
    private SamplingReader() {
    }

    /** {@code sampling = [ ... ]} read on its own (tests, tools); messages name {@code sampling[i].<key>}. */
    public static List<Resampler> read(String hoconList) {
        Config c = ConfigFactory.parseString("sampling = " + hoconList);
        return read(ConfigReader.of(c, "").blocks("sampling"));
    }

    public static List<Resampler> read(List<ConfigReader> stages) {
        List<Resampler> out = new ArrayList<>();
        for (ConfigReader stage : stages) {
            out.add(readOne(stage));
        }
        return List.copyOf(out);
    }

    private static Resampler readOne(ConfigReader stage) {
        Type type = stage.oneOf("type", Type.class);
        ConfigReader r = stage.withDefaults("sampling." + type);
        String path = stage.path();
        List<String> known = switch (type) {
            case SMOTE -> List.of("type", "k", "ratio", "search", "tables", "blockSize");
            case SMOTE_NC -> List.of("type", "k", "ratio");
            case BORDERLINE_SMOTE -> List.of("type", "k", "m", "ratio");
            case UNDERSAMPLE, OVERSAMPLE -> List.of("type", "ratio");
            case TOMEK -> List.of("type");
        };
        r.requireKnownKeys(known);
        return switch (type) {
            case SMOTE -> SamplingSpec.smote(r.intAtLeast("k", 1), ratio(r),
                    r.oneOf("search", Smote.NeighbourSearch.class), r.intAtLeast("tables", 1),
                    r.intAtLeast("blockSize", 16), path);
            case SMOTE_NC -> SamplingSpec.smoteNc(r.intAtLeast("k", 1), ratio(r), path);
            case BORDERLINE_SMOTE -> SamplingSpec.borderlineSmote(r.intAtLeast("k", 1), r.intAtLeast("m", 1),
                    ratio(r), path);
            case UNDERSAMPLE -> SamplingSpec.undersample(ratio(r), path);
            case OVERSAMPLE -> SamplingSpec.oversample(ratio(r), path);
            case TOMEK -> SamplingSpec.tomek();
        };
    }

    private static double ratio(ConfigReader r) {
        return r.number("ratio", 0, false, 1, true);
    }
}
