package dev.fulcrum.config;

import dev.fulcrum.error.BadInputException;
import com.typesafe.config.Config;
import java.util.List;

/** The {@code model} block: the MLP and its optimiser. */
public record ModelConfig(List<Integer> hidden, String activation, double dropout, double l2, String updater,
                          double learningRate, double momentum, String schedule, double decay, int decaySteps,
                          long seed) {

    static ModelConfig from(Config c) {
        Keys k = new Keys(c, "model");
        List<Integer> hidden = k.positiveInts("hidden");
        if (hidden.isEmpty()) {
            throw new BadInputException("model.hidden must list at least one layer width, e.g. [64, 32]; got []");
        }
        return new ModelConfig(hidden,
                k.oneOf("activation", "relu", "leakyrelu", "tanh", "elu", "selu", "sigmoid"),
                k.number("dropout", 0, true, 1, false),
                k.number("l2", 0, true, Double.MAX_VALUE, true),
                k.oneOf("updater", "adam", "nesterovs", "sgd"),
                k.number("learningRate", 0, false, 10, true),
                k.number("momentum", 0, true, 1, false),
                k.oneOf("schedule", "constant", "step", "exponential"),
                k.number("decay", 0, false, 1, true),
                k.intAtLeast("decaySteps", 1),
                k.longAtLeast("seed", Long.MIN_VALUE));
    }
}
