/**
 * Segmentation data, in the one row layout of {@link dev.fulcrum.images.ImageRows}: synthetic sets
 * ({@link dev.fulcrum.images.ImageGenerator}), image + mask directories read and validated
 * ({@link dev.fulcrum.images.ImageReader}), split by image ({@link dev.fulcrum.images.ImageSplitter}),
 * crop-sampled for training ({@link dev.fulcrum.images.CropSampler}) and predicted masks written back
 * ({@link dev.fulcrum.images.MaskWriter}); PNG files pass through {@link dev.fulcrum.images.Png} and the
 * Hadoop FileSystem API, and every written directory is published at once ({@code io.AtomicDirectory}).
 *
 * <p>May depend on {@code error} and {@code io}; nothing else in Fulcrum.
 */
package dev.fulcrum.images;
