package dev.fulcrum.data;

/**
 * Column names every stage after ingest agrees on: the label as a double 0/1 under
 * {@link #LABEL}, the assembled (and later scaled) feature vector under {@link #FEATURES}.
 */
public final class Columns {
    /** Label column after ingest: double, 0.0 = negative (legit), 1.0 = positive (fraud). */
    public static final String LABEL = "label";
    /** Scaled feature vector (MLlib {@code Vector}): what samplers and the network see. */
    public static final String FEATURES = "features";
    /** Model score (probability of the positive class) written by scoring. */
    public static final String SCORE = "score";
    /** Generator's true posterior P(y=1|x), present only for generated data. */
    public static final String BAYES_SCORE = "bayes_score";

    private Columns() {
    }
}
