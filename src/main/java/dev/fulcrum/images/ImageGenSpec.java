package dev.fulcrum.images;

import dev.fulcrum.error.BadInputException;

/**
 * What {@link ImageGenerator} renders ({@code fulcrum generate-images}).
 *
 * @param count         images to render, >= 1
 * @param width         pixels per row, >= {@value #MIN_SIZE}
 * @param height        rows, >= {@value #MIN_SIZE}
 * @param seed          the whole data set is a function of it (and of the sizes)
 * @param emptyFraction expected share of images with an empty mask, in [0, 1]
 * @param contrast      mean |intensity step| of a blob over its local background, in (0, 0.5]; the
 *                      background's texture spans about 0.5, so small values make the task hard
 * @param noise         standard deviation of the per-pixel Gaussian noise, in [0, 0.5]
 * @param partitions    Spark tasks that render (0: one per 64 images, at least one)
 */
public record ImageGenSpec(int count, int width, int height, long seed, double emptyFraction, double contrast,
                           double noise, int partitions) {
    public static final int MIN_SIZE = 16;
    public static final double DEFAULT_EMPTY_FRACTION = 0.15;
    public static final double DEFAULT_CONTRAST = 0.08;
    public static final double DEFAULT_NOISE = 0.03;

    public ImageGenSpec {
        if (count < 1) {
            throw new BadInputException("generate-images count must be >= 1; got " + count);
        }
        if (width < MIN_SIZE || height < MIN_SIZE) {
            throw new BadInputException("generate-images width and height must be >= " + MIN_SIZE + "; got "
                    + width + "x" + height);
        }
        if ((long) width * height > Integer.MAX_VALUE / 2) {
            throw new BadInputException("generate-images width x height must stay below " + Integer.MAX_VALUE / 2
                    + " pixels (one Java array per image); got " + width + "x" + height);
        }
        if (!(emptyFraction >= 0 && emptyFraction <= 1)) {
            throw new BadInputException("generate-images empty fraction must be in [0, 1]; got " + emptyFraction);
        }
        if (!(contrast > 0 && contrast <= 0.5)) {
            throw new BadInputException("generate-images contrast must be in (0, 0.5]; got " + contrast);
        }
        if (!(noise >= 0 && noise <= 0.5)) {
            throw new BadInputException("generate-images noise must be in [0, 0.5]; got " + noise);
        }
        if (partitions < 0) {
            throw new BadInputException("generate-images partitions must be >= 0 (0: automatic); got " + partitions);
        }
    }

    /** Default contrast, noise and partitioning. */
    public static ImageGenSpec of(int count, int width, int height, long seed, double emptyFraction) {
        return new ImageGenSpec(count, width, height, seed, emptyFraction, DEFAULT_CONTRAST, DEFAULT_NOISE, 0);
    }

    /** The Spark tasks that render: {@link #partitions} or one per 64 images. */
    public int tasks() {
        return partitions > 0 ? partitions : Math.max(1, (count + 63) / 64);
    }
}
