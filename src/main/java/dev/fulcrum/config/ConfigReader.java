package dev.fulcrum.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigList;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigRenderOptions;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import dev.fulcrum.error.BadInputException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * Typed reads from one block of a job file, which knows the block's full path so that every
 * failure names the key as the user would write it ({@code loss.terms[1].weight},
 * {@code sampling[0].k}). The one place that words config errors; one wording per rule:
 * <pre>
 * &lt;path&gt;: required key is missing
 * &lt;path&gt; must be a number; got "two"                 (likewise an integer, a string, a block, ...)
 * &lt;path&gt; must be &gt;= 1; got 0                           (and &gt; x, in [a, b], in (a, b), ...)
 * &lt;path&gt; must be one of (a, b, c); got d
 * &lt;path&gt;.&lt;key&gt; is not a known key; known keys: a, b, c
 * </pre>
 *
 * <p>An enum's job-file spelling is its constant's name in lower case with '_' written '-'
 * ({@code PR_AUC} is {@code pr-auc}), so choices are declared once, as enum constants.
 *
 * <p>A block may carry a fallback: list elements (sampling stages, combo terms, compare cells) and
 * type-dependent keys cannot be layered by HOCON, so their defaults sit in the {@code defaults}
 * block of conf/defaults.conf and the reader of such a block falls back to the matching entry.
 */
public final class ConfigReader {
    /** The {@code defaults} block of the packaged conf/defaults.conf, for blocks read without a job. */
    private static final Config PACKAGED = ConfigLoader.defaults();

    private final Config given;
    private final Config block;
    private final String path;
    private final Config elementDefaults;

    private ConfigReader(Config given, Config block, String path, Config elementDefaults) {
        this.given = given;
        this.block = block;
        this.path = path;
        this.elementDefaults = elementDefaults;
    }

    /** The whole resolved job (defaults + file + overrides); its own {@code defaults} block serves list elements. */
    public static ConfigReader root(Config resolved) {
        Config d = resolved.hasPath("defaults") ? resolved.getConfig("defaults") : PACKAGED.getConfig("defaults");
        return new ConfigReader(resolved, resolved, "", d);
    }

    /**
     * A block read on its own (tests, tools), e.g. {@code of(ConfigFactory.parseString("k = 3"), "split")}:
     * keys it leaves out come from the packaged conf/defaults.conf at the same path, as they would
     * in a job.
     */
    public static ConfigReader of(Config block, String path) {
        Config layered = !path.isEmpty() && PACKAGED.hasPath(path)
                && PACKAGED.getValue(path).valueType() == ConfigValueType.OBJECT
                ? block.withFallback(PACKAGED.getConfig(path)) : block;
        return new ConfigReader(block, layered, path, PACKAGED.getConfig("defaults"));
    }

    /** The block's full path ("" for the root). */
    public String path() {
        return path;
    }

    /** Full path of a key of this block. */
    public String path(String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    /**
     * This block with the keys it leaves out taken from {@code defaults.<defaultsPath>} (an element
     * default); the unknown-key check still sees only the keys the user gave.
     */
    public ConfigReader withDefaults(String defaultsPath) {
        if (!elementDefaults.hasPath(defaultsPath)) {
            throw new IllegalStateException("conf/defaults.conf has no defaults." + defaultsPath);
        }
        return new ConfigReader(given, block.withFallback(elementDefaults.getConfig(defaultsPath)), path,
                elementDefaults);
    }

    /** This block with {@code key}, when left out, taken from the single value {@code defaults.<defaultsPath>}. */
    public ConfigReader withDefault(String key, String defaultsPath) {
        if (!elementDefaults.hasPath(defaultsPath)) {
            throw new IllegalStateException("conf/defaults.conf has no defaults." + defaultsPath);
        }
        return new ConfigReader(given, block.withFallback(elementDefaults.getValue(defaultsPath).atKey(key)), path,
                elementDefaults);
    }

    /** True when the key is set to something other than null (here or in its defaults). */
    public boolean has(String key) {
        return block.hasPath(key);
    }

    /** Every leaf under this block by its path relative to it, quoted where HOCON needs it. */
    public Set<java.util.Map.Entry<String, ConfigValue>> leaves() {
        return block.entrySet();
    }

    /** Rejects a key the user wrote that is not in {@code known}. */
    public void requireKnownKeys(Collection<String> known) {
        for (String key : new TreeSet<>(given.root().keySet())) {
            if (!known.contains(key)) {
                throw unknownKey(path, key, known);
            }
        }
    }

    /** The one wording of an unknown key; {@code known} must not be empty. */
    static BadInputException unknownKey(String blockPath, String key, Collection<String> known) {
        if (known.isEmpty()) {
            throw new IllegalStateException("no known keys for " + blockPath);
        }
        String full = blockPath.isEmpty() ? key : blockPath + "." + key;
        return new BadInputException(full + " is not a known key; known keys: " + String.join(", ", new TreeSet<>(known)));
    }

    /** true or false (HOCON also reads "yes"/"no", "on"/"off"). */
    public boolean bool(String key) {
        value(key); // a missing key: the usual error
        try {
            return block.getBoolean(key);
        } catch (com.typesafe.config.ConfigException e) {
            throw mustBe(key, "true or false");
        }
    }

    public String string(String key) {
        ConfigValue v = value(key);
        if (v.valueType() == ConfigValueType.OBJECT || v.valueType() == ConfigValueType.LIST) {
            throw mustBe(key, "a string");
        }
        return String.valueOf(v.unwrapped());
    }

    /** Null when the key is absent or null. */
    public String optionalString(String key) {
        return has(key) ? string(key) : null;
    }

    /** A string that is not blank (trimmed). */
    public String nonBlankString(String key) {
        String s = string(key).trim();
        if (s.isEmpty()) {
            throw new BadInputException(path(key) + " must not be empty; got \"\"");
        }
        return s;
    }

    /** Like {@link #nonBlankString}, but null when the key is absent or null. */
    public String optionalNonBlankString(String key) {
        return has(key) ? nonBlankString(key) : null;
    }

    /** One of the enum's constants, spelled as described in the class comment. */
    public <E extends Enum<E>> E oneOf(String key, Class<E> type) {
        return oneOf(key, EnumSet.allOf(type));
    }

    /** One of {@code allowed} (a subset of an enum), in the enum's declaration order in the message. */
    public <E extends Enum<E>> E oneOf(String key, Set<E> allowed) {
        ConfigValue v = value(key);
        String given = v.valueType() == ConfigValueType.STRING ? (String) v.unwrapped() : null;
        List<E> ordered = new ArrayList<>(allowed);
        ordered.sort(null);
        for (E e : ordered) {
            if (id(e).equalsIgnoreCase(given == null ? "" : given.trim())) {
                return e;
            }
        }
        throw new BadInputException(path(key) + " must be one of (" + String.join(", ", ordered.stream()
                .map(ConfigReader::id).toList()) + "); got " + (given != null ? given : render(v)));
    }

    /** The job-file spelling of an enum constant. */
    public static String id(Enum<?> e) {
        return e.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public long longAtLeast(String key, long min) {
        long v = anyLong(key);
        if (v < min) {
            throw new BadInputException(path(key) + " must be >= " + min + "; got " + v);
        }
        return v;
    }

    public long anyLong(String key) {
        value(key);
        try {
            return block.getLong(key);
        } catch (ConfigException.WrongType | ConfigException.BadValue e) {
            throw mustBe(key, "an integer");
        }
    }

    public int intAtLeast(String key, int min) {
        long v = longAtLeast(key, min);
        if (v > Integer.MAX_VALUE) {
            throw new BadInputException(path(key) + " must be <= " + Integer.MAX_VALUE + "; got " + v);
        }
        return (int) v;
    }

    /** A finite number. */
    public double number(String key) {
        value(key);
        double v;
        try {
            // getDouble also takes numeric strings, as a --set override may give them.
            v = block.getDouble(key);
        } catch (ConfigException.WrongType | ConfigException.BadValue e) {
            throw mustBe(key, "a number");
        }
        if (!Double.isFinite(v)) {
            throw new BadInputException(path(key) + " must be a finite number; got " + fmt(v));
        }
        return v;
    }

    /** A finite number >= min. */
    public double numberAtLeast(String key, double min) {
        double v = number(key);
        if (!(v >= min)) {
            throw new BadInputException(path(key) + " must be >= " + fmt(min) + "; got " + fmt(v));
        }
        return v;
    }

    /** A finite number > min. */
    public double numberAbove(String key, double min) {
        double v = number(key);
        if (!(v > min)) {
            throw new BadInputException(path(key) + " must be > " + fmt(min) + "; got " + fmt(v));
        }
        return v;
    }

    /** A number in [min, max] (inclusive unless the flags say otherwise). */
    public double number(String key, double min, boolean minInclusive, double max, boolean maxInclusive) {
        double v = number(key);
        checkRange(path(key), v, min, minInclusive, max, maxInclusive);
        return v;
    }

    /** The range wording, for values that do not come straight from a key (list items, parsed unions). */
    public static void checkRange(String path, double v, double min, boolean minInclusive, double max,
                                  boolean maxInclusive) {
        boolean ok = (minInclusive ? v >= min : v > min) && (maxInclusive ? v <= max : v < max);
        if (!ok) {
            throw new BadInputException(path + " must be in " + (minInclusive ? "[" : "(") + fmt(min) + ", "
                    + fmt(max) + (maxInclusive ? "]" : ")") + "; got " + fmt(v));
        }
    }

    public List<String> strings(String key) {
        value(key);
        try {
            return List.copyOf(block.getStringList(key));
        } catch (ConfigException.WrongType e) {
            throw mustBe(key, "a list of strings");
        }
    }

    /** A list of integers, each >= min. */
    public List<Integer> intsAtLeast(String key, int min) {
        value(key);
        List<Integer> out;
        try {
            out = List.copyOf(block.getIntList(key));
        } catch (ConfigException.WrongType e) {
            throw mustBe(key, "a list of integers");
        }
        for (int i = 0; i < out.size(); i++) {
            if (out.get(i) < min) {
                throw new BadInputException(path(key) + "[" + i + "] must be >= " + min + "; got " + out.get(i));
            }
        }
        return out;
    }

    public List<Long> longs(String key) {
        value(key);
        try {
            return List.copyOf(block.getLongList(key));
        } catch (ConfigException.WrongType e) {
            throw mustBe(key, "a list of integers");
        }
    }

    /** A nested block, e.g. {@code training.earlyStopping}. */
    public ConfigReader block(String key) {
        ConfigValue v = value(key);
        if (v.valueType() != ConfigValueType.OBJECT) {
            throw mustBe(key, "a block { ... }");
        }
        Config given = this.given.hasPath(key) && this.given.getValue(key).valueType() == ConfigValueType.OBJECT
                ? this.given.getConfig(key) : ConfigFactory.empty();
        return new ConfigReader(given, ((ConfigObject) v).toConfig(), path(key), elementDefaults);
    }

    /** A list of blocks; element {@code i} reads as {@code <path>[i]}. */
    public List<ConfigReader> blocks(String key) {
        return blocksOf(list(key), path(key));
    }

    /** A list of lists of blocks (e.g. {@code compare.samplings}); {@code [i][j]} paths. */
    public List<List<ConfigReader>> blockLists(String key) {
        ConfigList outer = list(key);
        List<List<ConfigReader>> out = new ArrayList<>();
        for (int i = 0; i < outer.size(); i++) {
            String p = path(key) + "[" + i + "]";
            if (outer.get(i).valueType() != ConfigValueType.LIST) {
                throw new BadInputException(p + " must be a list of blocks; got " + render(outer.get(i)));
            }
            out.add(blocksOf((ConfigList) outer.get(i), p));
        }
        return List.copyOf(out);
    }

    private List<ConfigReader> blocksOf(ConfigList list, String listPath) {
        List<ConfigReader> out = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            String p = listPath + "[" + i + "]";
            if (list.get(i).valueType() != ConfigValueType.OBJECT) {
                throw new BadInputException(p + " must be a block { ... }; got " + render(list.get(i)));
            }
            Config c = ((ConfigObject) list.get(i)).toConfig();
            out.add(new ConfigReader(c, c, p, elementDefaults));
        }
        return List.copyOf(out);
    }

    private ConfigList list(String key) {
        ConfigValue v = value(key);
        if (v.valueType() != ConfigValueType.LIST) {
            throw mustBe(key, "a list");
        }
        return (ConfigList) v;
    }

    /** The raw value, for keys that take a union of types (e.g. {@code auto} or a number). */
    public ConfigValue value(String key) {
        if (!block.hasPath(key)) {
            throw new BadInputException(path(key) + ": required key is missing");
        }
        return block.getValue(key);
    }

    /** {@code <path.key> must be <what>; got <value as written>}. */
    public BadInputException mustBe(String key, String what) {
        return new BadInputException(path(key) + " must be " + what + "; got " + render(key));
    }

    /** The value as written (strings quoted), or {@code nothing} when absent. */
    public String render(String key) {
        return block.hasPath(key) ? render(block.getValue(key)) : "nothing";
    }

    public static String render(ConfigValue v) {
        return v.render(ConfigRenderOptions.concise());
    }

    /** Integral values without ".0" (the way they are usually written in a job file). */
    public static String fmt(double d) {
        if (Double.isNaN(d)) {
            return "NaN";
        }
        if (Double.isInfinite(d)) {
            return d > 0 ? "inf" : "-inf";
        }
        return d == Math.rint(d) && Math.abs(d) < 1e15 ? String.valueOf((long) d) : String.valueOf(d);
    }

    @Override
    public String toString() {
        return path.isEmpty() ? "<job>" : path;
    }

}
