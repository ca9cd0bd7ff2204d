/**
 * Segmentation model and training: a configurable small U-Net ({@link dev.fulcrum.unet.UNetFactory}
 * from a {@link dev.fulcrum.unet.UNetSpec}) with a per-pixel Fulcrum loss, trained in one JVM or by
 * DL4J parameter averaging on Spark ({@link dev.fulcrum.unet.SegTrainer}), and applied on the
 * executors ({@link dev.fulcrum.unet.SegPredictor}). Rows are in {@code dev.fulcrum.images.ImageRows}
 * layout; nothing here reads job files.
 */
package dev.fulcrum.unet;
