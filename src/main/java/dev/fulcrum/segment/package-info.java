/**
 * The segmentation pipeline: images (read and validated, or generated) → split by image → crops
 * of the training images → U-Net fit → threshold tuned on validation → metrics, shared by the
 * segmentation train and compare jobs. Wires the stage packages {@code images}, {@code unet} and
 * {@code segeval} with a {@link dev.fulcrum.config.SegJobConfig}; knows nothing of the CLI.
 */
package dev.fulcrum.segment;
