package dev.fulcrum.loss;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Vectorised element-wise focal / cross-entropy kernels in probability space, shared by
 * {@link LossFocal} and {@link LossWeightedBCE}. All work is whole-array ND4J ops.
 */
final class Kernels {
    private Kernels() {
    }

    /** Element scores and dL/dp (either may be null when not wanted). */
    record ScoreAndGrad(INDArray score, INDArray dLdp) {
    }

    /**
     * Per-output binary focal term {@code -[cPos·y·(1-p)^γ·log p + cNeg·(1-y)·p^γ·log(1-p)]} and its
     * derivative w.r.t. p. With γ = 0 it is weighted binary cross-entropy.
     */
    static ScoreAndGrad binary(INDArray p, INDArray y, double cPos, double cNeg, double gamma,
            boolean wantScore, boolean wantGrad) {
        INDArray q = p.rsub(1.0);
        INDArray ny = y.rsub(1.0);
        INDArray logp = Transforms.log(p, true);
        INDArray logq = Transforms.log(q, true);
        INDArray a = gamma == 0 ? null : pow(q, gamma);
        INDArray b = gamma == 0 ? null : pow(p, gamma);
        INDArray score = null;
        if (wantScore) {
            INDArray pos = (a == null ? logp.mul(y) : a.mul(logp).muli(y)).muli(cPos);
            INDArray neg = (b == null ? logq.mul(ny) : b.mul(logq).muli(ny)).muli(cNeg);
            score = pos.addi(neg).negi();
        }
        INDArray dLdp = null;
        if (wantGrad) {
            // d/dp of -cPos·y·a·log p = -cPos·y·(a/p - γ·a·log p/q)
            INDArray gPos = a == null ? p.rdiv(1.0) : a.div(p);
            if (a != null) {
                gPos.subi(a.mul(logp).divi(q).muli(gamma));
            }
            gPos.muli(y).muli(-cPos);
            // d/dp of -cNeg·(1-y)·b·log q = cNeg·(1-y)·(b/q - γ·b·log q/p)
            INDArray gNeg = b == null ? q.rdiv(1.0) : b.div(q);
            if (b != null) {
                gNeg.subi(b.mul(logq).divi(p).muli(gamma));
            }
            gNeg.muli(ny).muli(cNeg);
            dLdp = gPos.addi(gNeg);
        }
        return new ScoreAndGrad(score, dLdp);
    }

    /**
     * Categorical focal term {@code -c_c·y_c·(1-p_c)^γ·log p_c} (softmax outputs) and dL/dp, where
     * {@code coef} is a [1, C] row vector.
     */
    static ScoreAndGrad categorical(INDArray p, INDArray y, INDArray coef, double gamma,
            boolean wantScore, boolean wantGrad) {
        INDArray logp = Transforms.log(p, true);
        INDArray q = gamma == 0 ? null : p.rsub(1.0);
        INDArray a = gamma == 0 ? null : pow(q, gamma);
        INDArray score = null;
        if (wantScore) {
            score = (a == null ? logp.mul(y) : a.mul(logp).muli(y)).muliRowVector(coef).negi();
        }
        INDArray dLdp = null;
        if (wantGrad) {
            INDArray g = a == null ? p.rdiv(1.0) : a.div(p);
            if (a != null) {
                g.subi(a.mul(logp).divi(q).muli(gamma));
            }
            dLdp = g.muli(y).muliRowVector(coef).negi();
        }
        return new ScoreAndGrad(score, dLdp);
    }

    private static INDArray pow(INDArray x, double gamma) {
        if (gamma == 1.0) {
            return x.dup();
        }
        if (gamma == 2.0) {
            return x.mul(x);
        }
        return Transforms.pow(x, gamma, true);
    }
}
