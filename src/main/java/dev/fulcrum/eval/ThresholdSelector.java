package dev.fulcrum.eval;

import dev.fulcrum.error.BadInputException;

/**
 * Chooses the decision threshold ("predicted positive iff score >= threshold") from a validation
 * summary only. Candidates are the summary's distinct scores (all of them when
 * {@link ScoreSummary#exact()}, else the retained ones), each with its exact confusion matrix:
 * <ul>
 *   <li>{@code max-f1} / {@code max-fbeta}: the candidate with the highest F-beta;</li>
 *   <li>{@code target-recall}: the highest candidate whose recall is >= the target (recall only
 *       grows as the threshold falls, so this is the most precise way to reach it);</li>
 *   <li>{@code target-precision}: among candidates with precision >= the target, the one with the
 *       highest recall; fails when no candidate reaches the target;</li>
 *   <li>{@code min-cost}: the lowest costFN·fn + costFP·fp, also considering "predict nothing"
 *       (threshold = the next double above the top score);</li>
 *   <li>{@code fixed}: the configured value.</li>
 * </ul>
 * Ties go to the higher threshold (fewer alerts). A pure function of its arguments: it never sees
 * any data but the summary it is given.
 */
public final class ThresholdSelector {
    private ThresholdSelector() {
    }

    /** Chooses the decision threshold on the VALIDATION summary (never test). */
    public static double select(ScoreSummary validation, ThresholdStrategy strategy) {
        ThresholdStrategy.Kind kind = strategy.kind();
        if (kind == ThresholdStrategy.Kind.FIXED) {
            return strategy.first();
        }
        String path = ThresholdStrategy.DEFAULT_PATH;
        if (validation.candidateCount() == 0) {
            throw new BadInputException(path + ": the validation split is empty; got 0 rows;"
                    + " use a larger validation fraction or strategy = fixed");
        }
        if (validation.positives() == 0 && kind != ThresholdStrategy.Kind.MIN_COST) {
            throw new BadInputException(path + ": strategy " + strategy.describe()
                    + " needs positive rows in the validation split; got 0 of "
                    + validation.rows() + "; use a larger validation fraction or strategy = fixed");
        }
        int n = validation.candidateCount();
        switch (kind) {
            case MAX_F1, MAX_FBETA -> {
                double beta = kind == ThresholdStrategy.Kind.MAX_F1 ? 1.0 : strategy.first();
                int best = 0;
                double bestF = -1;
                for (int k = 0; k < n; k++) {
                    double f = validation.candidate(k).fbeta(beta);
                    if (f > bestF) {
                        bestF = f;
                        best = k;
                    }
                }
                return validation.candidateThreshold(best);
            }
            case TARGET_RECALL -> {
                for (int k = 0; k < n; k++) {
                    if (validation.candidate(k).recall() >= strategy.first()) {
                        return validation.candidateThreshold(k);
                    }
                }
                throw new IllegalStateException("the lowest candidate must reach recall 1");
            }
            case TARGET_PRECISION -> {
                int best = -1;
                double bestRecall = -1;
                double bestPrecision = 0;
                for (int k = 0; k < n; k++) {
                    ConfusionMatrix cm = validation.candidate(k);
                    bestPrecision = Math.max(bestPrecision, cm.precision());
                    if (cm.precision() >= strategy.first() && cm.recall() > bestRecall) {
                        bestRecall = cm.recall();
                        best = k;
                    }
                }
                if (best < 0) {
                    throw new BadInputException(path + ".precision: no threshold reaches it on the"
                            + " validation split; got " + strategy.first() + " (best precision there "
                            + bestPrecision + "); lower it or use target-recall / max-f1");
                }
                return validation.candidateThreshold(best);
            }
            case MIN_COST -> {
                double costFN = strategy.first();
                double costFP = strategy.second();
                double best = Math.nextUp(validation.candidateThreshold(0));
                double bestCost = costFN * validation.positives();
                for (int k = 0; k < n; k++) {
                    ConfusionMatrix cm = validation.candidate(k);
                    double cost = costFN * cm.fn() + costFP * cm.fp();
                    if (cost < bestCost) {
                        bestCost = cost;
                        best = validation.candidateThreshold(k);
                    }
                }
                return best;
            }
            default -> throw new IllegalStateException("unhandled strategy " + kind);
        }
    }
}
