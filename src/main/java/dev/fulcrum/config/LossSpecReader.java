package dev.fulcrum.config;

import com.typesafe.config.ConfigList;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import dev.fulcrum.error.BadInputException;
import dev.fulcrum.loss.LossSpec;
import dev.fulcrum.loss.LossSpec.Type;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reads a loss block ({@code loss}, a combo term, a {@code compare.losses} entry) into a
 * {@link LossSpec}. Keys left out come from {@code defaults.loss} of conf/defaults.conf: the block's
 * type from {@code defaults.loss.type}, the type's keys from {@code defaults.loss.<type>}.
 */
public final class LossSpecReader {
    private LossSpecReader() {
    }

    /** A {@code loss} block read on its own (tests, tools); messages name {@code loss.<key>}. */
    public static LossSpec read(com.typesafe.config.Config lossBlock) {
        return read(ConfigReader.of(lossBlock, "loss"));
    }

    public static LossSpec read(ConfigReader block) {
        return read(block, false, LossSpec.Reduce.BATCH);
    }

    /** {@code reduce} is read from a top-level block only; combo terms inherit the combo's. */
    private static LossSpec read(ConfigReader block, boolean term, LossSpec.Reduce inherited) {
        ConfigReader typed = block.withDefault("type", "loss.type");
        Set<Type> allowed = term ? EnumSet.complementOf(EnumSet.of(Type.COMBO)) : EnumSet.allOf(Type.class);
        Type type = typed.oneOf("type", allowed);
        ConfigReader r = typed.withDefaults("loss." + type);
        Set<String> known = new TreeSet<>(switch (type) {
            case BCE -> List.of("classBalanced");
            case WEIGHTED_BCE -> List.of("posWeight");
            case FOCAL -> List.of("alpha", "gamma", "classBalanced");
            case DICE -> List.of("smooth");
            case TVERSKY -> List.of("alpha", "beta", "smooth");
            case FOCAL_TVERSKY -> List.of("alpha", "beta", "gamma", "smooth");
            case COMBO -> List.of("terms");
        });
        known.add("type");
        if (term) {
            known.add("weight");
        }
        boolean setLoss = type == Type.DICE || type == Type.TVERSKY || type == Type.FOCAL_TVERSKY;
        if (!term && (setLoss || type == Type.COMBO)) {
            known.add("reduce");
        }
        r.requireKnownKeys(known);
        LossSpec.Reduce reduce = !term && r.has("reduce") ? r.oneOf("reduce", LossSpec.Reduce.class) : inherited;
        return switch (type) {
            case BCE -> new LossSpec.Bce(classBalanced(r));
            case WEIGHTED_BCE -> new LossSpec.WeightedBce(posWeight(r));
            case FOCAL -> {
                double[] alpha = focalAlpha(r);
                double gamma = r.numberAtLeast("gamma", 0);
                Double cb = classBalanced(r);
                if (cb != null && alpha != null && alpha.length > 2) {
                    throw new BadInputException(r.path("classBalanced") + " needs a binary problem; got alpha with "
                            + alpha.length + " classes");
                }
                yield new LossSpec.Focal(alpha, gamma, cb);
            }
            case DICE -> new LossSpec.Dice(r.numberAtLeast("smooth", 0), reduce);
            case TVERSKY -> {
                double[] ab = tverskyWeights(r);
                yield new LossSpec.Tversky(ab[0], ab[1], r.numberAtLeast("smooth", 0), reduce);
            }
            case FOCAL_TVERSKY -> {
                double[] ab = tverskyWeights(r);
                double smooth = r.numberAtLeast("smooth", 0);
                yield new LossSpec.FocalTversky(ab[0], ab[1], r.numberAbove("gamma", 0), smooth, reduce);
            }
            case COMBO -> combo(r, reduce);
        };
    }

    private static LossSpec combo(ConfigReader r, LossSpec.Reduce reduce) {
        if (!r.has("terms") || r.value("terms").valueType() != ConfigValueType.LIST
                || ((ConfigList) r.value("terms")).isEmpty()) {
            throw new BadInputException(r.path("terms") + " must be a non-empty list of loss blocks; got "
                    + r.render("terms") + "; e.g. terms = [ { type = focal, weight = 1 }, { type = dice, weight = 0.5 } ]");
        }
        List<LossSpec.Term> terms = new ArrayList<>();
        for (ConfigReader t : r.blocks("terms")) {
            LossSpec loss = read(t, true, reduce);
            double weight = t.withDefaults("loss.term").numberAbove("weight", 0);
            if (!terms.isEmpty()) {
                LossSpec first = terms.get(0).loss();
                if (loss.outputActivation() != first.outputActivation() || loss.outputColumns() != first.outputColumns()) {
                    throw new BadInputException(t.path("type") + " " + loss.type() + " needs a "
                            + loss.outputActivation() + " output with " + loss.outputColumns() + " column(s); got "
                            + r.path("terms") + "[0] needing " + first.outputActivation() + " with "
                            + first.outputColumns() + "; all terms must share one output layer");
                }
            }
            terms.add(new LossSpec.Term(loss, weight));
        }
        LossSpec.Combo combo = new LossSpec.Combo(terms);
        if (combo.reduce() != reduce) {
            throw new BadInputException(r.path("reduce") + " = " + reduce + " needs a dice, tversky or focal-tversky "
                    + "term to apply to; got " + combo.describe() + "; remove reduce or add a set term");
        }
        return combo;
    }

    private static double[] tverskyWeights(ConfigReader r) {
        double alpha = r.numberAtLeast("alpha", 0);
        double beta = r.numberAtLeast("beta", 0);
        if (alpha + beta <= 0) {
            throw new BadInputException(r.path("alpha") + " + " + r.path("beta") + " must be > 0; got "
                    + ConfigReader.fmt(alpha) + " + " + ConfigReader.fmt(beta));
        }
        return new double[] {alpha, beta};
    }

    /** {@code alpha}: a number, a per-class list (softmax) or {@code none} (null). */
    private static double[] focalAlpha(ConfigReader r) {
        ConfigValue v = r.value("alpha");
        String rule = "a number in [0, 1], a list of per-class numbers in [0, 1] (softmax), or none";
        if (v.valueType() == ConfigValueType.STRING && "none".equals(v.unwrapped())) {
            return null;
        }
        if (v.valueType() == ConfigValueType.NUMBER) {
            return new double[] {r.number("alpha", 0, true, 1, true)};
        }
        if (v.valueType() != ConfigValueType.LIST) {
            throw r.mustBe("alpha", rule);
        }
        ConfigList list = (ConfigList) v;
        if (list.size() < 2) {
            throw new BadInputException(r.path("alpha") + " as a list needs one value per class (>= 2); got "
                    + ConfigReader.render(v));
        }
        double[] a = new double[list.size()];
        for (int i = 0; i < a.length; i++) {
            String p = r.path("alpha") + "[" + i + "]";
            if (list.get(i).valueType() != ConfigValueType.NUMBER) {
                throw new BadInputException(p + " must be " + rule + "; got " + ConfigReader.render(list.get(i)));
            }
            a[i] = ((Number) list.get(i).unwrapped()).doubleValue();
            ConfigReader.checkRange(p, a[i], 0, true, 1, true);
        }
        return a;
    }

    /** {@code posWeight}: {@code auto} (null) or a number > 0. */
    private static Double posWeight(ConfigReader r) {
        ConfigValue v = r.value("posWeight");
        if (v.valueType() == ConfigValueType.STRING && "auto".equals(v.unwrapped())) {
            return null;
        }
        if (v.valueType() != ConfigValueType.NUMBER) {
            throw r.mustBe("posWeight", "auto or a number > 0");
        }
        double w = ((Number) v.unwrapped()).doubleValue();
        if (!(w > 0) || !Double.isFinite(w)) {
            throw new BadInputException(r.path("posWeight") + " must be auto or a number > 0; got " + ConfigReader.fmt(w));
        }
        return w;
    }

    /** {@code classBalanced { beta }}: its beta, or null without the block. */
    private static Double classBalanced(ConfigReader r) {
        if (!r.has("classBalanced")) {
            return null;
        }
        ConfigReader cb = r.block("classBalanced");
        cb.requireKnownKeys(List.of("beta"));
        return cb.withDefaults("loss.classBalanced").number("beta", 0, true, 1, false);
    }
}
