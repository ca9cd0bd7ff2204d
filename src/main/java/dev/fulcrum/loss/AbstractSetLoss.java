package dev.fulcrum.loss;

import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Base of the set (overlap) losses — Dice, Tversky, focal Tversky — whose value L is a function of
 * the minibatch's soft counts TP = Σ m·p·y, P = Σ m·p and Y = Σ m·y (m = label mask, 1 without
 * one; FN = Y − TP, FP = P − TP). They couple the rows of a minibatch:
 * <ul>
 * <li>the non-averaged score is n·L (n = rows), so {@code average=true} gives exactly L, and
 *     the gradient is the exact derivative of n·L: dL/dp_e = m_e·(y_e·∂L/∂TP + ∂L/∂P);</li>
 * <li>{@code computeScoreArray} splits n·L over the rows in proportion to their mask weight
 *     (L per row without a mask; 0 for masked-out rows), so it sums to the batch score;</li>
 * <li>a batch whose denominator is 0 (nothing predicted, nothing positive, s = 0, or everything
 *     masked) has score 0 and gradient 0, as DL4J's {@code LossFMeasure} does.</li>
 * </ul>
 * Which outputs count: one column (sigmoid) — that column; several non-softmax columns — all
 * elements (micro counts, e.g. per-pixel masks flattened by {@code CnnLossLayer}); a 2-column
 * softmax — column 1 (the positive class). A 1-column or &gt;2-column softmax is rejected.
 * For per-pixel input the counts run over all pixels of the minibatch (the layer flattens images
 * into rows). No clipping is needed: the set losses have no logarithm.
 */
abstract class AbstractSetLoss extends AbstractLoss {

    /** {L, ∂L/∂TP, ∂L/∂P} for the given soft counts; Y is constant w.r.t. the predictions. */
    abstract double[] valueAndPartials(double tp, double sumP, double sumY);

    @Override
    Result compute(INDArray labels, INDArray preOutput, IActivation activationFn, INDArray mask,
            boolean wantScore, boolean wantGradient) {
        checkShapes(labels, preOutput);
        INDArray y = labels.castTo(preOutput.dataType());
        INDArray p = activationFn.getActivation(preOutput.dup(), true);
        long rows = p.size(0);
        long cols = p.size(1);
        boolean softmax = isSoftmax(activationFn);
        INDArray pS = p;
        INDArray yS = y;
        INDArray m = null;
        if (softmax) {
            if (cols != 2) {
                throw new IllegalStateException(getClass().getSimpleName()
                        + " on a softmax output needs exactly 2 columns (column 1 = positive class); got " + cols
                        + "; use a 1-column sigmoid output instead");
            }
            pS = p.getColumn(1, true);
            yS = y.getColumn(1, true);
        }
        if (mask != null) {
            INDArray mk = mask.castTo(p.dataType());
            if (softmax && mk.size(1) == 2) {
                mk = mk.getColumn(1, true);
            }
            if (mk.size(1) == pS.size(1)) {
                m = mk;
            } else if (mk.size(1) == 1) {
                m = Nd4j.ones(pS.dataType(), pS.shape()).muliColumnVector(mk);
            } else {
                throw new IllegalStateException("Mask shape " + java.util.Arrays.toString(mask.shape())
                        + " does not fit output shape " + java.util.Arrays.toString(p.shape()));
            }
        }
        INDArray ym = m == null ? yS : yS.mul(m);
        double tp = pS.mul(ym).sumNumber().doubleValue();
        double sumP = (m == null ? pS : pS.mul(m)).sumNumber().doubleValue();
        double sumY = ym.sumNumber().doubleValue();
        double[] v = valueAndPartials(tp, sumP, sumY);
        double loss = v[0];

        INDArray scores = null;
        if (wantScore) {
            if (m == null) {
                scores = Nd4j.valueArrayOf(new long[] {rows, 1}, loss, p.dataType());
            } else {
                INDArray rowWeight = m.sum(true, 1);
                double total = rowWeight.sumNumber().doubleValue();
                scores = total > 0 ? rowWeight.muli(rows * loss / total) : Nd4j.zeros(p.dataType(), rows, 1);
            }
        }
        INDArray grad = null;
        if (wantGradient) {
            INDArray gS = yS.mul(v[1] * rows).addi(v[2] * rows);
            if (m != null) {
                gS.muli(m);
            }
            INDArray dLdp;
            if (softmax) {
                dLdp = Nd4j.zeros(p.dataType(), p.shape());
                dLdp.get(NDArrayIndex.all(), NDArrayIndex.interval(1, 2)).assign(gS);
            } else {
                dLdp = gS;
            }
            grad = activationFn.backprop(preOutput.dup(), dLdp).getFirst();
        }
        return new Result(scores, grad);
    }

    static void checkSmooth(double smooth) {
        if (!(smooth >= 0) || Double.isInfinite(smooth)) {
            throw new IllegalArgumentException("smooth must be >= 0 and finite; got " + smooth);
        }
    }

    static void checkAlphaBeta(double alpha, double beta) {
        if (!(alpha >= 0) || Double.isInfinite(alpha)) {
            throw new IllegalArgumentException("alpha must be >= 0 and finite; got " + alpha);
        }
        if (!(beta >= 0) || Double.isInfinite(beta)) {
            throw new IllegalArgumentException("beta must be >= 0 and finite; got " + beta);
        }
        if (alpha + beta <= 0) {
            throw new IllegalArgumentException("alpha + beta must be > 0 (else the index is constant); got "
                    + alpha + " + " + beta);
        }
    }

    /**
     * Tversky index TI = (TP+s)/(TP + α·FN + β·FP + s) raised as (1−TI)^γ, with partials; shared by
     * {@link LossTversky} (γ=1) and {@link LossFocalTversky}.
     */
    static double[] tversky(double tp, double sumP, double sumY, double alpha, double beta, double smooth,
            double gamma) {
        double fn = sumY - tp;
        double fp = sumP - tp;
        double den = tp + alpha * fn + beta * fp + smooth;
        if (!(den > 0)) {
            return new double[] {0, 0, 0};
        }
        double num = tp + smooth;
        double ti = num / den;
        // den = (1-α-β)·TP + α·Y + β·P + s
        double dTiDtp = (den - num * (1.0 - alpha - beta)) / (den * den);
        double dTiDp = -num * beta / (den * den);
        double base = 1.0 - ti;
        if (gamma == 1.0) {
            return new double[] {base, -dTiDtp, -dTiDp};
        }
        double value = Math.pow(Math.max(base, 0.0), gamma);
        double factor = gamma * Math.pow(Math.max(base, FOCAL_TVERSKY_MIN_BASE), gamma - 1.0);
        return new double[] {value, -factor * dTiDtp, -factor * dTiDp};
    }

    /** For γ &lt; 1 the derivative γ(1−TI)^{γ−1} is infinite at TI = 1: it is evaluated at max(1−TI, this). */
    static final double FOCAL_TVERSKY_MIN_BASE = 1e-7;
}
