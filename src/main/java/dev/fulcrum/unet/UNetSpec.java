package dev.fulcrum.unet;

import dev.fulcrum.error.BadInputException;

/**
 * The U-Net's shape and optimiser. {@code depth} = number of 2x2 poolings (1..5; input height and
 * width must be multiples of 2^depth), {@code baseFilters} = channels of the first level (level d
 * has baseFilters·2^d), {@code attentionGates} = additive attention (Oktay et al. 2018) on every skip
 * connection, {@code batchNorm} = batch normalisation after each 3x3 convolution, {@code dropout} =
 * probability of dropping a unit at the bottleneck's input (0 = none), Adam with
 * {@code learningRate}, L2 weight decay {@code l2}, weight-initialisation seed {@code seed}.
 */
public record UNetSpec(int depth, int baseFilters, boolean attentionGates, boolean batchNorm, double dropout,
                       double learningRate, double l2, long seed) {

    public static final int MAX_DEPTH = 5;

    public UNetSpec {
        if (depth < 1 || depth > MAX_DEPTH) {
            throw new BadInputException("unet.depth must be in 1.." + MAX_DEPTH + "; got " + depth);
        }
        if (baseFilters < 1 || baseFilters > 256) {
            throw new BadInputException("unet.baseFilters must be in 1..256; got " + baseFilters);
        }
        if (!(dropout >= 0 && dropout < 1)) {
            throw new BadInputException("unet.dropout must be in [0, 1); got " + dropout);
        }
        if (!(learningRate > 0) || Double.isInfinite(learningRate)) {
            throw new BadInputException("unet.learningRate must be > 0 and finite; got " + learningRate);
        }
        if (!(l2 >= 0) || Double.isInfinite(l2)) {
            throw new BadInputException("unet.l2 must be >= 0 and finite; got " + l2);
        }
    }

    /** 2^depth: the multiple every input height and width must be. */
    public int sizeMultiple() {
        return 1 << depth;
    }

    /**
     * Refuses an image size the net cannot take (each pooling halves it; the decoder's skip
     * concatenation needs the halves to be exact).
     */
    public void checkImageSize(String what, int height, int width) {
        int m = sizeMultiple();
        if (height < m || width < m || height % m != 0 || width % m != 0) {
            throw new BadInputException(what + ": a U-Net of depth " + depth + " needs height and width that are "
                    + "multiples of 2^" + depth + " = " + m + "; got " + height + "x" + width
                    + "; crop or pad to " + roundUp(height, m) + "x" + roundUp(width, m) + ", or lower unet.depth");
        }
    }

    static int roundUp(int v, int m) {
        return Math.max(m, (v + m - 1) / m * m);
    }
}
