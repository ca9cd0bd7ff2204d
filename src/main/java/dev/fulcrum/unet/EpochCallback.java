package dev.fulcrum.unet;

import org.deeplearning4j.nn.graph.ComputationGraph;

/**
 * Called by {@link SegTrainer} after every epoch with the network as trained so far; returns the
 * validation score (higher is better, e.g. mean Dice on validation images) that early stopping and
 * the choice of the best epoch use. The network must not be modified.
 */
@FunctionalInterface
public interface EpochCallback {
    double validate(int epoch, ComputationGraph current, double trainLoss);
}
