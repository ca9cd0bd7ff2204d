package dev.fulcrum.sampling;

import com.typesafe.config.Config;
import dev.fulcrum.error.BadInputException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The job file's resampling chain, e.g.
 * {@code sampling = [ { type = smote, k = 5, ratio = 0.1 }, { type = undersample, ratio = 0.5 } ]},
 * applied in order to the scaled training split. {@code ratio} is imbalanced-learn's float
 * {@code sampling_strategy}: minority/majority after the stage, in (0, 1]; default 1 (balanced).
 *
 * <table>
 *   <caption>Stage types and keys</caption>
 *   <tr><td>{@code smote}</td><td>{@code k} (5), {@code ratio}, {@code search = exact|approx},
 *       {@code tables} (4), {@code blockSize} (2048)</td></tr>
 *   <tr><td>{@code borderline-smote}</td><td>{@code k} (5), {@code m} (10), {@code ratio}</td></tr>
 *   <tr><td>{@code undersample}</td><td>{@code ratio}</td></tr>
 *   <tr><td>{@code oversample}</td><td>{@code ratio}</td></tr>
 *   <tr><td>{@code tomek}</td><td>(none)</td></tr>
 * </table>
 */
public final class SamplingSpec {
    private static final Map<String, Set<String>> KEYS = Map.of(
            "smote", Set.of("type", "k", "ratio", "search", "tables", "blockSize"),
            "borderline-smote", Set.of("type", "k", "m", "ratio"),
            "undersample", Set.of("type", "ratio"),
            "oversample", Set.of("type", "ratio"),
            "tomek", Set.of("type"));

    private SamplingSpec() {
    }

    /** Parses the list (empty list = no resampling). */
    public static List<Resampler> parse(List<? extends Config> blocks) {
        List<Resampler> out = new ArrayList<>();
        for (int i = 0; i < blocks.size(); i++) {
            out.add(parseOne(blocks.get(i), "sampling[" + i + "]"));
        }
        return List.copyOf(out);
    }

    private static Resampler parseOne(Config c, String path) {
        String type = ConfigReads.getStringOrNull(c, "type", path + ".type");
        if (type == null) {
            throw new BadInputException(path + ".type is required; got nothing; one of " + KEYS.keySet().stream().sorted().toList());
        }
        type = type.toLowerCase(Locale.ROOT);
        Set<String> allowed = KEYS.get(type);
        if (allowed == null) {
            throw new BadInputException(path + ".type must be one of " + KEYS.keySet().stream().sorted().toList()
                    + "; got \"" + type + "\"");
        }
        ConfigReads.rejectUnknownKeys(c, path, allowed);
        double ratio = ConfigReads.getDouble(c, "ratio", path + ".ratio", 1.0);
        return switch (type) {
            case "smote" -> {
                String search = ConfigReads.getStringOrNull(c, "search", path + ".search");
                Smote.NeighbourSearch mode = Smote.NeighbourSearch.EXACT;
                if (search != null) {
                    try {
                        mode = Smote.NeighbourSearch.valueOf(search.toUpperCase(Locale.ROOT));
                    } catch (IllegalArgumentException e) {
                        throw new BadInputException(path + ".search must be one of (exact, approx); got \"" + search + "\"");
                    }
                }
                ApproxKnn.Params p = ApproxKnn.Params.DEFAULT;
                int tables = ConfigReads.getInt(c, "tables", path + ".tables", p.tables());
                int blockSize = ConfigReads.getInt(c, "blockSize", path + ".blockSize", p.blockSize());
                if (tables < 1) {
                    throw new BadInputException(path + ".tables must be >= 1; got " + tables);
                }
                if (blockSize < 16) {
                    throw new BadInputException(path + ".blockSize must be >= 16; got " + blockSize);
                }
                yield new Smote(ConfigReads.getInt(c, "k", path + ".k", Smote.DEFAULT_K), ratio, mode,
                        new ApproxKnn.Params(tables, blockSize), path);
            }
            case "borderline-smote" -> new BorderlineSmote(ConfigReads.getInt(c, "k", path + ".k", Smote.DEFAULT_K),
                    ConfigReads.getInt(c, "m", path + ".m", BorderlineSmote.DEFAULT_M), ratio, path);
            case "undersample" -> new RandomUnderSampler(ratio, path + ".ratio");
            case "oversample" -> new RandomOverSampler(ratio, path + ".ratio");
            case "tomek" -> new TomekLinks();
            default -> throw new IllegalStateException("unhandled sampler type " + type);
        };
    }
}
