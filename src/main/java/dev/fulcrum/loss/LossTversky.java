package dev.fulcrum.loss;

import java.util.Objects;
import org.nd4j.shade.jackson.annotation.JsonCreator;
import org.nd4j.shade.jackson.annotation.JsonProperty;

/**
 * Tversky loss (Salehi et al. 2017): <b>1 − TI</b>, TI = (TP+s)/(TP + α·FN + β·FP + s) with soft
 * counts TP=Σpy, FN=Σ(1−p)y, FP=Σp(1−y) over the minibatch (masked; see {@link AbstractSetLoss}).
 * <b>α weighs false negatives</b>, β false positives (Abraham &amp; Khan 2018 use α=0.7, β=0.3);
 * α=β=0.5 ⇒ Dice (with Dice smoothing 2s), α=β=1 ⇒ Jaccard (IoU). p = sigmoid output,
 * y ∈ {0,1}, s ≥ 0 smoothing (default 1). α, β ≥ 0 with α+β &gt; 0.
 */
public final class LossTversky extends AbstractSetLoss {
    public static final double DEFAULT_ALPHA = 0.7;
    public static final double DEFAULT_BETA = 0.3;
    public static final double DEFAULT_SMOOTH = 1.0;

    private final double alpha;
    private final double beta;
    private final double smooth;

    public LossTversky() {
        this(DEFAULT_ALPHA, DEFAULT_BETA, DEFAULT_SMOOTH, 0);
    }

    /**
     * @param alpha  weight of false negatives, ≥ 0
     * @param beta   weight of false positives, ≥ 0 (α+β &gt; 0)
     * @param smooth s ≥ 0
     */
    public LossTversky(double alpha, double beta, double smooth) {
        this(alpha, beta, smooth, 0);
    }

    /** As {@link #LossTversky(double, double, double)}; pixelsPerImage 0 = reduce = batch, H·W = reduce = image. */
    @JsonCreator
    public LossTversky(@JsonProperty("alpha") double alpha, @JsonProperty("beta") double beta,
            @JsonProperty("smooth") double smooth, @JsonProperty("pixelsPerImage") int pixelsPerImage) {
        super(pixelsPerImage);
        checkAlphaBeta(alpha, beta);
        checkSmooth(smooth);
        this.alpha = alpha;
        this.beta = beta;
        this.smooth = smooth;
    }

    @Override
    double[] valueAndPartials(double tp, double sumP, double sumY) {
        return tversky(tp, sumP, sumY, alpha, beta, smooth, 1.0);
    }

    @Override
    LossTversky withPixelsPerImage(int pixelsPerImage) {
        return new LossTversky(alpha, beta, smooth, pixelsPerImage);
    }

    public double getAlpha() {
        return alpha;
    }

    public double getBeta() {
        return beta;
    }

    public double getSmooth() {
        return smooth;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LossTversky t && alpha == t.alpha && beta == t.beta && smooth == t.smooth
                && pixelsPerImage == t.pixelsPerImage;
    }

    @Override
    public int hashCode() {
        return Objects.hash(LossTversky.class, alpha, beta, smooth, pixelsPerImage);
    }

    @Override
    public String toString() {
        return "LossTversky(alpha=" + alpha + ", beta=" + beta + ", smooth=" + smooth + reduceSuffix() + ")";
    }
}
