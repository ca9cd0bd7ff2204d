package dev.fulcrum.compare;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigList;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigRenderOptions;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import dev.fulcrum.error.BadInputException;
import dev.fulcrum.loss.LossSpec;
import dev.fulcrum.sampling.Resampler;
import dev.fulcrum.sampling.SamplingSpec;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The job file's {@code compare} block, validated before Spark starts:
 * <pre>
 * compare {
 *   losses     = [ {type = bce}, {type = focal, alpha = 0.25, gamma = 2} ]   (loss blocks, >= 1)
 *   samplings  = [ [], [{type = undersample, ratio = 0.1}] ]                 (sampling lists, >= 1)
 *   seeds      = [1, 2, 3]                  (>= 1, distinct; each fixes split, resampling, init, order)
 *   baselines  = [logistic-regression, gbt] (MLlib models on the same scaled, un-resampled train split)
 *   curves     = 5                          (best cells drawn in compare.html's PR overlay)
 *   lrMaxIter = 100, gbtMaxIter = 50, gbtMaxDepth = 5
 * }
 * </pre>
 * The grid is every loss × every sampling; a cell's name is {@code <loss> + <sampling>}.
 */
public final class CompareSpec {
    public static final List<String> BASELINES = List.of("logistic-regression", "gbt");
    private static final Set<String> KEYS = Set.of("losses", "samplings", "seeds", "baselines", "curves",
            "lrMaxIter", "gbtMaxIter", "gbtMaxDepth");

    /** One loss × sampling cell of the grid. */
    public record Cell(String name, LossSpec loss, List<Resampler> sampling) {
        public String samplingDescription() {
            return describe(sampling);
        }
    }

    private final List<Cell> cells;
    private final List<Long> seeds;
    private final List<String> baselines;
    private final int curves;
    private final int lrMaxIter;
    private final int gbtMaxIter;
    private final int gbtMaxDepth;

    private CompareSpec(List<Cell> cells, List<Long> seeds, List<String> baselines, int curves, int lrMaxIter,
                        int gbtMaxIter, int gbtMaxDepth) {
        this.cells = cells;
        this.seeds = seeds;
        this.baselines = baselines;
        this.curves = curves;
        this.lrMaxIter = lrMaxIter;
        this.gbtMaxIter = gbtMaxIter;
        this.gbtMaxDepth = gbtMaxDepth;
    }

    /** Parses the resolved {@code compare} block; every mistake names {@code compare.<key>}. */
    public static CompareSpec parse(Config c) {
        for (String key : c.root().keySet()) {
            if (!KEYS.contains(key)) {
                throw new BadInputException("compare." + key + ": unknown key; known keys: "
                        + String.join(", ", KEYS.stream().sorted().toList()));
            }
        }
        List<LossSpec> losses = new ArrayList<>();
        List<? extends ConfigObject> lossBlocks = objects(c, "losses");
        for (int i = 0; i < lossBlocks.size(); i++) {
            try {
                losses.add(LossSpec.parse(lossBlocks.get(i).toConfig()));
            } catch (BadInputException e) {
                throw new BadInputException("compare.losses[" + i + "]: " + e.getMessage(), e);
            }
        }
        List<List<Resampler>> samplings = new ArrayList<>();
        ConfigList lists = list(c, "samplings");
        for (int i = 0; i < lists.size(); i++) {
            ConfigValue v = lists.get(i);
            if (v.valueType() != ConfigValueType.LIST) {
                throw new BadInputException("compare.samplings[" + i + "] must be a list of sampling blocks "
                        + "(use [] for none); got " + v.render(ConfigRenderOptions.concise()));
            }
            List<Config> blocks = new ArrayList<>();
            for (ConfigValue b : (ConfigList) v) {
                if (b.valueType() != ConfigValueType.OBJECT) {
                    throw new BadInputException("compare.samplings[" + i + "] must hold blocks such as "
                            + "{type = smote, k = 5, ratio = 0.1}; got " + b.render(ConfigRenderOptions.concise()));
                }
                blocks.add(((ConfigObject) b).toConfig());
            }
            try {
                samplings.add(SamplingSpec.parse(blocks));
            } catch (BadInputException e) {
                throw new BadInputException("compare.samplings[" + i + "]: " + e.getMessage(), e);
            }
        }
        List<Cell> cells = new ArrayList<>();
        Set<String> names = new LinkedHashSet<>();
        for (LossSpec l : losses) {
            for (List<Resampler> s : samplings) {
                String name = l.describe() + " + " + describe(s);
                if (!names.add(name)) {
                    throw new BadInputException("compare: the grid holds '" + name + "' twice; remove the duplicate "
                            + "loss or sampling");
                }
                cells.add(new Cell(name, l, s));
            }
        }
        List<Long> seeds;
        try {
            seeds = c.hasPath("seeds") ? c.getLongList("seeds") : List.of(1L);
        } catch (ConfigException e) {
            throw new BadInputException("compare.seeds must be a list of integers, e.g. [1, 2, 3]; got "
                    + c.getValue("seeds").render(ConfigRenderOptions.concise()), e);
        }
        if (seeds.isEmpty() || new LinkedHashSet<>(seeds).size() != seeds.size()) {
            throw new BadInputException("compare.seeds must list at least one seed, without repeats; got " + seeds);
        }
        List<String> baselines = c.hasPath("baselines") ? c.getStringList("baselines") : List.of();
        for (String b : baselines) {
            if (!BASELINES.contains(b)) {
                throw new BadInputException("compare.baselines must be among (" + String.join(", ", BASELINES)
                        + "); got " + b);
            }
        }
        if (cells.isEmpty() && baselines.isEmpty()) {
            throw new BadInputException("compare: nothing to compare; give compare.losses and compare.samplings "
                    + "(at least one each) or compare.baselines");
        }
        return new CompareSpec(List.copyOf(cells), List.copyOf(seeds), List.copyOf(new LinkedHashSet<>(baselines)),
                atLeast(c, "curves", 5, 1), atLeast(c, "lrMaxIter", 100, 1), atLeast(c, "gbtMaxIter", 50, 1),
                atLeast(c, "gbtMaxDepth", 5, 1));
    }

    static String describe(List<Resampler> sampling) {
        return Resampler.describe(sampling);
    }

    private static List<? extends ConfigObject> objects(Config c, String key) {
        if (!c.hasPath(key)) {
            return List.of();
        }
        try {
            return c.getObjectList(key);
        } catch (ConfigException e) {
            throw new BadInputException("compare." + key + " must be a list of blocks such as [{type = bce}]; got "
                    + c.getValue(key).render(ConfigRenderOptions.concise()), e);
        }
    }

    private static ConfigList list(Config c, String key) {
        if (!c.hasPath(key)) {
            return com.typesafe.config.ConfigValueFactory.fromIterable(List.of());
        }
        try {
            return c.getList(key);
        } catch (ConfigException e) {
            throw new BadInputException("compare." + key + " must be a list; got "
                    + c.getValue(key).render(ConfigRenderOptions.concise()), e);
        }
    }

    private static int atLeast(Config c, String key, int dflt, int min) {
        if (!c.hasPath(key)) {
            return dflt;
        }
        int v;
        try {
            v = c.getInt(key);
        } catch (ConfigException e) {
            throw new BadInputException("compare." + key + " must be an integer; got "
                    + c.getValue(key).render(ConfigRenderOptions.concise()), e);
        }
        if (v < min) {
            throw new BadInputException("compare." + key + " must be >= " + min + "; got " + v);
        }
        return v;
    }

    public List<Cell> cells() {
        return cells;
    }

    public List<Long> seeds() {
        return seeds;
    }

    public List<String> baselines() {
        return baselines;
    }

    public int curves() {
        return curves;
    }

    public int lrMaxIter() {
        return lrMaxIter;
    }

    public int gbtMaxIter() {
        return gbtMaxIter;
    }

    public int gbtMaxDepth() {
        return gbtMaxDepth;
    }
}
