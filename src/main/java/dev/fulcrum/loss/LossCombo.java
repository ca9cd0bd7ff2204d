package dev.fulcrum.loss;

import java.util.Arrays;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.lossfunctions.ILossFunction;
import org.nd4j.shade.jackson.annotation.JsonProperty;

/**
 * Combo loss: a weighted sum <b>Σ_k λ_k·L_k</b> of other losses, e.g. L_CE-or-Focal + λ·L_Dice
 * (Taghanaki et al. 2019). Each term sees the same labels, pre-activations, activation and mask;
 * scores, score arrays and gradients are the λ-weighted sums of the terms' (a set loss term
 * contributes n·L to the non-averaged score, so {@code average=true} gives mean focal + λ·Dice).
 * Terms may be any {@link ILossFunction}, including DL4J's own; λ_k &gt; 0.
 */
public final class LossCombo extends AbstractLoss {
    private final ILossFunction[] terms;
    private final double[] weights;

    /**
     * @param terms   the losses, at least one, none null
     * @param weights λ_k &gt; 0, one per term
     */
    public LossCombo(@JsonProperty("terms") ILossFunction[] terms, @JsonProperty("weights") double[] weights) {
        if (terms == null || terms.length == 0) {
            throw new IllegalArgumentException("terms must hold at least one loss; got "
                    + (terms == null ? "null" : "[]"));
        }
        if (weights == null || weights.length != terms.length) {
            throw new IllegalArgumentException("weights must have one value per term (" + terms.length + "); got "
                    + Arrays.toString(weights));
        }
        for (int i = 0; i < terms.length; i++) {
            if (terms[i] == null) {
                throw new IllegalArgumentException("terms[" + i + "] is null");
            }
            if (!(weights[i] > 0) || Double.isInfinite(weights[i])) {
                throw new IllegalArgumentException("weights[" + i + "] must be > 0 and finite; got " + weights[i]);
            }
        }
        this.terms = terms.clone();
        this.weights = weights.clone();
    }

    @Override
    Result compute(INDArray labels, INDArray preOutput, IActivation activationFn, INDArray mask,
            boolean wantScore, boolean wantGradient) {
        INDArray scores = null;
        INDArray grad = null;
        for (int i = 0; i < terms.length; i++) {
            INDArray s = null;
            INDArray g = null;
            if (terms[i] instanceof AbstractLoss a) {
                Result r = a.compute(labels, preOutput, activationFn, mask, wantScore, wantGradient);
                s = r.scores();
                g = r.gradient();
            } else {
                // foreign losses may work in place on preOutput (DL4J's backprop does): give them a copy
                if (wantScore) {
                    s = terms[i].computeScoreArray(labels, preOutput.dup(), activationFn, mask);
                    s = s.reshape(s.length(), 1);
                }
                if (wantGradient) {
                    g = terms[i].computeGradient(labels, preOutput.dup(), activationFn, mask);
                }
            }
            if (wantScore) {
                scores = scores == null ? s.mul(weights[i]) : scores.addi(s.mul(weights[i]));
            }
            if (wantGradient) {
                grad = grad == null ? g.mul(weights[i]) : grad.addi(g.mul(weights[i]));
            }
        }
        return new Result(scores, grad);
    }

    public ILossFunction[] getTerms() {
        return terms.clone();
    }

    public double[] getWeights() {
        return weights.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LossCombo c && Arrays.equals(terms, c.terms) && Arrays.equals(weights, c.weights);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(terms) + Arrays.hashCode(weights);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("LossCombo(");
        for (int i = 0; i < terms.length; i++) {
            sb.append(i == 0 ? "" : " + ").append(weights[i]).append('*').append(terms[i]);
        }
        return sb.append(')').toString();
    }
}
