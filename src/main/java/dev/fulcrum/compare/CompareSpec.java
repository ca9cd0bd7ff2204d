package dev.fulcrum.compare;

import com.typesafe.config.Config;
import dev.fulcrum.config.ConfigReader;
import dev.fulcrum.config.LossSpecReader;
import dev.fulcrum.config.SamplingReader;
import dev.fulcrum.error.BadInputException;
import dev.fulcrum.loss.LossSpec;
import dev.fulcrum.sampling.Resampler;
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
 *   baselines  = [logistic-regression, gbt, xgboost] (on the same scaled, un-resampled train split)
 *   curves     = 5                          (best cells drawn in compare.html's PR overlay)
 *   lrMaxIter = 100, gbtMaxIter = 50, gbtMaxDepth = 5
 *   xgbRounds = 500, xgbMaxDepth = 6, xgbEta = 0.1, xgbEarlyStopping = 30
 * }
 * </pre>
 * The grid is every loss × every sampling; a cell's name is {@code <loss> + <sampling>}.
 */
public final class CompareSpec {
    public static final List<String> BASELINES = List.of("logistic-regression", "gbt", "xgboost");
    private static final Set<String> KEYS = Set.of("losses", "samplings", "seeds", "baselines", "curves",
            "lrMaxIter", "gbtMaxIter", "gbtMaxDepth", "xgbRounds", "xgbMaxDepth", "xgbEta", "xgbEarlyStopping");

    /**
     * The XGBoost baseline's settings: at most {@code rounds} trees of {@code maxDepth}, learning rate
     * {@code eta}, stopped after {@code earlyStopping} rounds without a better validation aucpr.
     */
    public record Xgb(int rounds, int maxDepth, double eta, int earlyStopping) {
    }

    /** One loss × sampling cell of the grid. */
    public record Cell(String name, LossSpec loss, List<Resampler> sampling) {
        public String samplingDescription() {
            return Resampler.describe(sampling);
        }
    }

    private final List<Cell> cells;
    private final List<Long> seeds;
    private final List<String> baselines;
    private final int curves;
    private final int lrMaxIter;
    private final int gbtMaxIter;
    private final int gbtMaxDepth;
    private final Xgb xgb;

    private CompareSpec(List<Cell> cells, List<Long> seeds, List<String> baselines, int curves, int lrMaxIter,
                        int gbtMaxIter, int gbtMaxDepth, Xgb xgb) {
        this.cells = cells;
        this.seeds = seeds;
        this.baselines = baselines;
        this.curves = curves;
        this.lrMaxIter = lrMaxIter;
        this.gbtMaxIter = gbtMaxIter;
        this.gbtMaxDepth = gbtMaxDepth;
        this.xgb = xgb;
    }

    /** Parses the resolved {@code compare} block; every mistake names {@code compare.<key>}. */
    public static CompareSpec parse(Config c) {
        return parse(ConfigReader.of(c, "compare"));
    }

    /** Reads a {@code compare} block; keys left out come from conf/defaults.conf. */
    public static CompareSpec parse(ConfigReader r) {
        r.requireKnownKeys(KEYS);
        List<LossSpec> losses = new ArrayList<>();
        for (ConfigReader l : r.blocks("losses")) {
            losses.add(LossSpecReader.read(l));
        }
        List<List<Resampler>> samplings = new ArrayList<>();
        for (List<ConfigReader> chain : r.blockLists("samplings")) {
            samplings.add(SamplingReader.read(chain));
        }
        List<Cell> cells = new ArrayList<>();
        Set<String> names = new LinkedHashSet<>();
        for (LossSpec l : losses) {
            for (List<Resampler> s : samplings) {
                String name = l.describe() + " + " + Resampler.describe(s);
                if (!names.add(name)) {
                    throw new BadInputException("compare: the grid holds '" + name + "' twice; remove the duplicate "
                            + "loss or sampling");
                }
                cells.add(new Cell(name, l, s));
            }
        }
        List<Long> seeds = r.longs("seeds");
        if (seeds.isEmpty() || new LinkedHashSet<>(seeds).size() != seeds.size()) {
            throw new BadInputException(r.path("seeds") + " must list at least one seed, without repeats; got " + seeds);
        }
        List<String> baselines = new ArrayList<>();
        for (int i = 0; i < r.strings("baselines").size(); i++) {
            String b = r.strings("baselines").get(i);
            if (!BASELINES.contains(b)) {
                throw new BadInputException(r.path("baselines") + "[" + i + "] must be one of ("
                        + String.join(", ", BASELINES) + "); got " + b);
            }
            baselines.add(b);
        }
        if (cells.isEmpty() && baselines.isEmpty()) {
            throw new BadInputException("compare: nothing to compare; give compare.losses and compare.samplings "
                    + "(at least one each) or compare.baselines");
        }
        return new CompareSpec(List.copyOf(cells), List.copyOf(seeds), List.copyOf(new LinkedHashSet<>(baselines)),
                r.intAtLeast("curves", 1), r.intAtLeast("lrMaxIter", 1), r.intAtLeast("gbtMaxIter", 1),
                r.intAtLeast("gbtMaxDepth", 1),
                new Xgb(r.intAtLeast("xgbRounds", 1), r.intAtLeast("xgbMaxDepth", 1),
                        r.number("xgbEta", 0.0, false, 1.0, true), r.intAtLeast("xgbEarlyStopping", 1)));
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

    public Xgb xgb() {
        return xgb;
    }
}
