package dev.fulcrum.config;

import com.typesafe.config.Config;
import dev.fulcrum.eval.ThresholdStrategy;
import dev.fulcrum.eval.ThresholdStrategy.Kind;
import java.util.ArrayList;
import java.util.List;

/** Reads a threshold block ({@code evaluation.threshold}) into a {@link ThresholdStrategy}. */
public final class ThresholdReader {
    private ThresholdReader() {
    }

    /** The {@code evaluation.threshold} block read on its own; a missing strategy comes from conf/defaults.conf. */
    public static ThresholdStrategy read(Config block) {
        return read(ConfigReader.of(block, ThresholdStrategy.DEFAULT_PATH));
    }

    /** A threshold block found at {@code path} of the job file (named in messages). */
    public static ThresholdStrategy read(Config block, String path) {
        return read(ConfigReader.of(block, path));
    }

    public static ThresholdStrategy read(ConfigReader r) {
        Kind kind = r.oneOf("strategy", Kind.class);
        List<String> known = new ArrayList<>(kind.keys());
        known.add("strategy");
        r.requireKnownKeys(known);
        double[] v = {Double.NaN, Double.NaN};
        for (int i = 0; i < kind.keys().size(); i++) {
            v[i] = r.number(kind.keys().get(i));
        }
        return ThresholdStrategy.of(kind, v[0], v[1], r.path());
    }
}
