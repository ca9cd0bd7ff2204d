package dev.fulcrum.unet;

/**
 * One epoch of {@link SegTrainer}: training loss (the network's score, in DL4J's CnnLossLayer scale: the
 * per-pixel loss summed over an image's pixels, averaged over images; so H·W·L for a set loss), the
 * callback's validation score, and the epoch's training seconds (callback excluded).
 */
public record SegEpoch(int epoch, double trainLoss, double validationScore, double seconds) {
}
