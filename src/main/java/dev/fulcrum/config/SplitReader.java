package dev.fulcrum.config;

import com.typesafe.config.Config;
import dev.fulcrum.sampling.SplitSpec;
import java.util.List;

/** Reads the {@code split} block into a {@link SplitSpec}. */
public final class SplitReader {
    private static final List<String> KEYS = List.of("train", "validation", "test", "seed", "groupBy", "timeColumn");

    private SplitReader() {
    }

    /** A {@code split} block read on its own; keys left out come from conf/defaults.conf. */
    public static SplitSpec read(Config splitBlock) {
        return read(ConfigReader.of(splitBlock, "split"));
    }

    public static SplitSpec read(ConfigReader r) {
        r.requireKnownKeys(KEYS);
        return SplitSpec.of(fraction(r, "train"), fraction(r, "validation"), fraction(r, "test"),
                r.anyLong("seed"), r.optionalNonBlankString("groupBy"), r.optionalNonBlankString("timeColumn"));
    }

    private static double fraction(ConfigReader r, String key) {
        return r.number(key, 0, false, 1, false);
    }
}
