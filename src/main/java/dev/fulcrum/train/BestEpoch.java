package dev.fulcrum.train;

import dev.fulcrum.train.TrainingConfig.EarlyStopping;

/**
 * Early-stopping bookkeeping, as Keras' {@code EarlyStopping(restore_best_weights=True)}: an epoch
 * is an improvement when its metric beats the best so far by more than {@code minDelta} (higher
 * for PR-/ROC-AUC, lower for loss); training stops once {@code patience} epochs in a row were not.
 * The first epoch is always the best so far; a NaN metric (e.g. a validation split without
 * positives) is never an improvement. Mutable, driver-only; its three numbers are checkpointed.
 */
final class BestEpoch {
    private final EarlyStopping rule;
    private int bestEpoch;
    private double best = Double.NaN;
    private int sinceImprovement;

    BestEpoch(EarlyStopping rule) {
        this.rule = rule;
    }

    /** State restored from a checkpoint. */
    BestEpoch(EarlyStopping rule, int bestEpoch, double best, int sinceImprovement) {
        this(rule);
        this.bestEpoch = bestEpoch;
        this.best = best;
        this.sinceImprovement = sinceImprovement;
    }

    /** Records an epoch's metric; true when this epoch is the new best (keep its parameters). */
    boolean offer(int epoch, double value) {
        boolean improved;
        if (bestEpoch == 0) {
            improved = true;
        } else if (Double.isNaN(value)) {
            improved = false;
        } else if (Double.isNaN(best)) {
            improved = true;
        } else {
            improved = rule.maximise() ? value > best + rule.minDelta() : value < best - rule.minDelta();
        }
        if (improved) {
            bestEpoch = epoch;
            best = value;
            sinceImprovement = 0;
        } else {
            sinceImprovement++;
        }
        return improved;
    }

    /** True once {@code patience} (> 0) epochs in a row brought no improvement. */
    boolean shouldStop() {
        return rule.enabled() && sinceImprovement >= rule.patience();
    }

    int bestEpoch() {
        return bestEpoch;
    }

    double best() {
        return best;
    }

    int sinceImprovement() {
        return sinceImprovement;
    }
}
