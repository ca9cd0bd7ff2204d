package dev.fulcrum.loss;

import java.util.Objects;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.shade.jackson.annotation.JsonProperty;

/**
 * Weighted binary cross-entropy: <b>−[w₊·y·log p + (1−y)·log(1−p)]</b>, generalised to
 * <b>−[w₊·y·log p + w₋·(1−y)·log(1−p)]</b> so that class-balanced weights (Cui et al. 2019, see
 * {@link ClassBalance}) can weigh both classes. p = sigmoid output, y ∈ {0,1}, p ε-clipped to
 * [ε, 1−ε]. {@code posWeight = auto} means w₊ = N₋/N₊ of the training split (resolved by
 * {@link LossSpec#build}).
 *
 * <p>Why not DL4J's {@code LossBinaryXENT(weights)}: its weights scale whole output columns, so
 * on a single sigmoid column a weight multiplies both classes' terms and cannot express w₊ ≠ w₋.
 * It is exact only when w₊ = w₋ = 1, and {@link LossSpec#build} then returns
 * {@code LossBinaryXENT} itself. On a 2-column softmax this class computes the categorical form
 * −[w₋·y₀·log p₀ + w₊·y₁·log p₁] (the score of LossBinaryXENT with weights [w₋, w₊]; its
 * softmax gradient is not the derivative of that score, this class's is).
 */
public final class LossWeightedBCE extends AbstractLoss {
    public static final double DEFAULT_CLIP_EPS = 1e-5;

    private final double posWeight;
    private final double negWeight;
    private final double clipEps;

    public LossWeightedBCE(double posWeight) {
        this(posWeight, 1.0, DEFAULT_CLIP_EPS);
    }

    /**
     * @param posWeight w₊ &gt; 0, the weight of the positive-class term
     * @param negWeight w₋ &gt; 0, the weight of the negative-class term (1 for plain weighted BCE)
     * @param clipEps   p is clipped to [clipEps, 1−clipEps]; in [0, 0.5)
     */
    public LossWeightedBCE(@JsonProperty("posWeight") double posWeight, @JsonProperty("negWeight") double negWeight,
            @JsonProperty("clipEps") double clipEps) {
        if (!(posWeight > 0) || Double.isInfinite(posWeight)) {
            throw new IllegalArgumentException("posWeight must be > 0 and finite; got " + posWeight);
        }
        if (!(negWeight > 0) || Double.isInfinite(negWeight)) {
            throw new IllegalArgumentException("negWeight must be > 0 and finite; got " + negWeight);
        }
        checkClipEps(clipEps);
        this.posWeight = posWeight;
        this.negWeight = negWeight;
        this.clipEps = clipEps;
    }

    @Override
    Result compute(INDArray labels, INDArray preOutput, IActivation activationFn, INDArray mask,
            boolean wantScore, boolean wantGradient) {
        checkShapes(labels, preOutput);
        INDArray y = labels.castTo(preOutput.dataType());
        INDArray p = probabilities(preOutput, activationFn, clipEps);
        Kernels.ScoreAndGrad sg;
        if (isSoftmax(activationFn)) {
            if (p.size(1) != 2) {
                throw new IllegalStateException("Weighted BCE on a softmax needs 2 outputs; got " + p.size(1));
            }
            INDArray coef = Nd4j.createFromArray(negWeight, posWeight).castTo(p.dataType()).reshape(1, 2);
            sg = Kernels.categorical(p, y, coef, 0.0, wantScore, wantGradient);
        } else {
            sg = Kernels.binary(p, y, posWeight, negWeight, 0.0, wantScore, wantGradient);
        }
        INDArray scores = wantScore ? rowSums(sg.score(), mask) : null;
        INDArray grad = wantGradient ? backprop(preOutput, activationFn, sg.dLdp(), mask) : null;
        return new Result(scores, grad);
    }

    public double getPosWeight() {
        return posWeight;
    }

    public double getNegWeight() {
        return negWeight;
    }

    public double getClipEps() {
        return clipEps;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LossWeightedBCE w && posWeight == w.posWeight && negWeight == w.negWeight
                && clipEps == w.clipEps;
    }

    @Override
    public int hashCode() {
        return Objects.hash(posWeight, negWeight, clipEps);
    }

    @Override
    public String toString() {
        return "LossWeightedBCE(posWeight=" + posWeight + ", negWeight=" + negWeight + ")";
    }
}
