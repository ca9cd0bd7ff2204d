package dev.fulcrum.train;

/**
 * The job's {@code ensemble} block: EasyEnsemble (Liu, Wu and Zhou, 2009) with networks. Each of
 * {@code members} networks trains on every training positive plus its own disjoint slice of the
 * negatives, {@code ratio} negatives per positive (1 = balanced); scoring averages the members'
 * probabilities. Off ({@code members = 0}) a job trains one network.
 *
 * @param members 0 (one network) or at least 2
 * @param ratio   negatives per positive in each member's rows, capped by the member's slice
 */
public record EnsembleSpec(int members, double ratio) {
    public static final EnsembleSpec OFF = new EnsembleSpec(0, 1.0);

    public EnsembleSpec {
        if (members == 1 || members < 0) {
            throw new IllegalArgumentException("members must be 0 or >= 2; got " + members);
        }
        if (!(ratio > 0) || Double.isInfinite(ratio)) {
            throw new IllegalArgumentException("ratio must be a positive number; got " + ratio);
        }
    }

    public boolean enabled() {
        return members >= 2;
    }

    public String describe() {
        return enabled() ? "easy-ensemble(members=" + members + ", ratio=" + ratio + ")" : "none";
    }
}
