package dev.fulcrum.loss;

import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.api.buffer.DataType;
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
 * <p>Reduction ({@code reduce}): <b>batch</b> ({@code pixelsPerImage = 0}, the default) — the counts
 * run over all rows (pixels) of the minibatch; <b>image</b> ({@code pixelsPerImage = H·W}) — every
 * {@code pixelsPerImage} consecutive rows are one image ({@code CnnLossLayer} flattens
 * {@code [n,1,H,W]} to {@code [n·H·W,1]} image by image, pixel y·W+x within an image), L_i is
 * computed from image i's own counts and L = (1/N)·Σ L_i over the N images. The non-averaged score is
 * still n·L (each row of image i scores L_i), the gradient is its exact derivative
 * (pixelsPerImage·∂L_i/∂p_e), and a row count that is not a multiple of pixelsPerImage is refused.
 *
 * <p><b>Empty images</b> under reduce = image: an image with no foreground and no prediction
 * (TP = P = Y = 0) scores L_i = 0 when s &gt; 0 (its index is s/s = 1: perfect), and also 0 when
 * s = 0 (0/0, the rule above), so an empty, correctly empty crop never pulls the mean up. An
 * empty-truth image with predictions is penalised: Dice gives L_i = P/(P+s), Tversky 1 − s/(β·P+s)
 * (through the FP term; with β = 0 it is not penalised at all — choose β &gt; 0). No clipping is
 * needed: the set losses have no logarithm.
 */
abstract class AbstractSetLoss extends AbstractLoss {

    /**
     * Rows (pixels) per image for {@code reduce = image}, 0 for {@code reduce = batch}. A field of
     * the loss rather than something it infers, because {@code CnnLossLayer} hands over only the
     * flattened [images·H·W, 1] rows, never the image count.
     */
    final int pixelsPerImage;

    AbstractSetLoss(int pixelsPerImage) {
        if (pixelsPerImage < 0) {
            throw new IllegalArgumentException("pixelsPerImage must be >= 0 (0 = reduce over the whole batch); got "
                    + pixelsPerImage);
        }
        this.pixelsPerImage = pixelsPerImage;
    }

    /** {L, ∂L/∂TP, ∂L/∂P} for the given soft counts; Y is constant w.r.t. the predictions. */
    abstract double[] valueAndPartials(double tp, double sumP, double sumY);

    /** The same loss with the given reduction ({@code pixelsPerImage} 0 = batch). */
    abstract AbstractSetLoss withPixelsPerImage(int pixelsPerImage);

    /** Pixels per image this loss regroups rows by; 0 when it reduces over the whole batch. */
    public int getPixelsPerImage() {
        return pixelsPerImage;
    }

    /** ", reduce=image(N px)" or "" — for toString. */
    String reduceSuffix() {
        return pixelsPerImage == 0 ? "" : ", reduce=image(" + pixelsPerImage + " px)";
    }

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
        long group = pixelsPerImage > 0 ? pixelsPerImage : rows;
        if (rows % group != 0) {
            throw new IllegalStateException(this + " got " + rows + " rows (pixels) in a minibatch, not a multiple of "
                    + pixelsPerImage + " pixels per image: the loss was built for another image size; build it with "
                    + "pixelsPerImage = height * width of the training crops, or reduce = batch");
        }
        // Every group of `group` consecutive rows is one image (CnnLossLayer flattens [n,1,H,W] image by
        // image); with reduce = batch the whole minibatch is one group, so both reductions share this code.
        int k = (int) pS.size(1);
        double[] pv = pS.castTo(DataType.DOUBLE).dup('c').reshape(rows * k).toDoubleVector();
        double[] yv = yS.castTo(DataType.DOUBLE).dup('c').reshape(rows * k).toDoubleVector();
        double[] mv = m == null ? null : m.castTo(DataType.DOUBLE).dup('c').reshape(rows * k).toDoubleVector();
        int groups = (int) (rows / group);
        int per = (int) group * k;
        double[] score = wantScore ? new double[(int) rows] : null;
        double[] dLdpS = wantGradient ? new double[(int) rows * k] : null;
        for (int gi = 0; gi < groups; gi++) {
            int from = gi * per;
            double tp = 0;
            double sumP = 0;
            double sumY = 0;
            double weight = 0;
            for (int e = from; e < from + per; e++) {
                double me = mv == null ? 1 : mv[e];
                tp += me * pv[e] * yv[e];
                sumP += me * pv[e];
                sumY += me * yv[e];
                weight += me;
            }
            double[] v = valueAndPartials(tp, sumP, sumY);
            if (wantScore) {
                // each group contributes group·L_g to the non-averaged score, so average=true is the mean of the L_g
                for (int r = from / k; r < (from + per) / k; r++) {
                    if (mv == null) {
                        score[r] = v[0];
                    } else {
                        double rw = 0;
                        for (int c = 0; c < k; c++) {
                            rw += mv[r * k + c];
                        }
                        score[r] = weight > 0 ? rw * group * v[0] / weight : 0;
                    }
                }
            }
            if (wantGradient) {
                for (int e = from; e < from + per; e++) {
                    double me = mv == null ? 1 : mv[e];
                    dLdpS[e] = me * group * (yv[e] * v[1] + v[2]);
                }
            }
        }

        INDArray scores = wantScore ? Nd4j.createFromArray(score).reshape(rows, 1).castTo(p.dataType()) : null;
        INDArray grad = null;
        if (wantGradient) {
            INDArray gS = Nd4j.createFromArray(dLdpS).reshape(rows, k).castTo(p.dataType());
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
