package dev.fulcrum.pipeline;

import dev.fulcrum.config.JobConfig;

/**
 * Every random stream of a run, from two numbers: {@code split} fixes the stratified split;
 * {@code model} fixes the resampling (stage {@code i} of the chain draws from a stream mixed from
 * {@code model} and {@code i}), the weight initialisation, the minibatch order and dropout.
 *
 * <p>The one derivation rule: a train run uses the job's {@code split.seed} and {@code model.seed};
 * a comparison run with seed {@code s} uses {@code split = s} and {@code model = model.seed + s}.
 * So a comparison cell is reproduced by {@code fulcrum train} with {@link #overrides()}.
 */
public record Seeds(long split, long model) {

    /** The seeds of a train run of {@code job}. */
    public static Seeds of(JobConfig job) {
        return new Seeds(job.split().seed(), job.model().seed());
    }

    /** The seeds of comparison seed {@code s} under {@code job}. */
    public static Seeds forComparison(JobConfig job, long s) {
        return new Seeds(s, job.model().seed() + s);
    }

    /** The {@code --set} overrides that make {@code fulcrum train} use these seeds. */
    public String overrides() {
        return "--set split.seed=" + split + " --set model.seed=" + model;
    }
}
