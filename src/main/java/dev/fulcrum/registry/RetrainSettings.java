package dev.fulcrum.registry;

import dev.fulcrum.config.ConfigReader;
import dev.fulcrum.config.JobConfig;
import dev.fulcrum.error.BadInputException;
import java.time.Duration;
import java.util.EnumSet;

/**
 * The {@code registry} block of a job, validated before Spark starts.
 *
 * @param metric        {@code pr-auc} or {@code roc-auc}: the key of the metrics map the challenger and champion are compared on
 * @param requireSigned {@code registry.requireSigned}: champion and challenger bundles must carry a valid
 *                      signature (as {@code fulcrum score --require-signed})
 */
public record RetrainSettings(String dir, String model, String metric, double margin, Duration staleLock,
                              boolean requireSigned) {

    /** {@code registry.metric}; the settings keep the job-file spelling, a key of the metrics map. */
    private enum Metric { PR_AUC, ROC_AUC }

    public static RetrainSettings from(JobConfig job) {
        ConfigReader r = ConfigReader.root(job.resolved()).block("registry");
        String model = r.optionalString("model");
        if (model == null) {
            model = job.name();
        }
        if (!model.matches("[A-Za-z0-9._-]+") || model.startsWith(".")) {
            throw new BadInputException(r.path("model") + " must use only letters, digits, '.', '_' and '-'; got " + model);
        }
        String dir = r.string("dir");
        if (dir.isBlank()) {
            throw new BadInputException(r.path("dir") + " must be a path or Hadoop URI; got an empty string");
        }
        Metric metric = r.oneOf("metric", EnumSet.allOf(Metric.class));
        boolean requireSigned = false;
        if (r.has("requireSigned")) {
            com.typesafe.config.ConfigValue v = r.value("requireSigned");
            if (v.valueType() != com.typesafe.config.ConfigValueType.BOOLEAN) {
                throw r.mustBe("requireSigned", "true or false");
            }
            requireSigned = (Boolean) v.unwrapped();
        }
        return new RetrainSettings(dir, model, ConfigReader.id(metric), r.number("margin", -1, true, 1, true),
                Duration.ofMinutes(r.longAtLeast("staleLockMinutes", 1)), requireSigned);
    }
}
