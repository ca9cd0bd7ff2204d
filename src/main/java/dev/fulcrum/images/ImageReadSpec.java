package dev.fulcrum.images;

import dev.fulcrum.error.BadInputException;

/**
 * How {@link ImageReader} reads a directory holding {@code images/<id>.png} and {@code masks/<id>.png}.
 *
 * @param dir              the directory (path or Hadoop URI)
 * @param maskThreshold    a mask pixel is foreground when its grey level (0-255; RGB and palette masks
 *                         by the luma of their colour) is above this, in [0, 254]; 0 makes every
 *                         non-black pixel foreground (masks whose palette colours are class ids)
 * @param maskMustBeBinary refuse a mask holding any level other than 0 and 255 instead of thresholding it
 * @param onBadImage       fail on the first bad image, or quarantine the bad ones
 */
public record ImageReadSpec(String dir, int maskThreshold, boolean maskMustBeBinary, OnBadImage onBadImage) {
    public static final int DEFAULT_MASK_THRESHOLD = 127;

    public ImageReadSpec {
        if (dir == null || dir.isBlank()) {
            throw new BadInputException("data.input must name a directory with images/ and masks/; got \"" + dir + "\"");
        }
        if (maskThreshold < 0 || maskThreshold > 254) {
            throw new BadInputException("images.maskThreshold must be in [0, 254]; got " + maskThreshold);
        }
        if (onBadImage == null) {
            throw new BadInputException("data.onBadImage must be one of (fail, quarantine); got null");
        }
    }

    /** Threshold 127, thresholded (not necessarily binary) masks. */
    public static ImageReadSpec of(String dir, OnBadImage onBadImage) {
        return new ImageReadSpec(dir, DEFAULT_MASK_THRESHOLD, false, onBadImage);
    }
}
