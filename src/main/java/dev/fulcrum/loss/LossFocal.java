package dev.fulcrum.loss;

import java.util.Arrays;
import java.util.Objects;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.shade.jackson.annotation.JsonProperty;

/**
 * Focal loss (Lin et al. 2017), binary and multi-class.
 *
 * <p>p = sigmoid output (binary) or softmax column (multi-class); y ∈ {0,1}; p is ε-clipped to
 * [ε, 1−ε] ({@link #DEFAULT_CLIP_EPS}).
 * <ul>
 * <li>Binary (any non-softmax activation, each output column an independent binary problem):
 *     <b>−α_t(1−p_t)^γ log p_t</b>, p_t = p if y=1 else 1−p, α_t = α if y=1 else 1−α.
 *     α=1 and γ=0 give plain CE on the positives; with no α ({@code alpha = null}, α_t = 1) and
 *     γ=0 the loss is exactly binary cross-entropy. Reference values (α=1, γ=2, y=1):
 *     p=0.90→0.0010536, p=0.95→0.00012823, p=0.20→1.0300399 (CE 0.1053604, 0.0512932, 1.6094379).
 *     This is torchvision's {@code sigmoid_focal_loss} for 0/1 labels.</li>
 * <li>Multi-class (softmax): <b>−Σ_c α_c(1−p_c)^γ y_c log p_c</b> with a per-class α vector
 *     (length C); a scalar α on a 2-column softmax means α = [1−α, α] (column 1 is the positive
 *     class), so it equals the binary form on a sigmoid.</li>
 * </ul>
 * Parameters: α ∈ [0,1] (scalar) or a vector of C values in [0,1], or null for no α weighting;
 * γ ≥ 0 the focusing parameter (γ=0: no focusing). {@code classWeights} (optional, length 2 for
 * binary [w₋, w₊] or C for softmax) multiply each class's term on top of α — this is how the
 * class-balanced weights of Cui et al. 2019 ({@link ClassBalance}) are applied.
 *
 * <p>The gradient w.r.t. p is d/dp[−(1−p)^γ log p] = −(1−p)^γ/p + γ(1−p)^{γ−1} log p (positive
 * term) and d/dp[−p^γ log(1−p)] = p^γ/(1−p) − γ p^{γ−1} log(1−p) (negative term), evaluated at
 * the clipped p and back-propagated through the layer activation.
 */
public final class LossFocal extends AbstractLoss {
    public static final double DEFAULT_ALPHA = 0.25;
    public static final double DEFAULT_GAMMA = 2.0;
    public static final double DEFAULT_CLIP_EPS = 1e-5;

    private final double[] alpha;
    private final double gamma;
    private final double[] classWeights;
    private final double clipEps;

    /** Binary focal loss with α = 0.25, γ = 2 (torchvision's defaults). */
    public LossFocal() {
        this(new double[] {DEFAULT_ALPHA}, DEFAULT_GAMMA, null, DEFAULT_CLIP_EPS);
    }

    public LossFocal(double alpha, double gamma) {
        this(new double[] {alpha}, gamma, null, DEFAULT_CLIP_EPS);
    }

    /**
     * @param alpha        null (no α), one value (binary α) or C values (per-class, softmax only), each in [0,1]
     * @param gamma        focusing parameter, ≥ 0
     * @param classWeights null or per-class multipliers (&gt; 0): [w₋, w₊] for binary, C values for softmax
     * @param clipEps      p is clipped to [clipEps, 1−clipEps]; in [0, 0.5)
     */
    public LossFocal(@JsonProperty("alpha") double[] alpha, @JsonProperty("gamma") double gamma,
            @JsonProperty("classWeights") double[] classWeights, @JsonProperty("clipEps") double clipEps) {
        if (alpha != null) {
            if (alpha.length == 0) {
                throw new IllegalArgumentException("alpha must be null or have >= 1 value; got []");
            }
            for (double a : alpha) {
                if (!(a >= 0 && a <= 1)) {
                    throw new IllegalArgumentException("alpha must be in [0, 1]; got " + Arrays.toString(alpha));
                }
            }
        }
        if (!(gamma >= 0) || Double.isInfinite(gamma)) {
            throw new IllegalArgumentException("gamma must be >= 0; got " + gamma);
        }
        if (classWeights != null) {
            for (double w : classWeights) {
                if (!(w > 0) || Double.isInfinite(w)) {
                    throw new IllegalArgumentException("classWeights must be > 0 and finite; got "
                            + Arrays.toString(classWeights));
                }
            }
        }
        checkClipEps(clipEps);
        this.alpha = alpha == null ? null : alpha.clone();
        this.gamma = gamma;
        this.classWeights = classWeights == null ? null : classWeights.clone();
        this.clipEps = clipEps;
    }

    @Override
    Result compute(INDArray labels, INDArray preOutput, IActivation activationFn, INDArray mask,
            boolean wantScore, boolean wantGradient) {
        checkShapes(labels, preOutput);
        INDArray y = labels.castTo(preOutput.dataType());
        INDArray p = probabilities(preOutput, activationFn, clipEps);
        long nOut = p.size(1);
        Kernels.ScoreAndGrad sg;
        if (isSoftmax(activationFn)) {
            sg = Kernels.categorical(p, y, coefficients(nOut, preOutput), gamma, wantScore, wantGradient);
        } else {
            if (alpha != null && alpha.length != 1) {
                throw new IllegalStateException("A per-class alpha vector needs a softmax output layer; got "
                        + activationFn + " with alpha " + Arrays.toString(alpha));
            }
            if (classWeights != null && classWeights.length != 2) {
                throw new IllegalStateException("Binary focal loss needs 2 class weights [w-, w+]; got "
                        + Arrays.toString(classWeights));
            }
            double a = alpha == null ? 1.0 : alpha[0];
            double cPos = alpha == null ? 1.0 : a;
            double cNeg = alpha == null ? 1.0 : 1.0 - a;
            if (classWeights != null) {
                cNeg *= classWeights[0];
                cPos *= classWeights[1];
            }
            sg = Kernels.binary(p, y, cPos, cNeg, gamma, wantScore, wantGradient);
        }
        INDArray scores = wantScore ? rowSums(sg.score(), mask) : null;
        INDArray grad = wantGradient ? backprop(preOutput, activationFn, sg.dLdp(), mask) : null;
        return new Result(scores, grad);
    }

    private INDArray coefficients(long nOut, INDArray like) {
        double[] c = new double[(int) nOut];
        Arrays.fill(c, 1.0);
        if (alpha != null) {
            if (alpha.length == 1 && nOut == 2) {
                c[0] = 1.0 - alpha[0];
                c[1] = alpha[0];
            } else if (alpha.length == nOut) {
                c = alpha.clone();
            } else {
                throw new IllegalStateException("Softmax focal loss with " + nOut + " outputs needs " + nOut
                        + " alpha values (or one for 2 outputs); got " + Arrays.toString(alpha));
            }
        }
        if (classWeights != null) {
            if (classWeights.length != nOut) {
                throw new IllegalStateException("Softmax focal loss with " + nOut + " outputs needs " + nOut
                        + " class weights; got " + Arrays.toString(classWeights));
            }
            for (int i = 0; i < c.length; i++) {
                c[i] *= classWeights[i];
            }
        }
        return Nd4j.createFromArray(c).castTo(like.dataType()).reshape(1, nOut);
    }

    public double[] getAlpha() {
        return alpha == null ? null : alpha.clone();
    }

    public double getGamma() {
        return gamma;
    }

    public double[] getClassWeights() {
        return classWeights == null ? null : classWeights.clone();
    }

    public double getClipEps() {
        return clipEps;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LossFocal f && Arrays.equals(alpha, f.alpha) && gamma == f.gamma
                && Arrays.equals(classWeights, f.classWeights) && clipEps == f.clipEps;
    }

    @Override
    public int hashCode() {
        return Objects.hash(Arrays.hashCode(alpha), gamma, Arrays.hashCode(classWeights), clipEps);
    }

    @Override
    public String toString() {
        return "LossFocal(alpha=" + (alpha == null ? "none" : alpha.length == 1 ? alpha[0] : Arrays.toString(alpha))
                + ", gamma=" + gamma + (classWeights == null ? "" : ", classWeights=" + Arrays.toString(classWeights))
                + ")";
    }
}
