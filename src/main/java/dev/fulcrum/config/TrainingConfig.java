package dev.fulcrum.config;

import com.typesafe.config.Config;

/** The {@code training} block: epochs, minibatches and how DL4J distributes the work. */
public record TrainingConfig(Mode mode, int epochs, int batchSize, int averagingFrequency, int workers,
                             int prefetch, String approach, String repartition) {

    public enum Mode { SPARK, LOCAL }

    static TrainingConfig from(Config c) {
        Keys k = new Keys(c, "training");
        return new TrainingConfig(
                Mode.valueOf(k.oneOf("mode", "spark", "local").toUpperCase()),
                k.intAtLeast("epochs", 1),
                k.intAtLeast("batchSize", 1),
                k.intAtLeast("averagingFrequency", 1),
                k.intAtLeast("workers", 0),
                k.intAtLeast("prefetch", 0),
                k.oneOf("approach", "export", "direct"),
                k.oneOf("repartition", "balanced", "never", "always"));
    }
}
