package dev.fulcrum.loss;

import java.util.Objects;
import org.nd4j.shade.jackson.annotation.JsonCreator;
import org.nd4j.shade.jackson.annotation.JsonProperty;

/**
 * Soft Dice loss with the <b>linear</b> denominator: <b>1 − (2Σpy + s)/(Σp + Σy + s)</b>, sums over
 * the minibatch (soft counts, masked; see {@link AbstractSetLoss} for how a batch loss is spread
 * over rows and how 2-column softmax outputs are read). p = sigmoid output, y ∈ {0,1}, s ≥ 0 the
 * smoothing term (default 1). Equal to the Tversky loss with α=β=0.5 and smoothing s/2.
 * Gradient: ∂L/∂TP = −2/D, ∂L/∂P = (2TP+s)/D² with D = Σp+Σy+s, dL/dp_e = m_e(y_e·∂L/∂TP + ∂L/∂P).
 */
public final class LossDice extends AbstractSetLoss {
    public static final double DEFAULT_SMOOTH = 1.0;

    private final double smooth;

    public LossDice() {
        this(DEFAULT_SMOOTH);
    }

    /** @param smooth s ≥ 0, added to numerator and denominator; reduced over the whole batch */
    public LossDice(double smooth) {
        this(smooth, 0);
    }

    /**
     * @param smooth         s ≥ 0, added to numerator and denominator
     * @param pixelsPerImage 0 = reduce = batch; H·W = reduce = image (see {@link AbstractSetLoss})
     */
    @JsonCreator
    public LossDice(@JsonProperty("smooth") double smooth, @JsonProperty("pixelsPerImage") int pixelsPerImage) {
        super(pixelsPerImage);
        checkSmooth(smooth);
        this.smooth = smooth;
    }

    @Override
    LossDice withPixelsPerImage(int pixelsPerImage) {
        return new LossDice(smooth, pixelsPerImage);
    }

    @Override
    double[] valueAndPartials(double tp, double sumP, double sumY) {
        double den = sumP + sumY + smooth;
        if (!(den > 0)) {
            return new double[] {0, 0, 0};
        }
        double num = 2 * tp + smooth;
        return new double[] {1.0 - num / den, -2.0 / den, num / (den * den)};
    }

    public double getSmooth() {
        return smooth;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LossDice d && smooth == d.smooth && pixelsPerImage == d.pixelsPerImage;
    }

    @Override
    public int hashCode() {
        return Objects.hash(LossDice.class, smooth, pixelsPerImage);
    }

    @Override
    public String toString() {
        return "LossDice(smooth=" + smooth + reduceSuffix() + ")";
    }
}
