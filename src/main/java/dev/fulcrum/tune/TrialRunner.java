package dev.fulcrum.tune;

import dev.fulcrum.train.ArrayFit;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;

/**
 * Runs one rung of a search as one Spark job: a task per trial, each a single-JVM fit
 * ({@link ArrayFit}) on the broadcast rows, continued from where the trial stopped at the last
 * rung. Trials are independent, so a cluster with more cores runs more of them at once: the
 * search is as parallel as the rung is wide.
 */
public final class TrialRunner {
    /** The rows every task reads: the training rows of each sampling choice, the validation rows. */
    public static final class Data implements Serializable {
        private static final long serialVersionUID = 1L;
        final List<ArrayFit.Rows> train;
        final ArrayFit.Rows validation;

        public Data(List<ArrayFit.Rows> train, ArrayFit.Rows validation) {
            this.train = new ArrayList<>(train);
            this.validation = validation;
        }

        public long bytes() {
            // null: a sampling choice no trial drew
            return train.stream().filter(java.util.Objects::nonNull).mapToLong(ArrayFit.Rows::bytes).sum()
                    + validation.bytes();
        }
    }

    /** One trial's segment: what to build (or continue) and until which epoch. */
    public static final class Task implements Serializable {
        private static final long serialVersionUID = 1L;
        final int trial;
        final String network;
        final ArrayFit.State from;
        final int sampling;
        final int outputColumns;
        final int batchSize;
        final long seed;
        final int untilEpoch;
        final int patience;

        public Task(int trial, String network, ArrayFit.State from, int sampling, int outputColumns, int batchSize,
                    long seed, int untilEpoch, int patience) {
            this.trial = trial;
            this.network = network;
            this.from = from;
            this.sampling = sampling;
            this.outputColumns = outputColumns;
            this.batchSize = batchSize;
            this.seed = seed;
            this.untilEpoch = untilEpoch;
            this.patience = patience;
        }
    }

    private final JavaSparkContext jsc;
    private final Broadcast<Data> data;

    public TrialRunner(JavaSparkContext jsc, Data data) {
        this.jsc = jsc;
        this.data = jsc.broadcast(data);
    }

    /** The tasks' states, in the order of {@code tasks}. */
    public List<ArrayFit.State> run(List<Task> tasks, String description) {
        Broadcast<Data> d = data;
        jsc.setJobGroup("fulcrum-tune", description);
        try {
            return jsc.parallelize(tasks, tasks.size()).map(t -> ArrayFit.fit(t.network, t.from,
                    d.value().train.get(t.sampling), d.value().validation, t.outputColumns, t.batchSize, t.seed,
                    t.untilEpoch, t.patience)).collect();
        } finally {
            jsc.clearJobGroup();
        }
    }

    public void release() {
        data.destroy();
    }
}
