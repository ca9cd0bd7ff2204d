/**
 * Segmentation data: image + mask directories read through the Hadoop FileSystem API, validated,
 * split by image and crop-sampled for training, in the one row layout of {@link dev.fulcrum.images.ImageRows}.
 *
 * <p>May depend on {@code error} and {@code io}; nothing else in Fulcrum.
 */
package dev.fulcrum.images;
