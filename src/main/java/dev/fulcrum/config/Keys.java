package dev.fulcrum.config;

import dev.fulcrum.error.BadInputException;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Typed, range-checked reads from a config block. Every failure names the full key path, the rule
 * and the value found, e.g. {@code training.averagingFrequency must be >= 1; got 0}.
 */
public final class Keys {
    private final Config block;
    private final String prefix;

    public Keys(Config block, String prefix) {
        this.block = block;
        this.prefix = prefix;
    }

    public String path(String key) {
        return prefix.isEmpty() ? key : prefix + "." + key;
    }

    public boolean isSet(String key) {
        return block.hasPath(key);
    }

    public String string(String key) {
        try {
            return block.getString(key);
        } catch (ConfigException.Missing e) {
            throw new BadInputException(path(key) + ": required key is missing");
        } catch (ConfigException.WrongType e) {
            throw new BadInputException(path(key) + " must be a string; got " + render(key));
        }
    }

    /** Null when the key is absent or explicitly null. */
    public String optionalString(String key) {
        return block.hasPath(key) ? string(key) : null;
    }

    public String oneOf(String key, String... allowed) {
        String v = string(key).toLowerCase(Locale.ROOT);
        if (!Arrays.asList(allowed).contains(v)) {
            throw new BadInputException(path(key) + " must be one of (" + String.join(", ", allowed) + "); got " + v);
        }
        return v;
    }

    public long longAtLeast(String key, long min) {
        long v;
        try {
            v = block.getLong(key);
        } catch (ConfigException.WrongType e) {
            throw new BadInputException(path(key) + " must be an integer; got " + render(key));
        } catch (ConfigException.Missing e) {
            throw new BadInputException(path(key) + ": required key is missing");
        }
        if (v < min) {
            throw new BadInputException(path(key) + " must be >= " + min + "; got " + v);
        }
        return v;
    }

    public int intAtLeast(String key, int min) {
        long v = longAtLeast(key, min);
        if (v > Integer.MAX_VALUE) {
            throw new BadInputException(path(key) + " must be <= " + Integer.MAX_VALUE + "; got " + v);
        }
        return (int) v;
    }

    /** A number in [min, max] (inclusive unless the flags say otherwise). */
    public double number(String key, double min, boolean minInclusive, double max, boolean maxInclusive) {
        double v;
        try {
            v = block.getDouble(key);
        } catch (ConfigException.WrongType e) {
            throw new BadInputException(path(key) + " must be a number; got " + render(key));
        } catch (ConfigException.Missing e) {
            throw new BadInputException(path(key) + ": required key is missing");
        }
        boolean ok = !Double.isNaN(v)
                && (minInclusive ? v >= min : v > min)
                && (maxInclusive ? v <= max : v < max);
        if (!ok) {
            throw new BadInputException(path(key) + " must be in " + (minInclusive ? "[" : "(") + fmt(min) + ", "
                    + fmt(max) + (maxInclusive ? "]" : ")") + "; got " + fmt(v));
        }
        return v;
    }

    public List<String> strings(String key) {
        try {
            return List.copyOf(block.getStringList(key));
        } catch (ConfigException.WrongType e) {
            throw new BadInputException(path(key) + " must be a list of strings; got " + render(key));
        }
    }

    public List<Integer> positiveInts(String key) {
        List<Integer> out = new ArrayList<>();
        try {
            for (Integer i : block.getIntList(key)) {
                if (i < 1) {
                    throw new BadInputException(path(key) + " must hold integers >= 1; got " + render(key));
                }
                out.add(i);
            }
        } catch (ConfigException.WrongType e) {
            throw new BadInputException(path(key) + " must be a list of integers; got " + render(key));
        }
        return List.copyOf(out);
    }

    private String render(String key) {
        return block.hasPathOrNull(key) && !block.getIsNull(key)
                ? block.getValue(key).render(com.typesafe.config.ConfigRenderOptions.concise()) : "null";
    }

    private static String fmt(double d) {
        if (Double.isInfinite(d)) {
            return d > 0 ? "inf" : "-inf";
        }
        return d == Math.rint(d) && Math.abs(d) < 1e15 ? String.valueOf((long) d) : String.valueOf(d);
    }
}
