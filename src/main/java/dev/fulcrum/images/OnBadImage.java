package dev.fulcrum.images;

import dev.fulcrum.error.BadInputException;
import java.util.Locale;

/** What {@link ImageReader} does with an image it cannot use. */
public enum OnBadImage {
    /** Stop at the first bad image (by file name) with one line naming the file and the fix. */
    FAIL,
    /** Set it aside in the quarantine frame with its reason, count it, and go on. */
    QUARANTINE;

    /** {@code fail} or {@code quarantine}, as a job file or option spells it. */
    public static OnBadImage parse(String value, String what) {
        try {
            return valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new BadInputException(what + " must be one of (fail, quarantine); got " + value);
        }
    }
}
