package dev.fulcrum.sampling;

import java.util.Locale;

/**
 * The stages of a job file's resampling chain, e.g.
 * {@code sampling = [ { type = smote, k = 5, ratio = 0.1 }, { type = undersample, ratio = 0.5 } ]},
 * applied in order to the scaled training split. {@code ratio} is imbalanced-learn's float
 * {@code sampling_strategy}: minority/majority after the stage, in (0, 1].
 *
 * <p>The job file is read by {@code dev.fulcrum.config.SamplingReader}; this class builds the
 * validated {@link Resampler}s, each told the config path it came from so that its own checks
 * name the key ({@code sampling[0].k must be >= 1; got 0}).
 *
 * <table>
 *   <caption>Stage types and keys (defaults: conf/defaults.conf, defaults.sampling)</caption>
 *   <tr><td>{@code smote}</td><td>{@code k}, {@code ratio}, {@code search = exact|approx},
 *       {@code tables}, {@code blockSize}; refused on one-hot (categorical) columns</td></tr>
 *   <tr><td>{@code smote-nc}</td><td>{@code k}, {@code ratio}: SMOTE-NC for numeric + categorical columns</td></tr>
 *   <tr><td>{@code borderline-smote}</td><td>{@code k}, {@code m}, {@code ratio}</td></tr>
 *   <tr><td>{@code undersample}</td><td>{@code ratio}</td></tr>
 *   <tr><td>{@code oversample}</td><td>{@code ratio}</td></tr>
 *   <tr><td>{@code tomek}</td><td>(none)</td></tr>
 * </table>
 */
public final class SamplingSpec {
    /** Stage types, spelled in job files as {@link #toString()} gives them. */
    public enum Type {
        SMOTE, SMOTE_NC, BORDERLINE_SMOTE, UNDERSAMPLE, OVERSAMPLE, TOMEK;

        @Override
        public String toString() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    private SamplingSpec() {
    }

    /** @param path the stage's config path, e.g. {@code sampling[0]} */
    public static Resampler smote(int k, double ratio, Smote.NeighbourSearch search, int tables, int blockSize,
                                  String path) {
        return new Smote(k, ratio, search, new ApproxKnn.Params(tables, blockSize), path);
    }

    /** SMOTE-NC: {@link SmoteNc}; needs the vector layout, which the resampling chain passes. */
    public static Resampler smoteNc(int k, double ratio, String path) {
        return new SmoteNc(k, ratio, path);
    }

    public static Resampler borderlineSmote(int k, int m, double ratio, String path) {
        return new BorderlineSmote(k, m, ratio, path);
    }

    public static Resampler undersample(double ratio, String path) {
        return new RandomUnderSampler(ratio, path + ".ratio");
    }

    public static Resampler oversample(double ratio, String path) {
        return new RandomOverSampler(ratio, path + ".ratio");
    }

    public static Resampler tomek() {
        return new TomekLinks();
    }
}
