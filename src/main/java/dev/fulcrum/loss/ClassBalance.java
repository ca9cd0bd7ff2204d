package dev.fulcrum.loss;

import dev.fulcrum.data.ClassCounts;

/**
 * Class-balanced weights of Cui et al. 2019 ("Class-Balanced Loss Based on Effective Number of
 * Samples"): the effective number of n samples is E_n = (1−β^n)/(1−β); class c is weighted by
 * 1/E_{n_c} = (1−β)/(1−β^{n_c}), normalised so the weights sum to the number of classes (2).
 * β ∈ [0, 1): β=0 gives equal weights, β→1 approaches inverse class frequency.
 */
public final class ClassBalance {
    private ClassBalance() {
    }

    /** {w₋, w₊} for the given counts; both classes must be present. */
    public static double[] weights(double beta, ClassCounts counts) {
        if (!(beta >= 0 && beta < 1)) {
            throw new IllegalArgumentException("beta must be in [0, 1); got " + beta);
        }
        if (counts.negatives() == 0 || counts.positives() == 0) {
            throw new IllegalArgumentException("class-balanced weights need both classes in the training split; got "
                    + counts.negatives() + " negatives and " + counts.positives() + " positives");
        }
        double wNeg = inverseEffectiveNumber(beta, counts.negatives());
        double wPos = inverseEffectiveNumber(beta, counts.positives());
        double norm = 2.0 / (wNeg + wPos);
        return new double[] {wNeg * norm, wPos * norm};
    }

    /** (1−β)/(1−β^n), computed stably as −expm1(log β)/−expm1(n·log β); 1 when β = 0. */
    static double inverseEffectiveNumber(double beta, long n) {
        if (beta == 0) {
            return 1.0;
        }
        double logBeta = Math.log(beta);
        return Math.expm1(logBeta) / Math.expm1(n * logBeta);
    }
}
