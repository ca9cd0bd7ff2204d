package dev.fulcrum.registry;

import com.typesafe.config.Config;
import dev.fulcrum.config.JobConfig;
import dev.fulcrum.error.BadInputException;
import dev.fulcrum.config.Keys;
import java.time.Duration;

/** The {@code registry} block of a job, validated before Spark starts. */
public record RetrainSettings(String dir, String model, String metric, double margin, Duration staleLock) {

    public static RetrainSettings from(JobConfig job) {
        Config c = job.resolved().getConfig("registry");
        Keys k = new Keys(c, "registry");
        String model = k.optionalString("model");
        if (model == null) {
            model = job.name();
        }
        if (!model.matches("[A-Za-z0-9._-]+") || model.startsWith(".")) {
            throw new BadInputException("registry.model must use only letters, digits, '.', '_' and '-'; got " + model);
        }
        String dir = k.string("dir");
        if (dir.isBlank()) {
            throw new BadInputException("registry.dir must be a path or Hadoop URI; got an empty string");
        }
        return new RetrainSettings(dir, model, k.oneOf("metric", "pr-auc", "roc-auc"),
                k.number("margin", -1, true, 1, true),
                Duration.ofMinutes(k.longAtLeast("staleLockMinutes", 1)));
    }
}
