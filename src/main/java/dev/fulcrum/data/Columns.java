package dev.fulcrum.data;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.functions;

/**
 * Column names every stage after ingest agrees on: the label as a double 0/1 under
 * {@link #LABEL}, the assembled (and later scaled) feature vector under {@link #FEATURES}; and how
 * to refer to a column a user named ({@link #ref}).
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

    /**
     * The column named exactly {@code name}. Spark parses the string given to {@code col},
     * {@code Dataset.col}, {@code select(String)} and MLlib's input columns as an attribute path:
     * {@code x.1} is field {@code 1} of a struct {@code x}. Real data has such names ({@code x.1},
     * {@code my col}, {@code a-b}), so every reference to a user's column goes through this.
     */
    public static Column ref(String name) {
        return functions.col(quote(name));
    }

    /**
     * {@code name} as a Spark attribute path of one part: in backticks, a backtick doubled. For APIs
     * that take a column name as a string and parse it (SQL expressions, {@code Dataset.col}).
     */
    public static String quote(String name) {
        return "`" + name.replace("`", "``") + "`";
    }
}
