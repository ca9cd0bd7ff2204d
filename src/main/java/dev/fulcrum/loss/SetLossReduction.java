package dev.fulcrum.loss;

import org.nd4j.linalg.lossfunctions.ILossFunction;

/**
 * Switches the set losses of a built loss (Dice, Tversky, focal Tversky, and the set terms of a
 * {@link LossCombo}) between {@code reduce = batch} and {@code reduce = image}, and reads back
 * which one a loss uses; other losses are per-pixel already and pass through unchanged.
 */
public final class SetLossReduction {
    private SetLossReduction() {
    }

    /** A copy of {@code loss} whose set terms compute their loss per image of {@code pixelsPerImage} rows, then average. */
    public static ILossFunction perImage(ILossFunction loss, int pixelsPerImage) {
        if (pixelsPerImage < 1) {
            throw new IllegalArgumentException("pixelsPerImage must be >= 1 (height * width); got " + pixelsPerImage);
        }
        return withPixelsPerImage(loss, pixelsPerImage);
    }

    /** A copy of {@code loss} whose set terms count over the whole minibatch. */
    public static ILossFunction perBatch(ILossFunction loss) {
        return withPixelsPerImage(loss, 0);
    }

    /**
     * The pixels per image the set terms of {@code loss} regroup by; 0 when they reduce over the
     * batch or there is no set term. Terms that disagree are an error (no builder makes them).
     */
    public static int pixelsPerImage(ILossFunction loss) {
        if (loss instanceof AbstractSetLoss s) {
            return s.pixelsPerImage;
        }
        if (loss instanceof LossCombo c) {
            int found = 0;
            for (ILossFunction t : c.getTerms()) {
                int p = pixelsPerImage(t);
                if (found != 0 && p != 0 && p != found) {
                    throw new IllegalArgumentException(loss + ": set terms regroup by different image sizes ("
                            + found + " and " + p + " pixels)");
                }
                found = p != 0 ? p : found;
            }
            return found;
        }
        return 0;
    }

    private static ILossFunction withPixelsPerImage(ILossFunction loss, int pixelsPerImage) {
        if (loss instanceof AbstractSetLoss s) {
            return s.withPixelsPerImage(pixelsPerImage);
        }
        if (loss instanceof LossCombo c) {
            ILossFunction[] terms = c.getTerms();
            for (int i = 0; i < terms.length; i++) {
                terms[i] = withPixelsPerImage(terms[i], pixelsPerImage);
            }
            return new LossCombo(terms, c.getWeights());
        }
        return loss;
    }
}
