package dev.fulcrum.sampling;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigValueType;
import dev.fulcrum.error.BadInputException;
import java.util.List;

/**
 * Typed reads of HOCON keys that turn Typesafe's exceptions into {@link BadInputException}s worded
 * {@code <path>: <rule>; got <value>}, so a bad job file fails before Spark starts with a message
 * naming the key.
 */
final class ConfigReads {
    private ConfigReads() {
    }

    static double getDouble(Config c, String key, String path, double dflt) {
        if (!c.hasPath(key)) {
            return dflt;
        }
        try {
            return c.getDouble(key);
        } catch (ConfigException.WrongType e) {
            throw new BadInputException(path + " must be a number; got " + render(c, key));
        }
    }

    static long getLong(Config c, String key, String path, long dflt) {
        if (!c.hasPath(key)) {
            return dflt;
        }
        try {
            return c.getLong(key);
        } catch (ConfigException.WrongType e) {
            throw new BadInputException(path + " must be an integer; got " + render(c, key));
        }
    }

    static int getInt(Config c, String key, String path, int dflt) {
        long v = getLong(c, key, path, dflt);
        if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
            throw new BadInputException(path + " must fit in a 32-bit integer; got " + v);
        }
        return (int) v;
    }

    /** A string key; absent or HOCON {@code null} gives {@code null}. */
    static String getStringOrNull(Config c, String key, String path) {
        if (!c.hasPathOrNull(key) || c.getIsNull(key)) {
            return null;
        }
        if (c.getValue(key).valueType() != ConfigValueType.STRING) {
            throw new BadInputException(path + " must be a string; got " + render(c, key));
        }
        String s = c.getString(key).trim();
        if (s.isEmpty()) {
            throw new BadInputException(path + " must not be empty; got \"\"; use null to disable it");
        }
        return s;
    }

    static List<String> getStringList(Config c, String key, String path) {
        if (!c.hasPathOrNull(key) || c.getIsNull(key)) {
            return List.of();
        }
        try {
            return c.getStringList(key);
        } catch (ConfigException.WrongType e) {
            throw new BadInputException(path + " must be a list of column names; got " + render(c, key));
        }
    }

    static void rejectUnknownKeys(Config c, String path, java.util.Set<String> allowed) {
        for (String k : c.root().keySet()) {
            if (!allowed.contains(k)) {
                throw new BadInputException(path + "." + k + ": unknown key; got " + render(c, k)
                        + "; allowed keys are " + new java.util.TreeSet<>(allowed));
            }
        }
    }

    static String render(Config c, String key) {
        return c.getValue(key).render(com.typesafe.config.ConfigRenderOptions.concise());
    }
}
