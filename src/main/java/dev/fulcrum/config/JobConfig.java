package dev.fulcrum.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigRenderOptions;
import dev.fulcrum.data.DataConfig;
import dev.fulcrum.error.BadInputException;
import dev.fulcrum.eval.Calibration;
import dev.fulcrum.eval.ThresholdStrategy;
import dev.fulcrum.features.ScalingSpec;
import dev.fulcrum.loss.LossSpec;
import dev.fulcrum.sampling.Resampler;
import dev.fulcrum.sampling.SplitSpec;
import dev.fulcrum.train.EnsembleSpec;
import dev.fulcrum.train.ModelConfig;
import dev.fulcrum.train.TrainingConfig;
import java.io.File;
import java.util.List;

/**
 * A job file parsed once into typed, validated parts. Built before any SparkSession exists, so
 * every mistake in a job file costs milliseconds, not a cluster start-up. The parts are the stage
 * packages' own spec types; this package depends on them, never the reverse.
 *
 * @param minPrAucLift {@code evaluation.minPrAucLift}: a train run publishes its model only when the
 *                     validation PR-AUC exceeds this multiple of the no-skill line (the validation
 *                     positive rate); 0 turns the check off
 * @param calibration  {@code evaluation.calibration}: how scores become probabilities (fitted on validation)
 * @param ensemble     {@code ensemble}: one network (off) or an EasyEnsemble of networks
 */
public record JobConfig(String name, DataConfig data, SplitSpec split, ScalingSpec scaling, List<Resampler> sampling,
                        LossSpec loss, ModelConfig model, TrainingConfig training, EnsembleSpec ensemble,
                        ThresholdStrategy threshold,
                        double minPrAucLift, Calibration.Method calibration, String outputDir, SparkSettings spark, Config resolved) {

    public static JobConfig load(File jobFile, List<String> overrides) {
        if (ConfigLoader.isSegmentation(jobFile, overrides)) {
            throw new BadInputException((jobFile == null ? "the job" : jobFile.toString()) + " is a segmentation job "
                    + "(task = segmentation): run it with fulcrum train or fulcrum compare; this command takes tabular "
                    + "jobs (keys of conf/defaults.conf)");
        }
        return from(ConfigLoader.load(jobFile, overrides));
    }

    /** @param c a resolved job (defaults + file + overrides), as {@link ConfigLoader#load} returns it */
    public static JobConfig from(Config c) {
        ConfigReader r = ConfigReader.root(c);
        String name = r.block("job").string("name");
        if (!name.matches("[A-Za-z0-9._-]+")) {
            throw new BadInputException("job.name must use only letters, digits, '.', '_' and '-'; got " + name);
        }
        LossSpec loss = LossSpecReader.read(r.block("loss"));
        EnsembleSpec ensemble = EnsembleReader.read(r.block("ensemble"));
        if (c.hasPath("ensemble.variants")) {
            ensemble = EnsembleReader.withVariants(ensemble, c, loss.outputColumns());
        }
        return new JobConfig(name,
                DataReader.read(r.block("data")),
                SplitReader.read(r.block("split")),
                ScalingReader.read(r.block("scaling")),
                SamplingReader.read(r.blocks("sampling")),
                loss,
                ModelReader.read(r.block("model")),
                TrainingReader.read(r.block("training")),
                ensemble,
                ThresholdReader.read(r.block("evaluation").block("threshold")),
                r.block("evaluation").numberAtLeast("minPrAucLift", 0.0),
                r.block("evaluation").oneOf("calibration", Calibration.Method.class),
                r.block("output").string("dir"),
                SparkSettings.read(r.block("spark")),
                c);
    }

    /** Just the {@code spark} block (defaults + overrides), for commands that run no job file. */
    public static SparkSettings sparkOnly(List<String> overrides) {
        return SparkSettings.read(ConfigReader.root(ConfigLoader.load(null, overrides)).block("spark"));
    }

    /** The job as resolved (defaults + file + overrides), for provenance.json. */
    public String renderResolved() {
        return resolved.root().render(ConfigRenderOptions.concise().setFormatted(true).setJson(true));
    }
}
