package dev.fulcrum.loss;

import dev.fulcrum.data.ClassCounts;
import dev.fulcrum.error.BadInputException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.lossfunctions.ILossFunction;
import org.nd4j.linalg.lossfunctions.impl.LossBinaryXENT;

/**
 * A validated {@code loss { type = ..., ... }} block of a job file, and the factory of its ND4J
 * loss: one record per type. Types and keys (camelCase; defaults in conf/defaults.conf,
 * {@code defaults.loss}):
 * <pre>
 * bce            classBalanced { beta }                   (DL4J LossBinaryXENT without it)
 * weighted-bce   posWeight = auto | number &gt; 0            (auto = N₋/N₊ of the training split)
 * focal          alpha = [0,1] | [a_0, .., a_C-1] (softmax) | none, gamma &gt;= 0, classBalanced { beta }
 * dice           smooth &gt;= 0
 * tversky        alpha &gt;= 0, beta &gt;= 0, smooth               (α weighs false negatives)
 * focal-tversky  alpha, beta, gamma &gt; 0, smooth
 * combo          terms = [ { type = .., weight &gt; 0, ..the term's keys.. }, .. ]  (at least one, no combos)
 * </pre>
 * dice, tversky, focal-tversky and combo also take {@code reduce = batch | image} (default batch): the
 * set counts over the whole minibatch, or per image averaged over the images (segmentation; a combo
 * applies it to its set terms). A {@code reduce = image} loss is built with
 * {@link #build(ClassCounts, int)}, which needs the pixels per image (see {@link SetLossReduction}).
 * The job file is read by {@code dev.fulcrum.config.LossSpecReader}; {@link #describe()} is what
 * reports, bundle.json and compare cell names print, so its wording is part of the output format.
 */
public sealed interface LossSpec permits LossSpec.Bce, LossSpec.WeightedBce, LossSpec.Focal, LossSpec.Dice,
        LossSpec.Tversky, LossSpec.FocalTversky, LossSpec.Combo {

    /** The loss types, spelled in job files as {@link #toString()} gives them ({@code focal-tversky}). */
    enum Type {
        BCE, WEIGHTED_BCE, FOCAL, DICE, TVERSKY, FOCAL_TVERSKY, COMBO;

        @Override
        public String toString() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    /** How the set losses reduce their counts: over the minibatch, or per image then averaged. */
    enum Reduce {
        BATCH, IMAGE;

        @Override
        public String toString() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    Type type();

    /** {@link Reduce#BATCH} unless a set loss (or a combo's set term) asks for {@code reduce = image}. */
    default Reduce reduce() {
        return Reduce.BATCH;
    }

    /**
     * The loss for images of {@code pixelsPerImage} = H·W pixels: as {@link #build(ClassCounts)}, with
     * its set terms regrouping rows per image when {@link #reduce()} is IMAGE (unchanged for BATCH).
     */
    default ILossFunction build(ClassCounts trainCounts, int pixelsPerImage) {
        if (reduce() == Reduce.BATCH) {
            return build(trainCounts);
        }
        if (pixelsPerImage < 1) {
            throw new IllegalArgumentException("reduce = image needs the pixels per image (height * width) >= 1; got "
                    + pixelsPerImage);
        }
        return SetLossReduction.perImage(buildIgnoringReduce(trainCounts), pixelsPerImage);
    }

    /** The loss with batch reduction whatever {@link #reduce()} says (the base {@link #build(ClassCounts, int)} adapts). */
    default ILossFunction buildIgnoringReduce(ClassCounts trainCounts) {
        return build(trainCounts);
    }

    /** Builds the ND4J loss; trainCounts resolves posWeight = auto (N-/N+) and class-balanced (effective number) weights. */
    ILossFunction build(ClassCounts trainCounts);

    /** E.g. "focal(alpha=0.25, gamma=2.0)", for reports and bundle.json. */
    String describe();

    /** Output layer activation the loss expects (SIGMOID for binary; SOFTMAX for multi-class focal). */
    default Activation outputActivation() {
        return Activation.SIGMOID;
    }

    /** Number of output columns for a binary problem (1 for sigmoid losses, more for softmax). */
    default int outputColumns() {
        return 1;
    }

    /**
     * True for losses computed over the whole minibatch (Dice, Tversky, focal Tversky, or a combo
     * holding one): their gradient needs positives in the batch, which a rare class seldom gives.
     */
    default boolean couplesExamples() {
        return false;
    }

    /** Plain binary cross-entropy; with {@code classBalanced} (beta non-null) class-weighted by effective number. */
    record Bce(Double classBalancedBeta) implements LossSpec {
        @Override
        public Type type() {
            return Type.BCE;
        }

        @Override
        public ILossFunction build(ClassCounts trainCounts) {
            if (classBalancedBeta == null) {
                return new LossBinaryXENT();
            }
            double[] cw = classWeights(classBalancedBeta, trainCounts);
            return new LossWeightedBCE(cw[1], cw[0], LossWeightedBCE.DEFAULT_CLIP_EPS);
        }

        @Override
        public String describe() {
            return classBalancedBeta == null ? "bce" : "bce(" + classBalanced(classBalancedBeta) + ")";
        }

        @Override
        public String toString() {
            return describe();
        }
    }

    /** Weighted BCE; {@code posWeight} null means auto (N₋/N₊ of the training split). */
    record WeightedBce(Double posWeight) implements LossSpec {
        @Override
        public Type type() {
            return Type.WEIGHTED_BCE;
        }

        @Override
        public ILossFunction build(ClassCounts trainCounts) {
            double w = posWeight != null ? posWeight : autoPosWeight(trainCounts);
            return w == 1.0 ? new LossBinaryXENT() : new LossWeightedBCE(w);
        }

        @Override
        public String describe() {
            return "weighted-bce(posWeight=" + (posWeight == null ? "auto" : posWeight) + ")";
        }

        @Override
        public String toString() {
            return describe();
        }
    }

    /**
     * Focal loss; {@code alpha} null = none, one value = binary (sigmoid), C values = softmax over C
     * columns; {@code classBalancedBeta} null = off.
     */
    record Focal(double[] alpha, double gamma, Double classBalancedBeta) implements LossSpec {
        public Focal {
            alpha = alpha == null ? null : alpha.clone();
        }

        @Override
        public double[] alpha() {
            return alpha == null ? null : alpha.clone();
        }

        @Override
        public Type type() {
            return Type.FOCAL;
        }

        @Override
        public ILossFunction build(ClassCounts trainCounts) {
            double[] cw = classBalancedBeta == null ? null : classWeights(classBalancedBeta, trainCounts);
            return new LossFocal(alpha, gamma, cw, LossFocal.DEFAULT_CLIP_EPS);
        }

        @Override
        public Activation outputActivation() {
            return alpha != null && alpha.length > 1 ? Activation.SOFTMAX : Activation.SIGMOID;
        }

        @Override
        public int outputColumns() {
            return alpha != null && alpha.length > 1 ? alpha.length : 1;
        }

        @Override
        public String describe() {
            return "focal(alpha=" + (alpha == null ? "none" : alpha.length == 1 ? String.valueOf(alpha[0])
                    : Arrays.toString(alpha)) + ", gamma=" + gamma
                    + (classBalancedBeta == null ? "" : ", " + classBalanced(classBalancedBeta)) + ")";
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Focal f && Arrays.equals(f.alpha, alpha) && Double.compare(f.gamma, gamma) == 0
                    && java.util.Objects.equals(f.classBalancedBeta, classBalancedBeta);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(alpha) * 31 + Double.hashCode(gamma) * 17
                    + java.util.Objects.hashCode(classBalancedBeta);
        }

        @Override
        public String toString() {
            return describe();
        }
    }

    /** Soft Dice loss. */
    record Dice(double smooth, Reduce reduce) implements LossSpec {
        public Dice {
            java.util.Objects.requireNonNull(reduce, "reduce");
        }

        /** With {@code reduce = batch}. */
        public Dice(double smooth) {
            this(smooth, Reduce.BATCH);
        }

        @Override
        public ILossFunction buildIgnoringReduce(ClassCounts trainCounts) {
            return new LossDice(smooth);
        }

        @Override
        public Type type() {
            return Type.DICE;
        }

        @Override
        public ILossFunction build(ClassCounts trainCounts) {
            requireBatchReduce(this);
            return new LossDice(smooth);
        }

        @Override
        public boolean couplesExamples() {
            return true;
        }

        @Override
        public String describe() {
            return "dice(smooth=" + smooth + reduceSuffix(reduce) + ")";
        }

        @Override
        public String toString() {
            return describe();
        }
    }

    /** Tversky loss; α weighs false negatives, β false positives. */
    record Tversky(double alpha, double beta, double smooth, Reduce reduce) implements LossSpec {
        public Tversky {
            java.util.Objects.requireNonNull(reduce, "reduce");
        }

        /** With {@code reduce = batch}. */
        public Tversky(double alpha, double beta, double smooth) {
            this(alpha, beta, smooth, Reduce.BATCH);
        }

        @Override
        public ILossFunction buildIgnoringReduce(ClassCounts trainCounts) {
            return new LossTversky(alpha, beta, smooth);
        }

        @Override
        public Type type() {
            return Type.TVERSKY;
        }

        @Override
        public ILossFunction build(ClassCounts trainCounts) {
            requireBatchReduce(this);
            return new LossTversky(alpha, beta, smooth);
        }

        @Override
        public boolean couplesExamples() {
            return true;
        }

        @Override
        public String describe() {
            return "tversky(alpha=" + alpha + ", beta=" + beta + ", smooth=" + smooth + reduceSuffix(reduce) + ")";
        }

        @Override
        public String toString() {
            return describe();
        }
    }

    /** Focal Tversky loss, (1 − TI)^γ. */
    record FocalTversky(double alpha, double beta, double gamma, double smooth, Reduce reduce) implements LossSpec {
        public FocalTversky {
            java.util.Objects.requireNonNull(reduce, "reduce");
        }

        /** With {@code reduce = batch}. */
        public FocalTversky(double alpha, double beta, double gamma, double smooth) {
            this(alpha, beta, gamma, smooth, Reduce.BATCH);
        }

        @Override
        public ILossFunction buildIgnoringReduce(ClassCounts trainCounts) {
            return new LossFocalTversky(alpha, beta, gamma, smooth);
        }

        @Override
        public Type type() {
            return Type.FOCAL_TVERSKY;
        }

        @Override
        public ILossFunction build(ClassCounts trainCounts) {
            requireBatchReduce(this);
            return new LossFocalTversky(alpha, beta, gamma, smooth);
        }

        @Override
        public boolean couplesExamples() {
            return true;
        }

        @Override
        public String describe() {
            return "focal-tversky(alpha=" + alpha + ", beta=" + beta + ", gamma=" + gamma + ", smooth=" + smooth + reduceSuffix(reduce) + ")";
        }

        @Override
        public String toString() {
            return describe();
        }
    }

    /** One weighted term of a {@link Combo}. */
    record Term(LossSpec loss, double weight) {
    }

    /** A weighted sum of non-combo losses that share one output layer. */
    record Combo(List<Term> terms) implements LossSpec {
        public Combo {
            if (terms.isEmpty()) {
                throw new IllegalArgumentException("a combo needs at least one term");
            }
            for (Term t : terms) {
                if (t.loss() instanceof Combo) {
                    throw new IllegalArgumentException("combo terms cannot be combos");
                }
            }
            terms = List.copyOf(terms);
        }

        @Override
        public Type type() {
            return Type.COMBO;
        }

        /** IMAGE when any term asks for it (the reader gives every set term the combo's {@code reduce}). */
        @Override
        public Reduce reduce() {
            return terms.stream().anyMatch(t -> t.loss().reduce() == Reduce.IMAGE) ? Reduce.IMAGE : Reduce.BATCH;
        }

        @Override
        public ILossFunction build(ClassCounts trainCounts) {
            requireBatchReduce(this);
            return buildIgnoringReduce(trainCounts);
        }

        @Override
        public ILossFunction buildIgnoringReduce(ClassCounts trainCounts) {
            ILossFunction[] built = new ILossFunction[terms.size()];
            double[] weights = new double[terms.size()];
            for (int i = 0; i < built.length; i++) {
                built[i] = terms.get(i).loss().buildIgnoringReduce(trainCounts);
                weights[i] = terms.get(i).weight();
            }
            return new LossCombo(built, weights);
        }

        @Override
        public Activation outputActivation() {
            return terms.get(0).loss().outputActivation();
        }

        @Override
        public int outputColumns() {
            return terms.get(0).loss().outputColumns();
        }

        @Override
        public boolean couplesExamples() {
            return terms.stream().anyMatch(t -> t.loss().couplesExamples());
        }

        @Override
        public String describe() {
            StringBuilder sb = new StringBuilder("combo(");
            for (int i = 0; i < terms.size(); i++) {
                sb.append(i == 0 ? "" : " + ").append(terms.get(i).weight()).append('*')
                        .append(terms.get(i).loss().describe());
            }
            return sb.append(')').toString();
        }

        @Override
        public String toString() {
            return describe();
        }
    }

    private static String reduceSuffix(Reduce reduce) {
        return reduce == Reduce.BATCH ? "" : ", reduce=" + reduce;
    }

    private static void requireBatchReduce(LossSpec spec) {
        if (spec.reduce() != Reduce.BATCH) {
            throw new IllegalStateException(spec.describe() + " reduces per image: build it with build(counts, "
                    + "pixelsPerImage) for images of a known size, or set loss.reduce = batch");
        }
    }

    private static String classBalanced(double beta) {
        return "classBalanced(beta=" + beta + ")";
    }

    private static double[] classWeights(double beta, ClassCounts counts) {
        if (counts == null) {
            throw new IllegalArgumentException("classBalanced needs the training split's class counts; got null");
        }
        if (counts.negatives() == 0 || counts.positives() == 0) {
            throw new BadInputException("loss.classBalanced needs both classes in the training split; got "
                    + counts.negatives() + " negatives and " + counts.positives() + " positives");
        }
        return ClassBalance.weights(beta, counts);
    }

    private static double autoPosWeight(ClassCounts counts) {
        if (counts == null) {
            throw new IllegalArgumentException("posWeight = auto needs the training split's class counts; got null");
        }
        if (counts.positives() == 0) {
            throw new BadInputException("loss.posWeight = auto needs positives in the training split; got 0 of "
                    + counts.total() + " rows; set a number instead");
        }
        if (counts.negatives() == 0) {
            throw new BadInputException("loss.posWeight = auto needs negatives in the training split; got 0 of "
                    + counts.total() + " rows; set a number instead");
        }
        return (double) counts.negatives() / counts.positives();
    }
}
