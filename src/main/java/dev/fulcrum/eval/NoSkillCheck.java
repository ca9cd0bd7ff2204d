package dev.fulcrum.eval;

import java.util.Locale;
import java.util.Optional;

/**
 * Whether a model beats the no-skill line on the validation split. A scorer that gives every row
 * the same score (or a random one) has PR-AUC equal to the positive rate in expectation; a model
 * at or below {@code minLift} times that line learned nothing usable, and publishing it would move
 * {@code latest} to a model that flags rows at random (or all of them). Validation only: test stays
 * untouched by every decision of the run.
 */
public final class NoSkillCheck {
    /** Relative slack so that a constant scorer, whose PR-AUC equals the positive rate up to rounding, never passes. */
    private static final double ROUNDING = 1e-9;

    private NoSkillCheck() {
    }

    /**
     * @param minLift {@code evaluation.minPrAucLift}; 0 disables the check
     * @return why the model must not be published, or empty when it passes
     */
    public static Optional<String> refusal(ScoreSummary validation, double minLift) {
        if (minLift <= 0 || validation.rows() == 0 || validation.positives() == 0) {
            return Optional.empty(); // the split check refuses splits without positives before training
        }
        double noSkill = (double) validation.positives() / validation.rows();
        double prAuc = validation.averagePrecision();
        if (prAuc > minLift * noSkill * (1 + ROUNDING)) {
            return Optional.empty();
        }
        return Optional.of(String.format(Locale.ROOT,
                "validation PR-AUC %.6g is %.3g x the no-skill line %.6g (the validation positive rate); "
                        + "evaluation.minPrAucLift = %s requires more than %s x", prAuc, prAuc / noSkill, noSkill,
                fmt(minLift), fmt(minLift)));
    }

    private static String fmt(double d) {
        return d == Math.rint(d) ? String.valueOf((long) d) : String.valueOf(d);
    }
}
