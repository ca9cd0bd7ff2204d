package dev.fulcrum.config;

import dev.fulcrum.error.BadInputException;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigResolveOptions;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import java.io.File;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Layers a job file over {@code conf/defaults.conf} and {@code --set} overrides over both, and
 * rejects any key the defaults do not declare, so a typo ({@code traning.epochs}) fails before
 * Spark starts instead of being silently ignored.
 */
public final class ConfigLoader {
    /** Subtrees whose keys depend on a {@code type}/{@code strategy} and are checked by their own parser. */
    private static final Set<String> OPEN_SUBTREES = Set.of("loss", "sampling", "evaluation.threshold", "spark.conf", "compare");

    private ConfigLoader() {
    }

    /** The built-in defaults (packaged copy of conf/defaults.conf). */
    public static Config defaults() {
        try (InputStream in = ConfigLoader.class.getResourceAsStream("/fulcrum-conf/defaults.conf")) {
            if (in == null) {
                throw new IllegalStateException("fulcrum-conf/defaults.conf missing from the classpath");
            }
            return ConfigFactory.parseReader(new InputStreamReader(in, StandardCharsets.UTF_8),
                    ConfigParseOptions.defaults().setOriginDescription("conf/defaults.conf"));
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * @param jobFile   the job file, or null for defaults only
     * @param overrides {@code key=value} strings in HOCON syntax (value may be a list or object)
     */
    public static Config load(File jobFile, List<String> overrides) {
        Config defaults = defaults();
        Config job = ConfigFactory.empty();
        if (jobFile != null) {
            if (!jobFile.isFile()) {
                throw new BadInputException("--job: file not found; got " + jobFile
                        + "; pass a HOCON job file such as jobs/fraud-baseline.conf");
            }
            try {
                job = ConfigFactory.parseFile(jobFile, ConfigParseOptions.defaults().setAllowMissing(false));
            } catch (ConfigException e) {
                throw new BadInputException(jobFile + ": not valid HOCON: " + e.getMessage(), e);
            }
        }
        Config sets = ConfigFactory.empty();
        for (String o : overrides) {
            int eq = o.indexOf('=');
            if (eq <= 0) {
                throw new BadInputException("--set: expected key=value; got '" + o + "'");
            }
            try {
                sets = ConfigFactory.parseString(o, ConfigParseOptions.defaults().setOriginDescription("--set " + o))
                        .withFallback(sets);
            } catch (ConfigException e) {
                throw new BadInputException("--set: cannot parse '" + o + "' as HOCON: " + e.getMessage(), e);
            }
        }
        Config user = sets.withFallback(job);
        rejectUnknownKeys(user, defaults);
        try {
            return user.withFallback(defaults).resolve(ConfigResolveOptions.defaults().setAllowUnresolved(false));
        } catch (ConfigException e) {
            throw new BadInputException("job config: " + e.getMessage(), e);
        }
    }

    private static void rejectUnknownKeys(Config user, Config defaults) {
        Set<String> known = new TreeSet<>();
        collectPaths(defaults.root(), "", known);
        Set<String> given = new TreeSet<>();
        collectPaths(user.root(), "", given);
        for (String path : given) {
            if (!known.contains(path) && !underOpenSubtree(path)) {
                String where = user.hasPathOrNull(path) && user.getValue(path) != null
                        ? user.getValue(path).origin().description() : "job config";
                throw new BadInputException(path + ": unknown key (" + where + "); known keys in this block: "
                        + siblings(known, path));
            }
        }
    }

    private static boolean underOpenSubtree(String path) {
        for (String open : OPEN_SUBTREES) {
            if (path.equals(open) || path.startsWith(open + ".")) {
                return true;
            }
        }
        return false;
    }

    private static String siblings(Set<String> known, String path) {
        int dot = path.lastIndexOf('.');
        String prefix = dot < 0 ? "" : path.substring(0, dot + 1);
        Set<String> out = new TreeSet<>();
        for (String k : known) {
            if (k.startsWith(prefix)) {
                String rest = k.substring(prefix.length());
                int d = rest.indexOf('.');
                out.add(d < 0 ? rest : rest.substring(0, d));
            }
        }
        return String.join(", ", out);
    }

    /** Leaf paths, null-valued leaves included (entrySet() would skip them). */
    private static void collectPaths(ConfigObject obj, String prefix, Set<String> out) {
        for (Map.Entry<String, ConfigValue> e : obj.entrySet()) {
            String path = prefix.isEmpty() ? quoteIfNeeded(e.getKey()) : prefix + "." + quoteIfNeeded(e.getKey());
            if (e.getValue().valueType() == ConfigValueType.OBJECT && !underOpenSubtree(path)) {
                ConfigObject child = (ConfigObject) e.getValue();
                if (child.isEmpty()) {
                    out.add(path);
                } else {
                    collectPaths(child, path, out);
                }
            } else {
                out.add(path);
            }
        }
    }

    private static String quoteIfNeeded(String key) {
        return key.matches("[A-Za-z0-9_-]+") ? key : "\"" + key + "\"";
    }
}
