package dev.fulcrum.tune;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigValue;
import dev.fulcrum.config.ConfigReader;
import dev.fulcrum.config.LossSpecReader;
import dev.fulcrum.config.SamplingReader;
import dev.fulcrum.error.BadInputException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The job file's {@code tune} block, validated before Spark starts:
 * <pre>
 * tune {
 *   trials = 72, minutes = 20          (budget: configurations drawn in all; wall minutes, whichever ends first)
 *   bracketTrials = 18                 (trials per bracket; brackets of successive halving repeat)
 *   minEpochs = 3, maxEpochs = 27      (successive halving: rungs at minEpochs, x reduction, ..., maxEpochs)
 *   reduction = 3                      (each rung keeps the best 1/reduction of its trials)
 *   patience = 5                       (a trial stops after this many epochs without a better validation AP)
 *   seed = 1                           (draws the configurations)
 *   maxDataMiB = 256                   (the resampled training and validation rows every trial task holds)
 *   largeData = sample                 (above maxDataMiB: sample | distributed | fail)
 *   space {
 *     loss = [ {type = bce}, ... ]       sampling = [ [], [ {type = undersample, ratio = 0.1} ] ]
 *     learningRate = [min, max]          (log-uniform)      dropout = [min, max]   (uniform)
 *     hidden = [ [32], [64, 32] ]        batchSize = [128, 256]
 *   }
 * }
 * </pre>
 * Every loss block and sampling list is read with the job file's own rules now, so a mistake in
 * the space fails in milliseconds, not after the first rung.
 */
public final class TuneSpec {
    private static final Set<String> KEYS = Set.of("trials", "bracketTrials", "minutes", "minEpochs", "maxEpochs", "reduction",
            "patience", "seed", "maxDataMiB", "largeData", "retrainMembers", "retrainFrom", "retrainPatience", "space");
    private static final Set<String> SPACE_KEYS = Set.of("loss", "sampling", "learningRate", "hidden", "dropout",
            "batchSize");

    /** The search space; {@code losses} and {@code samplings} as written, to become a trial's job keys. */
    public record Space(List<ConfigValue> losses, List<ConfigValue> samplings, double lrMin, double lrMax,
                        List<List<Integer>> hidden, double dropoutMin, double dropoutMax, List<Integer> batchSizes) {
    }

    /**
     * {@code tune.largeData}: what the search does when the rows every trial task would hold exceed
     * {@code maxDataMiB}. {@code sample}: search on a seeded stratified sample of the training and
     * validation splits that fits (the winner is still retrained on all rows); {@code distributed}:
     * no sample, trials one after another, each trained by the job's Spark trainer; {@code fail}:
     * refuse.
     */
    public enum LargeData {
        SAMPLE, DISTRIBUTED, FAIL
    }

    /**
     * {@code tune.retrainFrom}: whose keys the {@code retrainMembers} networks take. {@code winner}:
     * all the winner's (seeds differ); {@code finalists}: member k the k-th best finalist without
     * resampling by validation AP, cycling (the winner first), a network per configuration the search
     * could not tell apart.
     */
    public enum RetrainFrom {
        WINNER, FINALISTS
    }

    private final int trials;
    private final int bracketTrials;
    private final double minutes;
    private final int minEpochs;
    private final int maxEpochs;
    private final int reduction;
    private final int patience;
    private final long seed;
    private final long maxDataMiB;
    private final LargeData largeData;
    private final int retrainMembers;
    private final RetrainFrom retrainFrom;
    private final int retrainPatience;
    private final Space space;

    private TuneSpec(int trials, int bracketTrials, double minutes, int minEpochs, int maxEpochs, int reduction, int patience, long seed,
                     long maxDataMiB, LargeData largeData, int retrainMembers, RetrainFrom retrainFrom, int retrainPatience, Space space) {
        this.trials = trials;
        this.bracketTrials = bracketTrials;
        this.minutes = minutes;
        this.minEpochs = minEpochs;
        this.maxEpochs = maxEpochs;
        this.reduction = reduction;
        this.patience = patience;
        this.seed = seed;
        this.maxDataMiB = maxDataMiB;
        this.largeData = largeData;
        this.retrainMembers = retrainMembers;
        this.retrainFrom = retrainFrom;
        this.retrainPatience = retrainPatience;
        this.space = space;
    }

    /** Parses the resolved {@code tune} block; every mistake names {@code tune.<key>}. */
    public static TuneSpec parse(Config c) {
        return parse(ConfigReader.of(c, "tune"));
    }

    public static TuneSpec parse(ConfigReader r) {
        r.requireKnownKeys(KEYS);
        int minEpochs = r.intAtLeast("minEpochs", 1);
        int maxEpochs = r.intAtLeast("maxEpochs", 1);
        if (maxEpochs < minEpochs) {
            throw new BadInputException(r.path("maxEpochs") + " must be >= tune.minEpochs (" + minEpochs + "); got "
                    + maxEpochs);
        }
        ConfigReader s = r.block("space");
        s.requireKnownKeys(SPACE_KEYS);
        List<ConfigValue> losses = new ArrayList<>();
        List<ConfigReader> lossBlocks = s.blocks("loss");
        for (ConfigReader l : lossBlocks) {
            LossSpecReader.read(l);
        }
        for (int i = 0; i < lossBlocks.size(); i++) {
            losses.add(((com.typesafe.config.ConfigList) s.value("loss")).get(i));
        }
        List<ConfigValue> samplings = new ArrayList<>();
        List<List<ConfigReader>> chains = s.blockLists("sampling");
        for (int i = 0; i < chains.size(); i++) {
            SamplingReader.read(chains.get(i));
            samplings.add(((com.typesafe.config.ConfigList) s.value("sampling")).get(i));
        }
        if (losses.isEmpty() || samplings.isEmpty()) {
            throw new BadInputException("tune.space: loss and sampling must each list at least one choice; got "
                    + losses.size() + " losses and " + samplings.size() + " samplings ([] is the choice 'no resampling')");
        }
        double[] lr = range(s, "learningRate", 0.0, false, 1.0, true);
        double[] dropout = range(s, "dropout", 0.0, true, 1.0, false);
        List<List<Integer>> hidden = new ArrayList<>();
        com.typesafe.config.ConfigList hl = (com.typesafe.config.ConfigList) s.value("hidden");
        for (int i = 0; i < hl.size(); i++) {
            Object v = hl.get(i).unwrapped();
            List<Integer> widths = new ArrayList<>();
            if (!(v instanceof List<?> list) || list.isEmpty()) {
                throw new BadInputException(s.path("hidden") + "[" + i + "] must be a non-empty list of layer widths, "
                        + "e.g. [64, 32]; got " + ConfigReader.render(hl.get(i)));
            }
            for (Object w : list) {
                if (!(w instanceof Integer n) || n < 1) {
                    throw new BadInputException(s.path("hidden") + "[" + i + "] must hold widths >= 1; got "
                            + ConfigReader.render(hl.get(i)));
                }
                widths.add(n);
            }
            hidden.add(List.copyOf(widths));
        }
        List<Integer> batches = s.intsAtLeast("batchSize", 1);
        if (hidden.isEmpty() || batches.isEmpty()) {
            throw new BadInputException("tune.space: hidden and batchSize must each list at least one choice");
        }
        int members = r.intAtLeast("retrainMembers", 0);
        if (members == 1) {
            throw new BadInputException(r.path("retrainMembers") + " must be 0 (publish the winner as one network) or "
                    + ">= 2 (that many networks of the winner's keys, averaged); got 1");
        }
        return new TuneSpec(r.intAtLeast("trials", 1), r.intAtLeast("bracketTrials", 1), r.numberAbove("minutes", 0.0), minEpochs, maxEpochs,
                r.intAtLeast("reduction", 2), r.intAtLeast("patience", 0), r.anyLong("seed"),
                r.longAtLeast("maxDataMiB", 1), r.oneOf("largeData", LargeData.class), members,
                r.oneOf("retrainFrom", RetrainFrom.class), r.intAtLeast("retrainPatience", 0), new Space(List.copyOf(losses), List.copyOf(samplings), lr[0], lr[1],
                List.copyOf(hidden), dropout[0], dropout[1], List.copyOf(batches)));
    }

    private static double[] range(ConfigReader s, String key, double min, boolean minIn, double max, boolean maxIn) {
        Object v = s.value(key).unwrapped();
        if (!(v instanceof List<?> l) || l.size() != 2 || !(l.get(0) instanceof Number) || !(l.get(1) instanceof Number)) {
            throw s.mustBe(key, "[min, max] (two numbers; equal for a fixed value)");
        }
        double a = ((Number) l.get(0)).doubleValue();
        double b = ((Number) l.get(1)).doubleValue();
        ConfigReader.checkRange(s.path(key) + "[0]", a, min, minIn, max, maxIn);
        ConfigReader.checkRange(s.path(key) + "[1]", b, min, minIn, max, maxIn);
        if (b < a) {
            throw s.mustBe(key, "[min, max] with min <= max");
        }
        return new double[] {a, b};
    }

    public int trials() {
        return trials;
    }

    /** Trials per bracket of successive halving; brackets repeat until {@link #trials} or the minutes run out. */
    public int bracketTrials() {
        return bracketTrials;
    }

    public double minutes() {
        return minutes;
    }

    public int minEpochs() {
        return minEpochs;
    }

    public int maxEpochs() {
        return maxEpochs;
    }

    public int reduction() {
        return reduction;
    }

    public int patience() {
        return patience;
    }

    public long seed() {
        return seed;
    }

    public long maxDataMiB() {
        return maxDataMiB;
    }

    public LargeData largeData() {
        return largeData;
    }

    public Space space() {
        return space;
    }

    /**
     * 0: the winner is retrained as one network. N >= 2: as N networks of its keys (seeds
     * {@code model.seed + k}, each on every training row, in its own order), their probabilities
     * averaged — the variance of one network on a small, noisy table averaged away, since the
     * search cannot tell its finalists apart there. Only for a winner without resampling (an
     * ensemble does its own); one network otherwise.
     */
    public int retrainMembers() {
        return retrainMembers;
    }

    public RetrainFrom retrainFrom() {
        return retrainFrom;
    }

    /**
     * The early-stopping patience of the winner's retraining (the search's is {@link #patience}):
     * the published networks keep their best validation epoch whatever the patience, so a longer
     * one costs only time, once, where a short one is paid by every trial.
     */
    public int retrainPatience() {
        return retrainPatience;
    }

    /** The same search with another trial and minute budget ({@code fulcrum tune --trials / --minutes}). */
    public TuneSpec withBudget(Integer trials, Double minutes) {
        return new TuneSpec(trials == null ? this.trials : trials, bracketTrials, minutes == null ? this.minutes : minutes,
                minEpochs, maxEpochs, reduction, patience, seed, maxDataMiB, largeData, retrainMembers, retrainFrom, retrainPatience,
                space);
    }

    /**
     * Epochs at the end of each rung: minEpochs, minEpochs x reduction, ... capped at maxEpochs, which
     * is always the last rung.
     */
    public List<Integer> rungs() {
        List<Integer> out = new ArrayList<>();
        for (long e = minEpochs; e < maxEpochs; e *= reduction) {
            out.add((int) e);
        }
        out.add(maxEpochs);
        return List.copyOf(out);
    }
}
