package dev.fulcrum.unet;

import java.util.List;
import org.deeplearning4j.nn.graph.ComputationGraph;

/**
 * What {@link SegTrainer#fit} returns: the network of the best epoch (highest validation score),
 * that epoch (1-based), every epoch's record, and training throughput (images per second of training
 * time, callback time excluded).
 */
public record SegFit(ComputationGraph best, int bestEpoch, List<SegEpoch> epochs, double examplesPerSecond) {
    public SegFit {
        epochs = List.copyOf(epochs);
    }
}
