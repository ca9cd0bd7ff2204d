package dev.fulcrum.train;

import dev.fulcrum.data.Columns;
import java.io.Serializable;
import java.util.Iterator;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.spark.BarrierTaskContext;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.storage.StorageLevel;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Fulcrum's own parameter averaging ({@code training.engine = fulcrum}): the same algorithm as
 * DL4J's ParameterAveragingTrainingMaster with {@code saveUpdater} — every worker fits
 * {@code averagingFrequency} minibatches, then parameters and updater state are averaged
 * (weighted by the examples each worker fitted in that round) — without its per-epoch costs.
 *
 * <p>What it does differently, and why it is faster (bench/README.md has the measurements):
 * <ul>
 *   <li>The training rows are placed once per fit: hash-partitioned over the workers, each
 *       partition one contiguous float block, cached. DL4J re-shuffles with a sort, re-exports every
 *       minibatch to files and builds a new training master every epoch.</li>
 *   <li>One Spark job per epoch in barrier mode (all workers run at once), averaging through the
 *       driver's {@link AveragingServer} over TCP (about 50 KB per worker per round for the default
 *       MLP with Adam) instead of one Spark job, broadcast and network restore per averaging
 *       round.</li>
 *   <li>Each worker's epoch order is a seeded permutation of its own block: a function of (seed,
 *       epoch, partition), so a resumed epoch sees the minibatches of the uninterrupted run.</li>
 * </ul>
 * Averaging sums the workers' messages in partition order, so a run is deterministic. Executors
 * must reach the driver on an ephemeral TCP port (as they reach its RPC endpoint); where a
 * firewall forbids that, use {@code engine = dl4j}.
 */
final class BarrierAveraging {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(BarrierAveraging.class);
    /**
     * One worker's training rows as one row-major float block. A class, not a record: Spark's Kryo
     * cannot serialise records (their final fields cannot be set reflectively).
     */
    static final class Block implements Serializable {
        private final float[] x;
        private final float[] y;
        private final int n;
        private final int nIn;
        private final int nOut;

        Block(float[] x, float[] y, int n, int nIn, int nOut) {
            this.x = x;
            this.y = y;
            this.n = n;
            this.nIn = nIn;
            this.nOut = nOut;
        }

        float[] x() {
            return x;
        }

        float[] y() {
            return y;
        }

        int n() {
            return n;
        }

        int nIn() {
            return nIn;
        }

        int nOut() {
            return nOut;
        }
    }

    private final JavaRDD<Block> blocks;
    private final int workers;
    private final int maxRows;

    private BarrierAveraging(JavaRDD<Block> blocks, int workers, int maxRows) {
        this.blocks = blocks;
        this.workers = workers;
        this.maxRows = maxRows;
    }

    /**
     * Places the rows ({@code features}, {@code label}) on {@code workers} partitions, once.
     * {@link Trainer#shuffle} keys the placement on the rows' content, so it does not depend on
     * how the input was partitioned.
     */
    static BarrierAveraging place(Dataset<Row> rows, int workers, int outputColumns, long seed) {
        Dataset<Row> selected = rows.select(Columns.FEATURES, Columns.LABEL);
        // Each block allocated at its final size: growing it by doubling peaked at ~3x the block per
        // worker (at 10M rows, 2 x 360 MB blocks, next to the cached splits in one local heap).
        long[] expected = Trainer.shuffledPartitionSizes(selected, seed, workers);
        JavaRDD<Block> blocks = Trainer.shuffle(selected, seed, workers).javaRDD()
                .mapPartitionsWithIndex((pid, it) -> List.of(block(it, outputColumns,
                        pid < expected.length ? expected[pid] : 0)).iterator(), true)
                .persist(StorageLevel.MEMORY_AND_DISK());
        List<Integer> sizes = blocks.map(Block::n).collect();
        int max = sizes.stream().mapToInt(Integer::intValue).max().orElse(0);
        return new BarrierAveraging(blocks, sizes.size(), max);
    }

    /**
     * The task slots the cluster has now: a barrier stage needs one per worker at once. Not Spark's
     * default parallelism, which is at least 2 on a cluster even with a single core (a barrier stage
     * of 2 tasks would then wait for a slot that never comes).
     */
    static int slots(org.apache.spark.SparkContext sc) {
        try {
            // private[spark] in Scala, public in the bytecode: the scheduler's own count of free + busy slots
            int n = sc.maxNumConcurrentTasks(sc.resourceProfileManager().defaultResourceProfile());
            if (n > 0) {
                return n;
            }
        } catch (RuntimeException | LinkageError e) {
            LOG.warn("cannot read the cluster's task slots (" + e + "); using spark.default.parallelism");
        }
        return sc.defaultParallelism();
    }

    void release() {
        blocks.unpersist(false);
    }

    /** The network state an epoch starts from or produced, and a worker's mean minibatch loss (a class: see Block). */
    static final class EpochResult implements Serializable {
        private final float[] params;
        private final float[] updater;
        private final int iterations;
        private final double meanLoss;
        /** The worker's seconds in {@code fit} and waiting for the averaged parameters (its exchange round trips). */
        private final double fitSeconds;
        private final double waitSeconds;

        EpochResult(float[] params, float[] updater, int iterations, double meanLoss) {
            this(params, updater, iterations, meanLoss, 0, 0);
        }

        EpochResult(float[] params, float[] updater, int iterations, double meanLoss, double fitSeconds,
                    double waitSeconds) {
            this.params = params;
            this.updater = updater;
            this.iterations = iterations;
            this.meanLoss = meanLoss;
            this.fitSeconds = fitSeconds;
            this.waitSeconds = waitSeconds;
        }

        float[] params() {
            return params;
        }

        float[] updater() {
            return updater;
        }

        int iterations() {
            return iterations;
        }

        double meanLoss() {
            return meanLoss;
        }
    }

    /**
     * Trains one epoch from {@code net}'s current parameters and updater state and writes the
     * averaged result back into {@code net}.
     *
     * @return the mean training loss over every minibatch of every worker
     */
    double epoch(JavaSparkContext jsc, MultiLayerNetwork net, int batchSize, int frequency, long seed, int epoch) {
        String conf = net.getLayerWiseConfigurations().toJson();
        INDArray updaterState = net.getUpdater().getStateViewArray();
        Broadcast<EpochResult> start = jsc.broadcast(new EpochResult(net.params().toFloatVector(),
                updaterState == null ? new float[0] : updaterState.toFloatVector(), net.getIterationCount(), 0));
        int rounds = Math.max(1, (int) Math.ceil(Math.ceil((double) maxRows / batchSize) / frequency));
        String host = jsc.getConf().get("spark.driver.host", "127.0.0.1");
        List<EpochResult> results;
        try {
            results = attempts(jsc, conf, start, host, batchSize, frequency, rounds, seed, epoch);
        } finally {
            start.destroy();
        }
        EpochResult r = results.get(0);
        net.setParams(Nd4j.create(r.params()).reshape(1, r.params().length).castTo(net.params().dataType()));
        if (updaterState != null) {
            updaterState.assign(Nd4j.create(r.updater()).reshape(updaterState.shape()));
        }
        net.setIterationCount(r.iterations());
        net.setEpochCount(epoch);
        // Where a worker's epoch went: a worker that waits long at the exchange is held up by a slower
        // one (or by CPU shared with the driver); that is the cost of each averaging round.
        LOG.info(String.format(java.util.Locale.ROOT, "epoch %d: %d workers, %d averaging rounds; per worker fit %s s, "
                        + "waiting for the average %s s", epoch, results.size(), rounds,
                results.stream().map(x -> String.format(java.util.Locale.ROOT, "%.2f", x.fitSeconds)).toList(),
                results.stream().map(x -> String.format(java.util.Locale.ROOT, "%.2f", x.waitSeconds)).toList()));
        return results.stream().mapToDouble(EpochResult::meanLoss).average().orElse(Double.NaN);
    }

    /**
     * Runs the epoch's barrier job, again from the same start state when it fails: Spark does not
     * retry a failed barrier result stage itself (a lost executor aborts the job), and an epoch is
     * a pure function of its start state, so repeating it loses nothing but time.
     */
    private List<EpochResult> attempts(JavaSparkContext jsc, String conf, Broadcast<EpochResult> start, String host,
                                       int batchSize, int frequency, int rounds, long seed, int epoch) {
        int max = Math.max(1, jsc.getConf().getInt("spark.task.maxFailures", 4));
        for (int attempt = 1; ; attempt++) {
            try (AveragingServer server = AveragingServer.start(host, workers, rounds)) {
                int port = server.port();
                scala.Function1<scala.collection.Iterator<Block>, scala.collection.Iterator<EpochResult>> task =
                        (scala.Function1<scala.collection.Iterator<Block>, scala.collection.Iterator<EpochResult>>
                                & Serializable) it -> worker(it, conf, start.value(), host, port, batchSize,
                                frequency, rounds, seed, epoch);
                return blocks.rdd().barrier()
                        .mapPartitions(task, false, scala.reflect.ClassTag$.MODULE$.apply(EpochResult.class))
                        .toJavaRDD().collect();
            } catch (Exception e) { // Scala's collect() throws SparkException, a checked type, undeclared
                if (!(e instanceof org.apache.spark.SparkException) || attempt >= max) {
                    throw e;
                }
                LOG.warn("epoch " + epoch + ": the parameter-averaging stage failed (" + e.getMessage().lines()
                        .findFirst().orElse("") + "); running the epoch again from its start, attempt "
                        + (attempt + 1) + " of " + max);
            }
        }
    }

    private static scala.collection.Iterator<EpochResult> worker(scala.collection.Iterator<Block> it, String conf,
            EpochResult start, String host, int port, int batchSize, int frequency, int rounds, long seed, int epoch) {
        int pid = BarrierTaskContext.get().partitionId();
        Block b = it.hasNext() ? it.next() : new Block(new float[0], new float[0], 0, 0, 0);
        MultiLayerNetwork net = new MultiLayerNetwork(MultiLayerConfiguration.fromJson(conf));
        net.init();
        INDArray state = net.getUpdater().getStateViewArray();
        set(net, state, start.params(), start.updater());
        net.setIterationCount(start.iterations());
        net.setEpochCount(epoch - 1);
        long stream = seed * 1_000_003L + epoch * 7919L + pid;
        Nd4j.getRandom().setSeed(stream); // dropout masks: a function of (seed, epoch, worker)
        int[] order = permutation(b.n(), new SplittableRandom(stream));
        int np = start.params().length;
        double lossSum = 0;
        int batches = 0;
        int next = 0;
        long fitNanos = 0;
        long waitNanos = 0;
        try (AveragingServer.Client averaging = new AveragingServer.Client(host, port, pid)) {
            for (int round = 0; round < rounds; round++) {
                long fitted = 0;
                long t0 = System.nanoTime();
                for (int k = 0; k < frequency && next < b.n(); k++) {
                    int n = Math.min(batchSize, b.n() - next);
                    net.fit(minibatch(b, order, next, n));
                    lossSum += net.score();
                    batches++;
                    fitted += n;
                    next += n;
                }
                float[] mine = concat(net.params().toFloatVector(), state == null ? new float[0] : state.toFloatVector());
                long t1 = System.nanoTime();
                float[] mean = averaging.exchange(fitted, mine);
                long t2 = System.nanoTime();
                fitNanos += t1 - t0;
                waitNanos += t2 - t1;
                if (mean != null) {
                    set(net, state, java.util.Arrays.copyOfRange(mean, 0, np),
                            java.util.Arrays.copyOfRange(mean, np, mean.length));
                }
            }
        } catch (java.io.IOException e) {
            // the task fails and Spark retries the barrier stage as a whole
            throw new java.io.UncheckedIOException("parameter averaging with the driver at " + host + ":" + port
                    + " failed in epoch " + epoch + ": " + e.getMessage(), e);
        }
        EpochResult mine = new EpochResult(pid == 0 ? net.params().toFloatVector() : new float[0],
                pid == 0 && state != null ? state.toFloatVector() : new float[0], net.getIterationCount(),
                batches == 0 ? 0 : lossSum / batches, fitNanos / 1e9, waitNanos / 1e9);
        return scala.collection.JavaConverters.asScalaIteratorConverter(List.of(mine).iterator()).asScala();
    }

    private static void set(MultiLayerNetwork net, INDArray state, float[] params, float[] updater) {
        net.setParams(Nd4j.create(params).reshape(1, params.length).castTo(net.params().dataType()));
        if (state != null && updater.length > 0) {
            state.assign(Nd4j.create(updater).reshape(state.shape()));
        }
    }

    private static float[] concat(float[] a, float[] b) {
        float[] c = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }

    private static DataSet minibatch(Block b, int[] order, int from, int n) {
        float[] x = new float[n * b.nIn()];
        float[] y = new float[n * b.nOut()];
        for (int i = 0; i < n; i++) {
            int r = order[from + i];
            System.arraycopy(b.x(), r * b.nIn(), x, i * b.nIn(), b.nIn());
            System.arraycopy(b.y(), r * b.nOut(), y, i * b.nOut(), b.nOut());
        }
        return new DataSet(Nd4j.create(x, new long[] {n, b.nIn()}, 'c'), Nd4j.create(y, new long[] {n, b.nOut()}, 'c'));
    }

    /** Fisher-Yates over 0..n-1 with a seeded stream. */
    static int[] permutation(int n, SplittableRandom rnd) {
        int[] a = new int[n];
        for (int i = 0; i < n; i++) {
            a[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = rnd.nextInt(i + 1);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
        return a;
    }

    /** A partition's rows as one block; labels one column (sigmoid) or one-hot (softmax, column 1 = positive). */
    /** @param expected the rows the partition should hold; the block grows beyond it if they are more */
    static Block block(Iterator<Row> rows, int outputColumns, long expected) {
        float[] x = new float[0];
        float[] y = new float[0];
        int n = 0;
        int d = 0;
        while (rows.hasNext()) {
            Row r = rows.next();
            Vector v = (Vector) r.get(0);
            if (n == 0) {
                d = v.size();
                int cap = (int) Math.max(1024, Math.min(expected, Integer.MAX_VALUE / Math.max(1, d)));
                x = new float[cap * d];
                y = new float[cap * outputColumns];
            } else if ((n + 1) * d > x.length) {
                x = java.util.Arrays.copyOf(x, x.length * 2);
                y = java.util.Arrays.copyOf(y, y.length * 2);
            }
            for (int j = 0; j < d; j++) {
                x[n * d + j] = (float) v.apply(j);
            }
            double label = r.getDouble(1);
            if (outputColumns == 1) {
                y[n] = (float) label;
            } else {
                y[n * outputColumns + (label > 0.5 ? 1 : 0)] = 1f;
            }
            n++;
        }
        return new Block(x.length == n * d ? x : java.util.Arrays.copyOf(x, n * d),
                y.length == n * outputColumns ? y : java.util.Arrays.copyOf(y, n * outputColumns), n, d, outputColumns);
    }
}
