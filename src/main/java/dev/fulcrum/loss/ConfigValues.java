package dev.fulcrum.loss;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigList;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigRenderOptions;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import dev.fulcrum.error.BadInputException;

/** Typed, validated reads of {@code loss} block values for {@link LossSpec}; messages name the full key. */
final class ConfigValues {
    private ConfigValues() {
    }


    static double number(Config c, String path, String key, double def) {
        if (!c.hasPath(key)) {
            return def;
        }
        double v;
        try {
            v = c.getDouble(key);
        } catch (ConfigException.WrongType e) {
            throw new BadInputException(path + "." + key + " must be a number; got " + c.getValue(key).render(ConfigRenderOptions.concise()));
        }
        require(Double.isFinite(v), path, key, "must be finite", v);
        return v;
    }

    static double smooth(Config c, String path) {
        double s = number(c, path, "smooth", LossDice.DEFAULT_SMOOTH);
        require(s >= 0, path, "smooth", "must be >= 0", s);
        return s;
    }

    static void require(boolean ok, String path, String key, String rule, double got) {
        if (!ok) {
            throw new BadInputException(path + "." + key + " " + rule + "; got " + fmt(got));
        }
    }

    static String fmt(double d) {
        return d == Math.rint(d) && Math.abs(d) < 1e15 ? String.valueOf((long) d) : String.valueOf(d);
    }

    static double[] focalAlpha(Config c, String path) {
        if (!c.hasPath("alpha")) {
            return new double[] {LossFocal.DEFAULT_ALPHA};
        }
        ConfigValue v = c.getValue("alpha");
        String rule = " must be a number in [0, 1], a list of per-class numbers in [0, 1] (softmax), or none";
        if (v.valueType() == ConfigValueType.STRING && "none".equals(v.unwrapped())) {
            return null;
        }
        double[] a;
        if (v.valueType() == ConfigValueType.NUMBER) {
            a = new double[] {((Number) v.unwrapped()).doubleValue()};
        } else if (v.valueType() == ConfigValueType.LIST) {
            ConfigList list = (ConfigList) v;
            if (list.size() < 2) {
                throw new BadInputException(path + ".alpha as a list needs one value per class (>= 2); got "
                        + v.render(ConfigRenderOptions.concise()));
            }
            a = new double[list.size()];
            for (int i = 0; i < a.length; i++) {
                if (list.get(i).valueType() != ConfigValueType.NUMBER) {
                    throw new BadInputException(path + ".alpha[" + i + "]" + rule + "; got " + list.get(i).render(ConfigRenderOptions.concise()));
                }
                a[i] = ((Number) list.get(i).unwrapped()).doubleValue();
            }
        } else {
            throw new BadInputException(path + ".alpha" + rule + "; got " + v.render(ConfigRenderOptions.concise()));
        }
        for (int i = 0; i < a.length; i++) {
            if (!(a[i] >= 0 && a[i] <= 1)) {
                throw new BadInputException(path + ".alpha" + (a.length > 1 ? "[" + i + "]" : "")
                        + " must be in [0, 1]; got " + fmt(a[i]));
            }
        }
        return a;
    }

    static Double posWeight(Config c, String path) {
        if (!c.hasPath("posWeight")) {
            return null;
        }
        ConfigValue v = c.getValue("posWeight");
        if (v.valueType() == ConfigValueType.STRING && "auto".equals(v.unwrapped())) {
            return null;
        }
        if (v.valueType() != ConfigValueType.NUMBER) {
            throw new BadInputException(path + ".posWeight must be auto or a number > 0; got " + v.render(ConfigRenderOptions.concise()));
        }
        double w = ((Number) v.unwrapped()).doubleValue();
        require(w > 0 && Double.isFinite(w), path, "posWeight", "must be auto or a number > 0", w);
        return w;
    }

    static Double classBalanced(Config c, String path) {
        if (!c.hasPath("classBalanced")) {
            return null;
        }
        ConfigValue v = c.getValue("classBalanced");
        if (v.valueType() != ConfigValueType.OBJECT) {
            throw new BadInputException(path + ".classBalanced must be a block like { beta = 0.999 }; got "
                    + v.render(ConfigRenderOptions.concise()));
        }
        Config cb = ((ConfigObject) v).toConfig();
        for (String key : cb.root().keySet()) {
            if (!key.equals("beta")) {
                throw new BadInputException(path + ".classBalanced." + key + " is not a key of classBalanced; got "
                        + key + " = " + cb.root().get(key).render(ConfigRenderOptions.concise()) + "; allowed keys: beta");
            }
        }
        double beta = number(cb, path + ".classBalanced", "beta", LossSpec.DEFAULT_CB_BETA);
        require(beta >= 0 && beta < 1, path + ".classBalanced", "beta", "must be in [0, 1)", beta);
        return beta;
    }
}
