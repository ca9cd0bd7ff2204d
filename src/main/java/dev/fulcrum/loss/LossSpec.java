package dev.fulcrum.loss;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigList;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigRenderOptions;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import dev.fulcrum.error.BadInputException;
import dev.fulcrum.data.ClassCounts;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.lossfunctions.ILossFunction;
import org.nd4j.linalg.lossfunctions.impl.LossBinaryXENT;

/**
 * A validated {@code loss { type = ..., ... }} block of a job file, and the factory of its ND4J
 * loss. Types and keys (camelCase; defaults in brackets):
 * <pre>
 * bce            classBalanced { beta [0.999] }          (DL4J LossBinaryXENT without it)
 * weighted-bce   posWeight = auto | number &gt; 0 [auto]    (auto = N₋/N₊ of the training split)
 * focal          alpha = [0,1] | [a_0, .., a_C-1] (softmax) | none [0.25], gamma &gt;= 0 [2],
 *                classBalanced { beta }
 * dice           smooth &gt;= 0 [1]
 * tversky        alpha &gt;= 0 [0.7], beta &gt;= 0 [0.3], smooth [1]          (α weighs false negatives)
 * focal-tversky  alpha [0.7], beta [0.3], gamma &gt; 0 [0.75], smooth [1]
 * combo          terms = [ { type = .., weight &gt; 0 [1], ..the term's keys.. }, .. ]  (at least one)
 * </pre>
 * Every bad key or value fails in {@link #parse} with a {@link BadInputException} naming
 * {@code loss.<key>} (combo terms: {@code loss.terms[i].<key>}).
 */
public final class LossSpec {
    private static final String DEFAULT_TYPE = "bce";
    static final double DEFAULT_CB_BETA = 0.999;
    private static final List<String> TYPES =
            List.of("bce", "weighted-bce", "focal", "dice", "tversky", "focal-tversky", "combo");

    private final String type;
    private final double[] alpha;     // focal: null = none, length 1 = binary, length C = softmax
    private final double alphaT;      // tversky / focal-tversky
    private final double betaT;
    private final double gamma;
    private final double smooth;
    private final Double posWeight;   // weighted-bce: null = auto
    private final Double cbBeta;      // class-balanced beta, null = off
    private final List<LossSpec> terms;
    private final double[] termWeights;

    private LossSpec(String type, double[] alpha, double alphaT, double betaT, double gamma, double smooth,
            Double posWeight, Double cbBeta, List<LossSpec> terms, double[] termWeights) {
        this.type = type;
        this.alpha = alpha;
        this.alphaT = alphaT;
        this.betaT = betaT;
        this.gamma = gamma;
        this.smooth = smooth;
        this.posWeight = posWeight;
        this.cbBeta = cbBeta;
        this.terms = terms;
        this.termWeights = termWeights;
    }

    /** Parses the job file's {@code loss { type = ..., ... }} block; every bad key/value -> BadInputException naming "loss.&lt;key&gt;". Unknown keys for the type are errors too. */
    public static LossSpec parse(Config lossBlock) {
        return parse(lossBlock, "loss", true);
    }

    private static LossSpec parse(Config c, String path, boolean topLevel) {
        String type = DEFAULT_TYPE;
        if (c.hasPath("type")) {
            ConfigValue v = c.getValue("type");
            if (v.valueType() != ConfigValueType.STRING || !TYPES.contains((String) v.unwrapped())
                    || (!topLevel && "combo".equals(v.unwrapped()))) {
                throw new BadInputException(path + ".type must be one of ("
                        + String.join(", ", topLevel ? TYPES : TYPES.subList(0, TYPES.size() - 1)) + "); got "
                        + v.render(ConfigRenderOptions.concise()) + (topLevel ? "" : "; combo terms cannot be combos"));
            }
            type = (String) v.unwrapped();
        }
        Set<String> allowed = new TreeSet<>(switch (type) {
            case "bce" -> List.of("type", "classBalanced");
            case "weighted-bce" -> List.of("type", "posWeight");
            case "focal" -> List.of("type", "alpha", "gamma", "classBalanced");
            case "dice" -> List.of("type", "smooth");
            case "tversky" -> List.of("type", "alpha", "beta", "smooth");
            case "focal-tversky" -> List.of("type", "alpha", "beta", "gamma", "smooth");
            default -> List.of("type", "terms");
        });
        if (!topLevel) {
            allowed.add("weight");
        }
        for (String key : c.root().keySet()) {
            if (!allowed.contains(key)) {
                throw new BadInputException(path + "." + key + " is not a key of loss type " + type + "; got "
                        + key + " = " + c.root().get(key).render(ConfigRenderOptions.concise()) + "; allowed keys: " + String.join(", ", allowed));
            }
        }
        double[] alpha = null;
        double alphaT = LossTversky.DEFAULT_ALPHA;
        double betaT = LossTversky.DEFAULT_BETA;
        double gamma = 0;
        double smooth = 0;
        Double posWeight = null;
        Double cbBeta = ConfigValues.classBalanced(c, path);
        List<LossSpec> terms = List.of();
        double[] termWeights = new double[0];
        switch (type) {
            case "weighted-bce" -> posWeight = ConfigValues.posWeight(c, path);
            case "focal" -> {
                alpha = ConfigValues.focalAlpha(c, path);
                gamma = ConfigValues.number(c, path, "gamma", LossFocal.DEFAULT_GAMMA);
                ConfigValues.require(gamma >= 0, path, "gamma", "must be >= 0", gamma);
                if (cbBeta != null && alpha != null && alpha.length > 2) {
                    throw new BadInputException(path + ".classBalanced needs a binary problem; got alpha with "
                            + alpha.length + " classes");
                }
            }
            case "dice" -> smooth = ConfigValues.smooth(c, path);
            case "tversky", "focal-tversky" -> {
                alphaT = ConfigValues.number(c, path, "alpha", LossTversky.DEFAULT_ALPHA);
                betaT = ConfigValues.number(c, path, "beta", LossTversky.DEFAULT_BETA);
                ConfigValues.require(alphaT >= 0, path, "alpha", "must be >= 0 (it weighs false negatives)", alphaT);
                ConfigValues.require(betaT >= 0, path, "beta", "must be >= 0 (it weighs false positives)", betaT);
                if (alphaT + betaT <= 0) {
                    throw new BadInputException(path + ".alpha + " + path + ".beta must be > 0; got "
                            + alphaT + " + " + betaT);
                }
                smooth = ConfigValues.smooth(c, path);
                if (type.equals("focal-tversky")) {
                    gamma = ConfigValues.number(c, path, "gamma", LossFocalTversky.DEFAULT_GAMMA);
                    ConfigValues.require(gamma > 0, path, "gamma", "must be > 0", gamma);
                }
            }
            case "combo" -> {
                if (!c.hasPath("terms") || c.getValue("terms").valueType() != ConfigValueType.LIST
                        || ((ConfigList) c.getValue("terms")).isEmpty()) {
                    throw new BadInputException(path + ".terms must be a non-empty list of loss blocks; got "
                            + (c.hasPath("terms") ? c.getValue("terms").render(ConfigRenderOptions.concise()) : "nothing")
                            + "; e.g. terms = [ { type = focal, weight = 1 }, { type = dice, weight = 0.5 } ]");
                }
                ConfigList list = (ConfigList) c.getValue("terms");
                List<LossSpec> parsed = new ArrayList<>();
                termWeights = new double[list.size()];
                for (int i = 0; i < list.size(); i++) {
                    String tPath = path + ".terms[" + i + "]";
                    if (list.get(i).valueType() != ConfigValueType.OBJECT) {
                        throw new BadInputException(tPath + " must be a loss block { type = ..., weight = ... }; got "
                                + list.get(i).render(ConfigRenderOptions.concise()));
                    }
                    Config tc = ((ConfigObject) list.get(i)).toConfig();
                    LossSpec term = parse(tc, tPath, false);
                    termWeights[i] = ConfigValues.number(tc, tPath, "weight", 1.0);
                    ConfigValues.require(termWeights[i] > 0, tPath, "weight", "must be > 0", termWeights[i]);
                    if (i > 0 && (term.outputActivation() != parsed.get(0).outputActivation()
                            || term.outputColumns() != parsed.get(0).outputColumns())) {
                        throw new BadInputException(tPath + ".type " + term.type + " needs a "
                                + term.outputActivation() + " output with " + term.outputColumns()
                                + " column(s); got " + path + ".terms[0] needing " + parsed.get(0).outputActivation()
                                + " with " + parsed.get(0).outputColumns() + "; all terms must share one output layer");
                    }
                    parsed.add(term);
                }
                terms = List.copyOf(parsed);
            }
            default -> {
                // bce: only classBalanced
            }
        }
        return new LossSpec(type, alpha, alphaT, betaT, gamma, smooth, posWeight, cbBeta, terms, termWeights);
    }

    /** Builds the ND4J loss; trainCounts resolves posWeight = auto (N-/N+) and class-balanced (effective number) weights. */
    public ILossFunction build(ClassCounts trainCounts) {
        double[] cw = cbBeta == null ? null : classWeights(trainCounts);
        return switch (type) {
            case "bce" -> cw == null ? new LossBinaryXENT()
                    : new LossWeightedBCE(cw[1], cw[0], LossWeightedBCE.DEFAULT_CLIP_EPS);
            case "weighted-bce" -> {
                double w = posWeight != null ? posWeight : autoPosWeight(trainCounts);
                yield w == 1.0 ? new LossBinaryXENT() : new LossWeightedBCE(w);
            }
            case "focal" -> new LossFocal(alpha, gamma, cw, LossFocal.DEFAULT_CLIP_EPS);
            case "dice" -> new LossDice(smooth);
            case "tversky" -> new LossTversky(alphaT, betaT, smooth);
            case "focal-tversky" -> new LossFocalTversky(alphaT, betaT, gamma, smooth);
            default -> {
                ILossFunction[] built = new ILossFunction[terms.size()];
                for (int i = 0; i < built.length; i++) {
                    built[i] = terms.get(i).build(trainCounts);
                }
                yield new LossCombo(built, termWeights);
            }
        };
    }

    /** Output layer activation the loss expects (SIGMOID for binary; SOFTMAX for multi-class focal) */
    public Activation outputActivation() {
        if (type.equals("combo")) {
            return terms.get(0).outputActivation();
        }
        return alpha != null && alpha.length > 1 ? Activation.SOFTMAX : Activation.SIGMOID;
    }

    /** Number of output columns for a binary problem (1 for sigmoid losses, 2 for softmax). */
    public int outputColumns() {
        if (type.equals("combo")) {
            return terms.get(0).outputColumns();
        }
        return alpha != null && alpha.length > 1 ? alpha.length : 1;
    }

    /**
     * Checks that an output layer fits this loss, for a network whose output activation or width is
     * configured elsewhere (e.g. Tversky on a 1-column softmax, a per-class α vector on a sigmoid).
     *
     * @param path       config path that set the output, named in the message
     * @param activation the output layer's activation
     * @param columns    the output layer's width
     * @throws BadInputException when they do not fit
     */
    public void checkOutput(String path, Activation activation, int columns) {
        if (type.equals("combo")) {
            for (LossSpec t : terms) {
                t.checkOutput(path, activation, columns);
            }
            return;
        }
        boolean softmax = activation == Activation.SOFTMAX;
        boolean vector = alpha != null && alpha.length > 1;
        String expected;
        boolean ok;
        if (vector) {
            ok = softmax && columns == alpha.length;
            expected = "a softmax with " + alpha.length + " columns (one per alpha value)";
        } else {
            ok = softmax ? columns == 2 : columns >= 1;
            expected = "a sigmoid with >= 1 column or a softmax with 2 columns";
        }
        if (!ok) {
            throw new BadInputException(path + " must fit loss " + describe() + ", i.e. " + expected + "; got "
                    + activation.name().toLowerCase(java.util.Locale.ROOT) + " with " + columns + " column"
                    + (columns == 1 ? "" : "s"));
        }
    }

    /**
     * True for losses computed over the whole minibatch (Dice, Tversky, focal Tversky, or a combo
     * holding one): their gradient needs positives in the batch, which a rare class seldom gives.
     */
    public boolean couplesExamples() {
        return switch (type) {
            case "dice", "tversky", "focal-tversky" -> true;
            case "combo" -> terms.stream().anyMatch(LossSpec::couplesExamples);
            default -> false;
        };
    }

    /** e.g. "focal(alpha=0.25, gamma=2.0)" for reports and bundle.json */
    public String describe() {
        String cb = cbBeta == null ? "" : "classBalanced(beta=" + cbBeta + ")";
        return switch (type) {
            case "bce" -> cb.isEmpty() ? "bce" : "bce(" + cb + ")";
            case "weighted-bce" -> "weighted-bce(posWeight=" + (posWeight == null ? "auto" : posWeight) + ")";
            case "focal" -> "focal(alpha=" + (alpha == null ? "none" : alpha.length == 1 ? String.valueOf(alpha[0])
                    : Arrays.toString(alpha)) + ", gamma=" + gamma + (cb.isEmpty() ? "" : ", " + cb) + ")";
            case "dice" -> "dice(smooth=" + smooth + ")";
            case "tversky" -> "tversky(alpha=" + alphaT + ", beta=" + betaT + ", smooth=" + smooth + ")";
            case "focal-tversky" -> "focal-tversky(alpha=" + alphaT + ", beta=" + betaT + ", gamma=" + gamma
                    + ", smooth=" + smooth + ")";
            default -> {
                StringBuilder sb = new StringBuilder("combo(");
                for (int i = 0; i < terms.size(); i++) {
                    sb.append(i == 0 ? "" : " + ").append(termWeights[i]).append('*').append(terms.get(i).describe());
                }
                yield sb.append(')').toString();
            }
        };
    }

    /** The loss type as written in the job file, e.g. "focal-tversky". */
    public String type() {
        return type;
    }

    @Override
    public String toString() {
        return describe();
    }

    private double[] classWeights(ClassCounts counts) {
        if (counts == null) {
            throw new IllegalArgumentException("classBalanced needs the training split's class counts; got null");
        }
        if (counts.negatives() == 0 || counts.positives() == 0) {
            throw new BadInputException("loss.classBalanced needs both classes in the training split; got "
                    + counts.negatives() + " negatives and " + counts.positives() + " positives");
        }
        return ClassBalance.weights(cbBeta, counts);
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
