package dev.fulcrum.tune;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Map;

/**
 * {@code tune.json}: the budget and schedule, every trial (its job keys, the {@code --set} line that
 * reproduces it, validation AP after each epoch it trained, the rung it reached), the winner, and
 * the run the winner was retrained and published as. Every number is measured on the validation
 * split, except the published run's test metrics, which the search never saw.
 *
 * @param stoppedBy {@code schedule} (every rung ran) or {@code minutes} (the wall budget ended the search early)
 * @param trainer   how the trials were trained ({@link RungTrainer#describe})
 * @param sample    the sample the search ran on ({@code tune.largeData = sample}); absent when it ran on every row
 */
public record TuneReport(String id, String job, Budget budget, DataInfo data, String trainer,
                         @JsonInclude(JsonInclude.Include.NON_NULL) Sample sample, List<TrialRecord> trials,
                         int winner, @JsonInclude(JsonInclude.Include.NON_NULL) Published published,
                         String stoppedBy, Map<String, Double> timings, Map<String, Object> resolvedJob) {

    public record Budget(int trials, int bracketTrials, double minutes, List<Integer> rungs, int reduction,
                         int patience, long seed, int parallelism) {
    }

    /**
     * Rows per usable sampling choice (trials' {@code sampling} index into this list; null: no
     * distributed trial drew it) and of the validation split, as the trials saw them: sampled
     * under {@code tune.largeData = sample}.
     */
    public record DataInfo(List<Long> trainRowsBySampling, List<Long> trainPositivesBySampling, long validationRows,
                           long validationPositives, int features) {
    }

    /**
     * The seeded stratified sample of the training and validation splits the search ran on, when
     * all rows would not fit in {@code maxDataMiB}: every class at {@code rate}, so the class prior
     * is the split's. The test split and the winner's retrain use every row.
     *
     * @param fullMiB    what the broadcast would take with every row (resampled training rows of
     *                   every choice, grown as measured on a first sample, + validation)
     * @param sampledMiB what the sampled broadcast takes
     */
    public record Sample(double rate, String reason, SplitSample train, SplitSample validation, double fullMiB,
                         double sampledMiB, long maxDataMiB, long seed) {
    }

    /** A split's rows and positives before and after sampling. */
    public record SplitSample(long rows, long positives, long sampledRows, long sampledPositives) {
    }

    /**
     * @param rung       the last rung (0-based) the trial trained in
     * @param finalist   it trained in the last rung its bracket ran: a candidate for the winner
     * @param rungStarts per rung it trained in, the epochs it had trained before: a continued trial
     *                   starts where its last rung ended
     */
    public record TrialRecord(int id, int bracket, String config, Map<String, Object> keys, String overrides,
                              long modelSeed, int rung, int epochs, List<Double> validationAp, double best,
                              int bestEpoch, boolean stoppedEarly, boolean finalist, double seconds,
                              List<Integer> rungStarts) {
    }

    /**
     * The winner as published by {@code fulcrum train}: validation (same split as the search) and
     * test; {@code networks}: 1, or the members averaged ({@code tune.retrainMembers});
     * {@code memberTrials}: per member, the trial whose keys it took (empty for one network).
     */
    public record Published(String runDir, double validationPrAuc, double testPrAuc, double testRocAuc,
                            Double testPrAucOverBayes, int networks, List<Integer> memberTrials) {
    }
}
