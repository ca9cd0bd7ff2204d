package dev.fulcrum.config;

import dev.fulcrum.train.TrainingConfig;
import dev.fulcrum.train.TrainingConfig.EarlyStopping;

/** Reads the {@code training} block (with {@code training.earlyStopping}) into a {@link TrainingConfig}. */
public final class TrainingReader {
    private TrainingReader() {
    }

    public static TrainingConfig read(ConfigReader r) {
        ConfigReader es = r.block("earlyStopping");
        return new TrainingConfig(
                r.oneOf("mode", TrainingConfig.Mode.class),
                r.intAtLeast("epochs", 1),
                r.intAtLeast("batchSize", 1),
                r.intAtLeast("averagingFrequency", 1),
                r.intAtLeast("workers", 0),
                r.intAtLeast("prefetch", 0),
                r.oneOf("approach", TrainingConfig.Approach.class),
                r.oneOf("repartition", TrainingConfig.Repartition.class),
                new EarlyStopping(es.oneOf("metric", TrainingConfig.Metric.class),
                        es.intAtLeast("patience", 0),
                        es.numberAtLeast("minDelta", 0)),
                r.oneOf("engine", TrainingConfig.Engine.class),
                r.longAtLeast("autoLocalMaxMiB", 0),
                r.oneOf("scaleLearningRate", TrainingConfig.LearningRateScaling.class));
    }
}
