package dev.fulcrum.config;

import dev.fulcrum.error.BadInputException;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigRenderOptions;
import dev.fulcrum.eval.ThresholdStrategy;
import dev.fulcrum.features.ScalingSpec;
import dev.fulcrum.loss.LossSpec;
import dev.fulcrum.sampling.Resampler;
import dev.fulcrum.sampling.SamplingSpec;
import dev.fulcrum.sampling.SplitSpec;
import java.io.File;
import java.util.List;

/**
 * A job file parsed once into typed, validated parts. Built before any SparkSession exists, so
 * every mistake in a job file costs milliseconds, not a cluster start-up.
 */
public record JobConfig(String name, DataConfig data, SplitSpec split, ScalingSpec scaling, List<Resampler> sampling,
                        LossSpec loss, ModelConfig model, TrainingConfig training, ThresholdStrategy threshold,
                        String outputDir, SparkSettings spark, Config resolved) {

    public static JobConfig load(File jobFile, List<String> overrides) {
        return from(ConfigLoader.load(jobFile, overrides));
    }

    public static JobConfig from(Config c) {
        String name = new Keys(c, "").string("job.name");
        if (!name.matches("[A-Za-z0-9._-]+")) {
            throw new BadInputException("job.name must use only letters, digits, '.', '_' and '-'; got " + name);
        }
        return new JobConfig(name,
                DataConfig.from(c.getConfig("data")),
                SplitSpec.parse(c.getConfig("split")),
                ScalingSpec.parse(c.getConfig("scaling")),
                SamplingSpec.parse(c.getConfigList("sampling")),
                LossSpec.parse(c.getConfig("loss")),
                ModelConfig.from(c.getConfig("model")),
                TrainingConfig.from(c.getConfig("training")),
                ThresholdStrategy.parse(c.getConfig("evaluation.threshold")),
                new Keys(c, "").string("output.dir"),
                SparkSettings.from(c.getConfig("spark")),
                c);
    }

    /** Just the {@code spark} block (defaults + overrides), for commands that run no job file. */
    public static SparkSettings sparkOnly(List<String> overrides) {
        return SparkSettings.from(ConfigLoader.load(null, overrides).getConfig("spark"));
    }

    /** The job as resolved (defaults + file + overrides), for provenance.json. */
    public String renderResolved() {
        return resolved.root().render(ConfigRenderOptions.concise().setFormatted(true).setJson(true));
    }
}
