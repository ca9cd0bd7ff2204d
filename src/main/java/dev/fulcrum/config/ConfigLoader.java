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
    /** The top-level key that makes a job file a segmentation job (conf/segmentation.conf). */
    public static final String TASK = "task";
    public static final String SEGMENTATION = "segmentation";
    /** The defaults.conf block of list-element defaults: documentation and reader fallbacks, not a job key. */
    static final String ELEMENT_DEFAULTS = "defaults";

    private ConfigLoader() {
    }

    /** The built-in defaults (packaged copy of conf/defaults.conf). */
    public static Config defaults() {
        return packaged("defaults.conf");
    }

    /**
     * The segmentation defaults: conf/segmentation.conf, with the {@code spark} block and the
     * element defaults ({@code defaults.loss.<type>}) of conf/defaults.conf, so the loss keys and
     * Spark settings mean the same in both kinds of job.
     */
    public static Config segmentationDefaults() {
        Config tabular = defaults();
        return packaged("segmentation.conf").withFallback(tabular.withOnlyPath("spark"))
                .withFallback(tabular.withOnlyPath(ELEMENT_DEFAULTS));
    }

    private static Config packaged(String name) {
        try (InputStream in = ConfigLoader.class.getResourceAsStream("/fulcrum-conf/" + name)) {
            if (in == null) {
                throw new IllegalStateException("fulcrum-conf/" + name + " missing from the classpath");
            }
            return ConfigFactory.parseReader(new InputStreamReader(in, StandardCharsets.UTF_8),
                    ConfigParseOptions.defaults().setOriginDescription("conf/" + name));
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Whether the job (file + overrides) is a segmentation job: {@code task = segmentation}. Read
     * before the keys are checked, since which keys exist depends on it.
     */
    public static boolean isSegmentation(File jobFile, List<String> overrides) {
        Config user = sets(overrides).withFallback(jobFile(jobFile));
        if (!user.hasPath(TASK)) {
            return false;
        }
        String task = String.valueOf(user.getValue(TASK).unwrapped());
        if (task.equals(SEGMENTATION)) {
            return true;
        }
        throw new BadInputException(TASK + " must be " + SEGMENTATION + " (or left out for a tabular job); got " + task);
    }

    /**
     * @param jobFile   the job file, or null for defaults only
     * @param overrides {@code key=value} strings in HOCON syntax (value may be a list or object)
     */
    public static Config load(File jobFile, List<String> overrides) {
        return load(jobFile, overrides, defaults());
    }

    /** A segmentation job: the file and overrides layered over {@link #segmentationDefaults()}. */
    public static Config loadSegmentation(File jobFile, List<String> overrides) {
        return load(jobFile, overrides, segmentationDefaults());
    }

    private static Config load(File jobFile, List<String> overrides, Config defaults) {
        Config user = sets(overrides).withFallback(jobFile(jobFile));
        rejectUnknownKeys(user, defaults);
        try {
            return user.withFallback(defaults).resolve(ConfigResolveOptions.defaults().setAllowUnresolved(false));
        } catch (ConfigException e) {
            throw new BadInputException("job config: " + e.getMessage(), e);
        }
    }

    private static Config jobFile(File jobFile) {
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
        return job;
    }

    private static Config sets(List<String> overrides) {
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
        return sets;
    }

    /**
     * Walks the user's tree along the defaults' tree and rejects the first key the defaults do not
     * declare, listing the keys of the block it was found in (at the top level: the top-level
     * blocks). Blocks whose keys depend on a type are left to their readers.
     */
    private static void rejectUnknownKeys(Config user, Config defaults) {
        ConfigObject known = defaults.root().withoutKey(ELEMENT_DEFAULTS);
        rejectUnknownKeys(user.root(), known, "");
    }

    private static void rejectUnknownKeys(ConfigObject given, ConfigObject known, String path) {
        for (String key : new TreeSet<>(given.keySet())) {
            String keyPath = path.isEmpty() ? quoteIfNeeded(key) : path + "." + quoteIfNeeded(key);
            ConfigValue k = known.get(key);
            if (k == null) {
                throw ConfigReader.unknownKey(path, quoteIfNeeded(key), known.keySet());
            }
            ConfigValue g = given.get(key);
            if (k.valueType() == ConfigValueType.OBJECT && g.valueType() == ConfigValueType.OBJECT
                    && !OPEN_SUBTREES.contains(keyPath) && !((ConfigObject) k).isEmpty()) {
                rejectUnknownKeys((ConfigObject) g, (ConfigObject) k, keyPath);
            }
        }
    }

    private static String quoteIfNeeded(String key) {
        return key.matches("[A-Za-z0-9_-]+") ? key : "\"" + key + "\"";
    }
}
