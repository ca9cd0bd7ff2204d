package dev.fulcrum.eval;

/**
 * Counts of a binary decision ("predicted positive iff score >= threshold").
 *
 * <p>Zero denominators: every ratio whose denominator is 0 is defined as 0, as scikit-learn does
 * with {@code zero_division=0} (precision with no predicted positive, recall with no actual
 * positive, specificity with no actual negative, F-beta when tp+fp+fn = 0, accuracy of an empty
 * matrix). MCC is 0 when any of the four marginals is 0 (as {@code matthews_corrcoef}).
 * Balanced accuracy and G-mean are built from recall and specificity with that convention.
 */
public record ConfusionMatrix(long tp, long fp, long tn, long fn) {
    public ConfusionMatrix {
        if (tp < 0 || fp < 0 || tn < 0 || fn < 0) {
            throw new IllegalArgumentException("confusion counts must be >= 0; got tp=" + tp
                    + " fp=" + fp + " tn=" + tn + " fn=" + fn);
        }
    }

    public long positives() {
        return tp + fn;
    }

    public long negatives() {
        return tn + fp;
    }

    public long total() {
        return tp + fp + tn + fn;
    }

    private static double ratio(double num, double den) {
        return den == 0 ? 0.0 : num / den;
    }

    /** tp / (tp + fp); 0 when nothing is predicted positive. */
    public double precision() {
        return ratio(tp, (double) tp + fp);
    }

    /** tp / (tp + fn) (sensitivity, TPR); 0 when there is no positive. */
    public double recall() {
        return ratio(tp, (double) tp + fn);
    }

    /** tn / (tn + fp) (TNR); 0 when there is no negative. */
    public double specificity() {
        return ratio(tn, (double) tn + fp);
    }

    /** (tp + tn) / total; 0 for an empty matrix. */
    public double accuracy() {
        return ratio((double) tp + tn, total());
    }

    /** 2tp / (2tp + fp + fn); 0 when tp + fp + fn = 0. */
    public double f1() {
        return fbeta(1.0);
    }

    /**
     * (1+β²)tp / ((1+β²)tp + β²fn + fp); 0 when the denominator is 0.
     *
     * @param beta weight of recall, finite and > 0
     */
    public double fbeta(double beta) {
        if (!(beta > 0) || Double.isInfinite(beta)) {
            throw new IllegalArgumentException("beta must be finite and > 0; got " + beta);
        }
        double b2 = beta * beta;
        return ratio((1 + b2) * tp, (1 + b2) * tp + b2 * fn + fp);
    }

    /** Matthews correlation (tp·tn − fp·fn)/sqrt((tp+fp)(tp+fn)(tn+fp)(tn+fn)); 0 if a marginal is 0. */
    public double mcc() {
        double a = (double) tp + fp;
        double b = (double) tp + fn;
        double c = (double) tn + fp;
        double d = (double) tn + fn;
        if (a == 0 || b == 0 || c == 0 || d == 0) {
            return 0.0;
        }
        // The product of the four marginals stays far inside the double range (< 1e77 rows).
        return ((double) tp * tn - (double) fp * fn) / Math.sqrt(a * b * c * d);
    }

    /** (recall + specificity) / 2. */
    public double balancedAccuracy() {
        return (recall() + specificity()) / 2;
    }

    /** sqrt(recall · specificity). */
    public double gmean() {
        return Math.sqrt(recall() * specificity());
    }
}
