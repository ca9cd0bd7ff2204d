package dev.fulcrum.tune;

import java.util.List;

/**
 * Trains the trials of one rung of successive halving to an epoch count in all, each continuing
 * from where its last rung ended: the part of the search that differs between the rows fitting in
 * one task ({@link ParallelTrials}) and not ({@link DistributedTrials}).
 */
public interface RungTrainer {
    /**
     * @param trials      trial ids
     * @param epochs      the epochs each trial has trained after this rung (unless it stops early)
     * @param description for the Spark UI and the log
     * @return each trial's progress, in the order of {@code trials}
     */
    List<TrialProgress> train(List<Integer> trials, int epochs, String description);

    /** What trained the trials, for tune.json. */
    String describe();

    /** Frees what the trials shared (a broadcast, checkpoints). */
    void release();
}
