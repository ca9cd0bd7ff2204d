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
 */
public record TuneReport(String id, String job, Budget budget, DataInfo data, List<TrialRecord> trials,
                         int winner, @JsonInclude(JsonInclude.Include.NON_NULL) Published published,
                         String stoppedBy, Map<String, Double> timings, Map<String, Object> resolvedJob) {

    public record Budget(int trials, int bracketTrials, double minutes, List<Integer> rungs, int reduction,
                         int patience, long seed, int parallelism) {
    }

    /** Rows per sampling choice (index into the space's list) and of the validation split. */
    public record DataInfo(List<Long> trainRowsBySampling, List<Long> trainPositivesBySampling, long validationRows,
                           long validationPositives, int features) {
    }

    /**
     * @param rung      the last rung (0-based) the trial trained in
     * @param finalist  it trained in the last rung its bracket ran: a candidate for the winner
     */
    public record TrialRecord(int id, int bracket, String config, Map<String, Object> keys, String overrides,
                              long modelSeed, int rung, int epochs, List<Double> validationAp, double best,
                              int bestEpoch, boolean stoppedEarly, boolean finalist, double seconds) {
    }

    /** The winner as published by {@code fulcrum train}: validation (same split as the search) and test. */
    public record Published(String runDir, double validationPrAuc, double testPrAuc, double testRocAuc,
                            Double testPrAucOverBayes) {
    }
}
