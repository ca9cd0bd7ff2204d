package dev.fulcrum.config;

import dev.fulcrum.error.BadInputException;
import dev.fulcrum.train.EnsembleSpec;

/** Reads the {@code ensemble} block into an {@link EnsembleSpec}. */
public final class EnsembleReader {
    private EnsembleReader() {
    }

    public static EnsembleSpec read(ConfigReader r) {
        int members = r.intAtLeast("members", 0);
        if (members == 1) {
            throw new BadInputException(r.path("members") + " must be 0 (one network, no ensemble) or at least 2; "
                    + "got 1");
        }
        return new EnsembleSpec(members, r.numberAbove("ratio", 0));
    }
}
