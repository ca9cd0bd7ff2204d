package dev.fulcrum.config;

import dev.fulcrum.error.BadInputException;
import dev.fulcrum.train.ModelConfig;
import java.util.List;

/** Reads the {@code model} block into a {@link ModelConfig}. */
public final class ModelReader {
    private ModelReader() {
    }

    public static ModelConfig read(ConfigReader r) {
        List<Integer> hidden = r.intsAtLeast("hidden", 1);
        if (hidden.isEmpty()) {
            throw new BadInputException(r.path("hidden") + " must list at least one layer width, e.g. [64, 32]; got []");
        }
        return new ModelConfig(hidden,
                r.oneOf("activation", ModelConfig.Activation.class),
                r.number("dropout", 0, true, 1, false),
                r.numberAtLeast("l2", 0),
                r.oneOf("updater", ModelConfig.Updater.class),
                r.number("learningRate", 0, false, 10, true),
                r.number("momentum", 0, true, 1, false),
                r.oneOf("schedule", ModelConfig.Schedule.class),
                r.number("decay", 0, false, 1, true),
                r.intAtLeast("decaySteps", 1),
                r.anyLong("seed"));
    }
}
