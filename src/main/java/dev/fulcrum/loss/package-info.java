/**
 * Imbalance-aware loss functions as ND4J {@link org.nd4j.linalg.lossfunctions.ILossFunction}s:
 * weighted and class-balanced binary cross-entropy ({@link dev.fulcrum.loss.LossWeightedBCE}, or
 * DL4J's own {@code LossBinaryXENT} where it is exact), focal loss ({@link dev.fulcrum.loss.LossFocal},
 * binary and multi-class), the set losses Dice, Tversky and focal Tversky, and weighted sums of
 * them ({@link dev.fulcrum.loss.LossCombo}). {@link dev.fulcrum.loss.LossSpec} parses a job file's
 * {@code loss { ... }} block and builds the loss for the training split's class counts.
 *
 * <p>Conventions (DESIGN.md §4): p = sigmoid output (binary) or softmax column (multi-class);
 * y ∈ {0,1}; p is ε-clipped for the logarithmic losses. Every loss is vectorised ND4J ops, works in
 * float and double, honours DL4J label masks and {@code average}, and round-trips through
 * {@code MultiLayerConfiguration.toJson()/fromJson()} (shaded-Jackson {@code @JsonProperty}
 * constructors).
 */
package dev.fulcrum.loss;
