package dev.fulcrum.train;

import java.util.List;
import java.util.Locale;

/** The {@code model} block: the MLP and its optimiser. */
public record ModelConfig(List<Integer> hidden, Activation activation, double dropout, double l2, Updater updater,
                          double learningRate, double momentum, Schedule schedule, double decay, int decaySteps,
                          long seed) {

    /** The same network and optimiser with another learning rate (parameter averaging scales it). */
    public ModelConfig withLearningRate(double lr) {
        return new ModelConfig(hidden, activation, dropout, l2, updater, lr, momentum, schedule, decay, decaySteps, seed);
    }

    /** Activation of the hidden layers ({@code model.activation}). */
    public enum Activation {
        RELU, LEAKYRELU, TANH, ELU, SELU, SIGMOID;

        /** As written in a job file; reports and provenance print it. */
        @Override
        public String toString() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** {@code model.updater}. */
    public enum Updater {
        ADAM, NESTEROVS, SGD;

        @Override
        public String toString() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** {@code model.schedule}: how the learning rate changes over iterations. */
    public enum Schedule {
        CONSTANT, STEP, EXPONENTIAL;

        @Override
        public String toString() {
            return name().toLowerCase(Locale.ROOT);
        }
    }
}
