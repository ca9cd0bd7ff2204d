package dev.fulcrum.train;

import dev.fulcrum.loss.LossSpec;
import java.util.List;

/**
 * The job's {@code ensemble} block: EasyEnsemble (Liu, Wu and Zhou, 2009) with networks. Each of
 * {@code members} networks trains on every training positive plus its own disjoint slice of the
 * negatives, {@code ratio} negatives per positive (1 = balanced); scoring averages the members'
 * probabilities. Off ({@code members = 0}) a job trains one network.
 *
 * @param members  0 (one network) or at least 2
 * @param ratio    negatives per positive in each member's rows, capped by the member's slice
 * @param variants empty: every member is the job's network; else member {@code k} is variant
 *                 {@code k mod variants.size()} ({@code ensemble.variants}): its own widths, learning
 *                 rate, dropout, loss and batch size on the same rows, for an ensemble of different
 *                 networks (what {@code fulcrum tune} publishes from its finalists)
 */
public record EnsembleSpec(int members, double ratio, List<Variant> variants) {
    public static final EnsembleSpec OFF = new EnsembleSpec(0, 1.0);

    /** One member network's keys: the job's with these replaced. */
    public record Variant(ModelConfig model, LossSpec loss, int batchSize, String describe) {
    }

    public EnsembleSpec {
        if (members == 1 || members < 0) {
            throw new IllegalArgumentException("members must be 0 or >= 2; got " + members);
        }
        if (!(ratio > 0) || Double.isInfinite(ratio)) {
            throw new IllegalArgumentException("ratio must be a positive number; got " + ratio);
        }
        variants = List.copyOf(variants);
    }

    public EnsembleSpec(int members, double ratio) {
        this(members, ratio, List.of());
    }

    public boolean enabled() {
        return members >= 2;
    }

    /** Member {@code k}'s variant, or null when every member is the job's network. */
    public Variant variantOf(int member) {
        return variants.isEmpty() ? null : variants.get(member % variants.size());
    }

    public String describe() {
        return enabled() ? "easy-ensemble(members=" + members + ", ratio=" + ratio
                + (variants.isEmpty() ? "" : ", variants=" + variants.size()) + ")" : "none";
    }
}
