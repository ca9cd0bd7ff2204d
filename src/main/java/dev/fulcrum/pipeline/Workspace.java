package dev.fulcrum.pipeline;

import dev.fulcrum.train.Trainer;

/**
 * Where a job lets the pipeline write: quarantined rows, scratch files (exported minibatches,
 * removed by the job), per-epoch checkpoints (null = none) and a per-epoch listener.
 */
public record Workspace(String quarantineDir, String scratchDir, String checkpointDir,
                        Trainer.EpochListener listener) {

    public Workspace {
        java.util.Objects.requireNonNull(listener, "listener (use Trainer.EpochListener.NONE)");
    }

    /** A workspace without checkpoints or listener. */
    public static Workspace of(String quarantineDir, String scratchDir) {
        return new Workspace(quarantineDir, scratchDir, null, Trainer.EpochListener.NONE);
    }
}
