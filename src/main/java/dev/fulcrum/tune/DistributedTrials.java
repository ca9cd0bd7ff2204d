package dev.fulcrum.tune;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigValueFactory;
import dev.fulcrum.config.JobConfig;
import dev.fulcrum.data.ClassCounts;
import dev.fulcrum.pipeline.Candidate;
import dev.fulcrum.pipeline.Pipeline;
import dev.fulcrum.pipeline.PreparedData;
import dev.fulcrum.pipeline.Seeds;
import dev.fulcrum.pipeline.Workspace;
import dev.fulcrum.train.Trainer;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rungs for rows too big for one task ({@code tune.largeData = distributed}): the trials run one
 * after another, each trained by the job's own distributed training ({@link Pipeline#fit}, so the
 * same resampling, network, learning-rate scaling and parameter averaging as {@code fulcrum train},
 * with {@code training.mode = spark}). A trial's rung k is one {@code fit} to that rung's epochs
 * with the trial's own checkpoint directory: {@link Trainer#train} continues from the newest
 * checkpoint there (its fingerprint leaves out the epoch count), so a promoted trial resumes with
 * its parameters and updater state instead of starting over. Validation AP per epoch is the
 * trainer's validation PR-AUC.
 */
public final class DistributedTrials implements RungTrainer {
    private static final Logger LOG = LoggerFactory.getLogger(DistributedTrials.class);

    private final SparkSession spark;
    private final JobConfig job;
    private final TuneSpec.Space space;
    private final List<Trial> trials;
    private final PreparedData data;
    private final String quarantineDir;
    private final String scratchDir;
    private final String checkpointRoot;
    private final int patience;
    private final Map<Integer, TrialProgress> progress = new HashMap<>();
    private final Map<Integer, ClassCounts> resampled = new HashMap<>();
    private String trainer;

    /**
     * @param scratchDir exported minibatches and, under {@code checkpoints/trial-<id>}, each trial's
     *                   checkpoints (removed by {@link #release})
     */
    public DistributedTrials(SparkSession spark, JobConfig job, TuneSpec.Space space, List<Trial> trials,
                             PreparedData data, int patience, String quarantineDir, String scratchDir) {
        this.spark = spark;
        this.job = job;
        this.space = space;
        this.trials = trials;
        this.data = data;
        this.patience = patience;
        this.quarantineDir = quarantineDir;
        this.scratchDir = scratchDir;
        this.checkpointRoot = scratchDir + "/checkpoints";
        if (job.training().mode() != dev.fulcrum.train.TrainingConfig.Mode.SPARK) {
            LOG.warn("tune.largeData = distributed: every trial trains with training.mode = spark (the job sets "
                    + job.training().mode().id() + "); the winner's retrain keeps the job's mode");
        }
    }

    @Override
    public List<TrialProgress> train(List<Integer> ids, int epochs, String description) {
        List<TrialProgress> out = new ArrayList<>();
        for (int k = 0; k < ids.size(); k++) {
            int id = ids.get(k);
            TrialProgress before = progress.get(id);
            if (before != null && before.stopped()) {
                // early stopping ended it: a fit would only resample the rows to resume and stop at once
                TrialProgress same = new TrialProgress(before.validationAp(), before.bestEpoch(), true,
                        before.seconds(), TrialProgress.startsAfter(before, before.epochs()));
                progress.put(id, same);
                out.add(same);
                continue;
            }
            LOG.info(description + ": trial " + id + " (" + (k + 1) + " of " + ids.size() + ")");
            JobConfig tj = JobConfig.from(trialJob(trials.get(id), epochs));
            Workspace ws = new Workspace(quarantineDir, scratchDir, checkpointDir(id), Trainer.EpochListener.NONE);
            long t0 = System.nanoTime();
            Candidate c = new Pipeline(spark, tj, ws).fit(data, tj.loss(), tj.sampling(),
                    new Seeds(job.split().seed(), trials.get(id).modelSeed()));
            double seconds = (System.nanoTime() - t0) / 1e9;
            Trainer.Result r = c.training();
            List<Double> ap = r.epochs().stream().map(Trainer.EpochStats::validationPrAuc).toList();
            TrialProgress p = new TrialProgress(ap, r.bestEpoch(), r.stoppedEarly(),
                    (before == null ? 0 : before.seconds()) + seconds,
                    TrialProgress.startsAfter(before, r.resumedFrom()));
            progress.put(id, p);
            resampled.putIfAbsent(trials.get(id).sampling(), c.trainCounts());
            trainer = c.mode().training().mode().id() + " (" + c.mode().training().engine() + " engine)";
            out.add(p);
        }
        return out;
    }

    /** The trial's job trained to {@code epochs}, with the search's early stopping on validation AP. */
    private Config trialJob(Trial trial, int epochs) {
        return trial.applyTo(job.resolved(), space)
                .withValue("training.epochs", ConfigValueFactory.fromAnyRef(epochs))
                .withValue("training.mode", ConfigValueFactory.fromAnyRef("spark"))
                .withValue("training.earlyStopping.metric", ConfigValueFactory.fromAnyRef("pr-auc"))
                .withValue("training.earlyStopping.patience", ConfigValueFactory.fromAnyRef(patience));
    }

    private String checkpointDir(int trial) {
        return checkpointRoot + "/trial-" + trial;
    }

    /** The resampled training counts of each sampling choice a trial trained with (absent: none drew it). */
    public Map<Integer, ClassCounts> resampledCounts() {
        return Map.copyOf(resampled);
    }

    @Override
    public String describe() {
        return "distributed: trials one after another, each by the Spark trainer"
                + (trainer == null ? "" : ", training.mode = " + trainer) + ", continued from its checkpoint";
    }

    @Override
    public void release() {
        try {
            Path p = new Path(checkpointRoot);
            p.getFileSystem(spark.sparkContext().hadoopConfiguration()).delete(p, true);
        } catch (IOException e) {
            LOG.warn("could not remove the trials' checkpoints under " + checkpointRoot + ": " + e.getMessage());
        }
    }
}
