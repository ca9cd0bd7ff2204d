package dev.fulcrum.config;

import dev.fulcrum.error.BadInputException;
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
                batchSize(r),
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

    private static int batchSize(ConfigReader r) {
        String given = r.string("batchSize").trim();
        if (given.equalsIgnoreCase("auto")) {
            return TrainingConfig.AUTO_BATCH;
        }
        try {
            long v = Long.parseLong(given);
            if (v >= 1 && v <= Integer.MAX_VALUE) {
                return (int) v;
            }
        } catch (NumberFormatException e) {
            // the message below says what is allowed
        }
        throw new BadInputException(r.path("batchSize") + " must be auto or an integer >= 1; got " + given);
    }
}
