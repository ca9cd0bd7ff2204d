package dev.fulcrum.images;

import dev.fulcrum.error.BadInputException;

/**
 * What {@link CropSampler} draws from each training image.
 *
 * @param size           crops are size x size pixels, >= 1 and at most every image's width and height
 * @param cropsPerImage  crops per image, >= 1
 * @param foregroundBias share of crops centred on a random foreground pixel, in [0, 1] (the rest uniform)
 * @param seed           crops are a function of (seed, image id, crop index)
 */
public record CropSpec(int size, int cropsPerImage, double foregroundBias, long seed) {
    public static final double DEFAULT_FOREGROUND_BIAS = 0.5;

    public CropSpec {
        if (size < 1) {
            throw new BadInputException("crop.size must be >= 1; got " + size);
        }
        if (cropsPerImage < 1) {
            throw new BadInputException("crop.cropsPerImage must be >= 1; got " + cropsPerImage);
        }
        if (!(foregroundBias >= 0 && foregroundBias <= 1)) {
            throw new BadInputException("crop.foregroundBias must be in [0, 1]; got " + foregroundBias);
        }
    }
}
