package dev.fulcrum.loss;

import java.util.Objects;
import org.nd4j.shade.jackson.annotation.JsonCreator;
import org.nd4j.shade.jackson.annotation.JsonProperty;

/**
 * Focal Tversky loss (Abraham &amp; Khan 2018): <b>(1−TI)^γ</b>, default γ=0.75 (the paper writes
 * 1/γ with γ=4/3), TI = (TP+s)/(TP + α·FN + β·FP + s) as in {@link LossTversky} (α weighs false
 * negatives, β false positives; defaults α=0.7, β=0.3, s=1). γ=1 is the Tversky loss. The
 * derivative γ(1−TI)^{γ−1}·(−dTI) is infinite at TI=1 when γ&lt;1; it is evaluated at
 * max(1−TI, 1e-7) so a perfect batch still gives a finite gradient.
 */
public final class LossFocalTversky extends AbstractSetLoss {
    public static final double DEFAULT_ALPHA = 0.7;
    public static final double DEFAULT_BETA = 0.3;
    public static final double DEFAULT_GAMMA = 0.75;
    public static final double DEFAULT_SMOOTH = 1.0;

    private final double alpha;
    private final double beta;
    private final double gamma;
    private final double smooth;

    public LossFocalTversky() {
        this(DEFAULT_ALPHA, DEFAULT_BETA, DEFAULT_GAMMA, DEFAULT_SMOOTH);
    }

    /**
     * @param alpha  weight of false negatives, ≥ 0
     * @param beta   weight of false positives, ≥ 0 (α+β &gt; 0)
     * @param gamma  exponent γ &gt; 0
     * @param smooth s ≥ 0
     */
    public LossFocalTversky(double alpha, double beta, double gamma, double smooth) {
        this(alpha, beta, gamma, smooth, 0);
    }

    /** As {@link #LossFocalTversky(double, double, double, double)}; pixelsPerImage 0 = reduce = batch, H·W = image. */
    @JsonCreator
    public LossFocalTversky(@JsonProperty("alpha") double alpha, @JsonProperty("beta") double beta,
            @JsonProperty("gamma") double gamma, @JsonProperty("smooth") double smooth,
            @JsonProperty("pixelsPerImage") int pixelsPerImage) {
        super(pixelsPerImage);
        checkAlphaBeta(alpha, beta);
        checkSmooth(smooth);
        if (!(gamma > 0) || Double.isInfinite(gamma)) {
            throw new IllegalArgumentException("gamma must be > 0 and finite; got " + gamma);
        }
        this.alpha = alpha;
        this.beta = beta;
        this.gamma = gamma;
        this.smooth = smooth;
    }

    @Override
    double[] valueAndPartials(double tp, double sumP, double sumY) {
        return tversky(tp, sumP, sumY, alpha, beta, smooth, gamma);
    }

    @Override
    LossFocalTversky withPixelsPerImage(int pixelsPerImage) {
        return new LossFocalTversky(alpha, beta, gamma, smooth, pixelsPerImage);
    }

    public double getAlpha() {
        return alpha;
    }

    public double getBeta() {
        return beta;
    }

    public double getGamma() {
        return gamma;
    }

    public double getSmooth() {
        return smooth;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LossFocalTversky t && alpha == t.alpha && beta == t.beta && gamma == t.gamma
                && smooth == t.smooth && pixelsPerImage == t.pixelsPerImage;
    }

    @Override
    public int hashCode() {
        return Objects.hash(LossFocalTversky.class, alpha, beta, gamma, smooth, pixelsPerImage);
    }

    @Override
    public String toString() {
        return "LossFocalTversky(alpha=" + alpha + ", beta=" + beta + ", gamma=" + gamma + ", smooth=" + smooth
                + reduceSuffix() + ")";
    }
}
