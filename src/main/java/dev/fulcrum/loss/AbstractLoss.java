package dev.fulcrum.loss;

import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.activations.impl.ActivationSoftmax;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.lossfunctions.ILossFunction;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Shared plumbing of the Fulcrum losses: one {@link #compute} that yields the per-example scores
 * and/or the gradient w.r.t. the pre-activations, from which the four {@link ILossFunction}
 * entry points are derived (so {@code computeGradientAndScore} does the work once).
 *
 * <p>Conventions (DL4J's): {@code computeScore(average=false)} is the sum of the per-example
 * scores, {@code average=true} divides by the number of rows {@code labels.size(0)} (masked rows
 * included, as {@code LossBinaryXENT} does); the gradient is that of the non-averaged score (the
 * updater divides by the minibatch size). Input is 2D {@code [rows, outputs]}; {@code
 * RnnOutputLayer} and {@code CnnLossLayer} flatten time steps / pixels into rows before calling.
 */
abstract class AbstractLoss implements ILossFunction {

    /** Per-example scores {@code [rows, 1]} (null when not asked for) and gradient (null when not asked for). */
    record Result(INDArray scores, INDArray gradient) {
    }

    abstract Result compute(INDArray labels, INDArray preOutput, IActivation activationFn, INDArray mask,
            boolean wantScore, boolean wantGradient);

    @Override
    public double computeScore(INDArray labels, INDArray preOutput, IActivation activationFn, INDArray mask,
            boolean average) {
        INDArray scores = compute(labels, preOutput, activationFn, mask, true, false).scores();
        double sum = scores.sumNumber().doubleValue();
        return average ? sum / scores.size(0) : sum;
    }

    @Override
    public INDArray computeScoreArray(INDArray labels, INDArray preOutput, IActivation activationFn, INDArray mask) {
        return compute(labels, preOutput, activationFn, mask, true, false).scores();
    }

    @Override
    public INDArray computeGradient(INDArray labels, INDArray preOutput, IActivation activationFn, INDArray mask) {
        return compute(labels, preOutput, activationFn, mask, false, true).gradient();
    }

    @Override
    public Pair<Double, INDArray> computeGradientAndScore(INDArray labels, INDArray preOutput,
            IActivation activationFn, INDArray mask, boolean average) {
        Result r = compute(labels, preOutput, activationFn, mask, true, true);
        double sum = r.scores().sumNumber().doubleValue();
        return new Pair<>(average ? sum / r.scores().size(0) : sum, r.gradient());
    }

    @Override
    public String name() {
        return toString();
    }

    // ---- helpers shared by the subclasses ----

    static void checkShapes(INDArray labels, INDArray preOutput) {
        if (preOutput.rank() != 2) {
            throw new IllegalArgumentException("Expected 2D [rows, outputs] pre-activations (RnnOutputLayer/"
                    + "CnnLossLayer flatten to 2D); got shape " + java.util.Arrays.toString(preOutput.shape()));
        }
        if (!labels.equalShapes(preOutput)) {
            throw new IllegalArgumentException("Labels and preOutput must have equal shapes; got "
                    + java.util.Arrays.toString(labels.shape()) + " vs "
                    + java.util.Arrays.toString(preOutput.shape()));
        }
    }

    static boolean isSoftmax(IActivation activationFn) {
        return activationFn instanceof ActivationSoftmax;
    }

    /** Activation output, clipped in place to [eps, 1-eps] when eps > 0. */
    static INDArray probabilities(INDArray preOutput, IActivation activationFn, double clipEps) {
        INDArray p = activationFn.getActivation(preOutput.dup(), true);
        if (clipEps > 0) {
            Transforms.max(p, clipEps, false);
            Transforms.min(p, 1.0 - clipEps, false);
        }
        return p;
    }

    /** dL/dz from dL/dp, with DL4J's masking rules (mask dL/dp when per-output, then the result). */
    static INDArray backprop(INDArray preOutput, IActivation activationFn, INDArray dLdp, INDArray mask) {
        if (mask != null && org.nd4j.linalg.lossfunctions.LossUtil.isPerOutputMasking(dLdp, mask)) {
            org.nd4j.linalg.lossfunctions.LossUtil.applyMask(dLdp, mask);
        }
        INDArray grad = activationFn.backprop(preOutput.dup(), dLdp).getFirst();
        if (mask != null) {
            org.nd4j.linalg.lossfunctions.LossUtil.applyMask(grad, mask);
        }
        return grad;
    }

    /** Masked element scores summed per row, as a [rows, 1] column. */
    static INDArray rowSums(INDArray elementScores, INDArray mask) {
        if (mask != null) {
            org.nd4j.linalg.lossfunctions.LossUtil.applyMask(elementScores, mask);
        }
        return elementScores.sum(true, 1);
    }

    static void checkClipEps(double clipEps) {
        if (!(clipEps >= 0 && clipEps < 0.5)) {
            throw new IllegalArgumentException("clipEps must be in [0, 0.5); got " + clipEps);
        }
    }
}
