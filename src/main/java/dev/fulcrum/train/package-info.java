/**
 * Turning scaled, resampled training rows into a trained DL4J network: the MLP with the job's
 * loss, minibatches built inside each partition (training data never passes through the driver),
 * parameter averaging on Spark or plain {@code fit} on the driver as the single-machine reference,
 * per-epoch validation, early stopping and atomic per-epoch checkpoints for resume; and scoring a
 * frame on the executors with a broadcast network. The DL4J-on-Spark pitfalls of DESIGN.md §3
 * (minibatch size given to the training master, {@code saveUpdater}, export directory) are
 * handled here and nowhere else.
 *
 * {@code ModelConfig} and {@code TrainingConfig} are its specs; the {@code config} package builds them.
 *
 * <p>May depend on {@code data} (column names), {@code eval} (validation metrics), {@code error}
 * and {@code io}; never on {@code config}, {@code pipeline}, {@code jobs} or {@code cli}.
 */
package dev.fulcrum.train;
