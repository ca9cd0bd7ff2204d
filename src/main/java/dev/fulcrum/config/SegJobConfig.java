package dev.fulcrum.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigRenderOptions;
import dev.fulcrum.error.BadInputException;
import dev.fulcrum.loss.LossSpec;
import java.io.File;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A segmentation job file ({@code task = segmentation}, keys of conf/segmentation.conf) parsed once
 * into typed, validated parts before any SparkSession exists.
 */
public record SegJobConfig(String name, Data data, Split split, Crops crops, UNet model, LossSpec loss,
                           Training training, Evaluation evaluation, Compare compare, String outputDir,
                           SparkSettings spark, Config resolved) {

    /** {@code data}: an image directory or {@code generate}. */
    public record Data(String input, int maskThreshold, boolean quarantine, Generate generate) {
        public boolean generated() {
            return "generate".equals(input);
        }
    }

    /** {@code data.generate}. */
    public record Generate(int count, int width, int height, long seed, double emptyFraction, double contrast,
                           double noise) {
    }

    /** {@code split}: fractions of images and the seed. */
    public record Split(double train, double validation, double test, long seed) {
    }

    /** {@code crops}: size 0 = whole images. */
    public record Crops(int size, int perImage, double foregroundBias, long seed) {
    }

    /** {@code model}: the U-Net. */
    public record UNet(int depth, int baseFilters, boolean attentionGates, boolean batchNorm, double dropout,
                       double learningRate,
                       double l2, long seed) {
    }

    /** {@code training}. */
    public record Training(Mode mode, long autoLocalMaxMiB, int epochs, int batchSize, int averagingFrequency,
                           int workers, int patience) {
    }

    /** {@code training.mode}. */
    public enum Mode {
        LOCAL, SPARK, AUTO
    }

    /** {@code evaluation}: {@code threshold} is null when tuned on validation. */
    public record Evaluation(Double threshold, double minDice) {
    }

    /** {@code compare}: losses x seeds. */
    public record Compare(List<LossSpec> losses, List<Long> seeds) {
    }

    public static SegJobConfig load(File jobFile, List<String> overrides) {
        return from(ConfigLoader.loadSegmentation(jobFile, overrides));
    }

    /** @param c a resolved segmentation job, as {@link ConfigLoader#loadSegmentation} returns it */
    public static SegJobConfig from(Config c) {
        ConfigReader r = ConfigReader.root(c);
        String name = r.block("job").string("name");
        if (!name.matches("[A-Za-z0-9._-]+")) {
            throw new BadInputException("job.name must use only letters, digits, '.', '_' and '-'; got " + name);
        }
        UNet model = model(r.block("model"));
        Crops crops = crops(r.block("crops"), model.depth());
        return new SegJobConfig(name, data(r.block("data"), crops, model.depth()), split(r.block("split")), crops, model,
                LossSpecReader.read(r.block("loss")), training(r.block("training")), evaluation(r.block("evaluation")),
                compare(r.block("compare")), r.block("output").string("dir"), SparkSettings.read(r.block("spark")), c);
    }

    private static Data data(ConfigReader d, Crops crops, int depth) {
        String input = d.nonBlankString("input");
        int threshold = d.intAtLeast("maskThreshold", 0);
        if (threshold > 254) {
            throw new BadInputException(d.path("maskThreshold") + " must be in [0, 254] (a mask pixel is foreground "
                    + "when its grey value is above it); got " + threshold);
        }
        String policy = d.string("onBadImage");
        if (!Set.of("fail", "quarantine").contains(policy)) {
            throw new BadInputException(d.path("onBadImage") + " must be one of (fail, quarantine); got " + policy);
        }
        ConfigReader g = d.block("generate");
        Generate gen = new Generate(g.intAtLeast("count", 1), g.intAtLeast("width", 16), g.intAtLeast("height", 16),
                g.anyLong("seed"), g.number("emptyFraction", 0, true, 1, false), g.number("contrast", 0, false, 0.5, true),
                g.number("noise", 0, true, 0.5, true));
        if ("generate".equals(input) && crops.size() > Math.min(gen.width(), gen.height())) {
            throw new BadInputException("crops.size = " + crops.size() + " is larger than the generated images ("
                    + gen.width() + "x" + gen.height() + "); lower crops.size or raise data.generate.width/height");
        }
        return new Data(input, threshold, policy.equals("quarantine"), gen);
    }

    private static Split split(ConfigReader s) {
        double train = s.number("train", 0, false, 1, false);
        double val = s.number("validation", 0, false, 1, false);
        double test = s.number("test", 0, false, 1, false);
        if (Math.abs(train + val + test - 1) > 1e-9) {
            throw new BadInputException(String.format(Locale.ROOT, "split: train + validation + test must be 1; got "
                    + "%s + %s + %s", ConfigReader.fmt(train), ConfigReader.fmt(val), ConfigReader.fmt(test)));
        }
        return new Split(train, val, test, s.anyLong("seed"));
    }

    private static Crops crops(ConfigReader c, int depth) {
        int size = c.intAtLeast("size", 0);
        int unit = 1 << depth;
        if (size > 0 && size % unit != 0) {
            throw new BadInputException(c.path("size") + " must be a multiple of 2^model.depth = " + unit
                    + " (each U-Net level halves the crop); got " + size + "; e.g. " + Math.max(unit, size / unit * unit));
        }
        return new Crops(size, c.intAtLeast("perImage", 1), c.number("foregroundBias", 0, true, 1, true),
                c.anyLong("seed"));
    }

    private static UNet model(ConfigReader m) {
        int depth = m.intAtLeast("depth", 1);
        if (depth > 5) {
            throw new BadInputException(m.path("depth") + " must be in [1, 5]; got " + depth);
        }
        boolean attention = booleanOf(m, "attentionGates");
        return new UNet(depth, m.intAtLeast("baseFilters", 1), attention, booleanOf(m, "batchNorm"),
                m.number("dropout", 0, true, 1, false),
                m.numberAbove("learningRate", 0), m.numberAtLeast("l2", 0), m.anyLong("seed"));
    }

    private static Training training(ConfigReader t) {
        String mode = t.string("mode");
        Mode m = switch (mode) {
            case "local" -> Mode.LOCAL;
            case "spark" -> Mode.SPARK;
            case "auto" -> Mode.AUTO;
            default -> throw new BadInputException(t.path("mode") + " must be one of (local, spark, auto); got " + mode);
        };
        return new Training(m, t.longAtLeast("autoLocalMaxMiB", 0), t.intAtLeast("epochs", 1),
                t.intAtLeast("batchSize", 1), t.intAtLeast("averagingFrequency", 1), t.intAtLeast("workers", 0),
                t.intAtLeast("patience", 0));
    }

    private static Evaluation evaluation(ConfigReader e) {
        String given = e.string("threshold");
        Double threshold = null;
        if (!given.equals("tuned")) {
            try {
                threshold = Double.parseDouble(given);
            } catch (NumberFormatException x) {
                threshold = Double.NaN;
            }
            if (!(threshold > 0 && threshold < 1)) {
                throw new BadInputException(e.path("threshold") + " must be tuned or a number in (0, 1); got " + given);
            }
        }
        return new Evaluation(threshold, e.number("minDice", 0, true, 1, true));
    }

    private static Compare compare(ConfigReader c) {
        c.requireKnownKeys(List.of("losses", "seeds"));
        List<LossSpec> losses = new ArrayList<>();
        for (ConfigReader l : c.blocks("losses")) {
            losses.add(LossSpecReader.read(l));
        }
        List<Long> seeds = c.longs("seeds");
        if (losses.isEmpty() || seeds.isEmpty()) {
            throw new BadInputException(c.path() + ": nothing to compare; give compare.losses and compare.seeds at "
                    + "least one entry each");
        }
        if (seeds.stream().distinct().count() != seeds.size()) {
            throw new BadInputException(c.path("seeds") + " must not repeat a seed; got " + seeds);
        }
        return new Compare(List.copyOf(losses), List.copyOf(seeds));
    }

    private static boolean booleanOf(ConfigReader r, String key) {
        Object v = r.value(key).unwrapped();
        if (v instanceof Boolean b) {
            return b;
        }
        if ("true".equals(v) || "false".equals(v)) {
            return Boolean.parseBoolean((String) v);
        }
        throw r.mustBe(key, "true or false");
    }

    /** The job as resolved (defaults + file + overrides), for provenance.json. */
    public String renderResolved() {
        return resolved.root().render(ConfigRenderOptions.concise().setFormatted(true).setJson(true));
    }
}
