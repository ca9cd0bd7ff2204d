package dev.fulcrum.tune;

import dev.fulcrum.train.ArrayFit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Rungs as Spark jobs with a task per trial ({@link TrialRunner}): each a single-JVM fit on the
 * broadcast rows, continued from the network and updater state its last rung returned. For rows
 * that fit in one task ({@code tune.maxDataMiB}).
 */
public final class ParallelTrials implements RungTrainer {
    private final TrialRunner runner;
    private final List<Trial> trials;
    private final List<String> networks;
    private final List<Integer> outputs;
    private final int patience;
    private final Map<Integer, ArrayFit.State> states = new HashMap<>();
    private final Map<Integer, TrialProgress> progress = new HashMap<>();

    /**
     * @param networks per trial, its network configuration as JSON
     * @param outputs  per trial, its loss's output columns
     */
    public ParallelTrials(TrialRunner runner, List<Trial> trials, List<String> networks, List<Integer> outputs,
                          int patience) {
        this.runner = runner;
        this.trials = trials;
        this.networks = networks;
        this.outputs = outputs;
        this.patience = patience;
    }

    @Override
    public List<TrialProgress> train(List<Integer> ids, int epochs, String description) {
        List<TrialRunner.Task> tasks = new ArrayList<>();
        for (int id : ids) {
            Trial tr = trials.get(id);
            tasks.add(new TrialRunner.Task(id, networks.get(id), states.get(id), tr.sampling(), outputs.get(id),
                    tr.batchSize(), tr.modelSeed(), epochs, patience));
        }
        List<ArrayFit.State> done = runner.run(tasks, description);
        List<TrialProgress> out = new ArrayList<>();
        for (int k = 0; k < ids.size(); k++) {
            int id = ids.get(k);
            ArrayFit.State before = states.get(id);
            ArrayFit.State s = done.get(k);
            List<Double> ap = new ArrayList<>();
            for (double v : s.validationAp()) {
                ap.add(v);
            }
            TrialProgress p = new TrialProgress(ap, s.bestEpoch(), s.stopped(), s.seconds(),
                    TrialProgress.startsAfter(progress.get(id), before == null ? 0 : before.epochs()));
            states.put(id, s);
            progress.put(id, p);
            out.add(p);
        }
        return out;
    }

    @Override
    public String describe() {
        return "parallel: a task per trial, each a single-JVM fit on the broadcast rows";
    }

    @Override
    public void release() {
        runner.release();
    }
}
