package dev.fulcrum.results;

import java.util.List;

/**
 * An EasyEnsemble as trained: how many members, how the negatives were dealt, the validation rows
 * early stopping scored (a uniform sample when they would not fit a task: {@code validationSampleRate} &lt; 1)
 * and each member's rows and epochs.
 */
public record EnsembleSummary(String method, int members, double ratio, long validationRows,
                              double validationSampleRate, double seconds, List<MemberRecord> byMember) {

    /**
     * One member: its rows, minibatch size, seeds, validation AP after each epoch and the epoch kept;
     * {@code network}: its {@code ensemble.variants} entry, described (null: the job's network).
     */
    public record MemberRecord(int member, long positives, long negatives, int batchSize, long seed, int bestEpoch,
                               double bestValidationPrAuc, boolean stoppedEarly, double seconds,
                               List<Double> validationPrAucByEpoch, String network) {
    }
}
