package dev.fulcrum.images;

import dev.fulcrum.error.BadInputException;

/**
 * How {@link ImageSplitter} divides images into train / validation / test.
 *
 * @param train      share of each stratum's images in train, in (0, 1)
 * @param validation share in validation, in (0, 1)
 * @param test       share in test, in (0, 1); the three sum to 1
 * @param seed       the split is a function of it and of the image ids
 * @param sizeCut    foreground share (foreground pixels / pixels) at which an image counts as
 *                   "large" rather than "small", in (0, 1]; {@code null}: the median share of the
 *                   images that have foreground
 */
public record ImageSplitSpec(double train, double validation, double test, long seed, Double sizeCut) {
    public static final double SUM_TOLERANCE = 1e-9;

    public ImageSplitSpec {
        check("split.train", train);
        check("split.validation", validation);
        check("split.test", test);
        double sum = train + validation + test;
        if (Math.abs(sum - 1) > SUM_TOLERANCE) {
            throw new BadInputException("split: train + validation + test must sum to 1; got " + train + " + "
                    + validation + " + " + test + " = " + sum);
        }
        if (sizeCut != null && !(sizeCut > 0 && sizeCut <= 1)) {
            throw new BadInputException("split.sizeCut must be in (0, 1] or unset (the median); got " + sizeCut);
        }
    }

    /** The median foreground share as the size cut. */
    public static ImageSplitSpec of(double train, double validation, double test, long seed) {
        return new ImageSplitSpec(train, validation, test, seed, null);
    }

    double[] fractions() {
        return new double[] {train, validation, test};
    }

    private static void check(String key, double v) {
        if (!(v > 0 && v < 1)) {
            throw new BadInputException(key + " must be in (0, 1); got " + v);
        }
    }
}
