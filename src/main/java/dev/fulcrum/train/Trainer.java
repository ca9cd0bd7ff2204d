package dev.fulcrum.train;

import dev.fulcrum.error.BadInputException;
import dev.fulcrum.error.InternalException;
import dev.fulcrum.data.Columns;
import dev.fulcrum.eval.BinaryEvaluator;
import dev.fulcrum.eval.ScoreSummary;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.spark.api.RDDTrainingApproach;
import org.deeplearning4j.spark.api.Repartition;
import org.deeplearning4j.spark.impl.multilayer.SparkDl4jMultiLayer;
import org.deeplearning4j.spark.impl.paramavg.ParameterAveragingTrainingMaster;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Trains the network for the configured epochs, either with DL4J's parameter averaging on Spark
 * ({@code training.mode = spark}) or with plain {@code MultiLayerNetwork.fit} on the driver
 * ({@code local}, the single-machine reference). After each epoch the validation split is scored
 * on the executors (PR-AUC, ROC-AUC and the job's loss); {@code training.earlyStopping} picks the
 * best epoch, whose parameters are the ones returned, and may stop training early.
 * <p>
 * Determinism and resume: every random stream of an epoch is a function of (seed, epoch) — the
 * data order ({@link #shuffle} keyed by seed + epoch), the training master's split/repartition seed and ND4J's
 * RNG (dropout). With a checkpoint directory, a checkpoint is written after every epoch
 * ({@link Checkpoints}); a later call with the same directory continues from the newest one, so
 * an interrupted run resumed ends with the parameters an uninterrupted run would have. The epoch
 * count is not part of a checkpoint's fingerprint: a call with more {@code training.epochs} than
 * the checkpointed run continues it (what {@code fulcrum tune} does from rung to rung).
 */
public final class Trainer {
    private static final Logger LOG = LoggerFactory.getLogger(Trainer.class);

    /**
     * One epoch: mean training loss (local: over minibatches; spark: of the last averaging round),
     * validation metrics, wall time of the fit and throughput.
     */
    public record EpochStats(int epoch, double trainLoss, double validationPrAuc, double seconds,
                             double examplesPerSecond, double validationRocAuc, double validationLoss) {
        /** The value {@code training.earlyStopping.metric} names. */
        public double metric(TrainingConfig.Metric name) {
            return switch (name) {
                case PR_AUC -> validationPrAuc;
                case ROC_AUC -> validationRocAuc;
                case LOSS -> validationLoss;
            };
        }
    }

    /**
     * @param network      with the best epoch's parameters
     * @param bestEpoch    1-based epoch whose parameters {@code network} holds
     * @param stoppedEarly true when early stopping ended training before {@code training.epochs}
     * @param resumedFrom  the epoch of the checkpoint this call continued from (0 = fresh start)
     */
    public record Result(MultiLayerNetwork network, List<EpochStats> epochs, int bestEpoch, long trainExamples,
                         String metric, double bestValue, boolean stoppedEarly, int resumedFrom) {
    }

    /** Called after every epoch, once its checkpoint is written (progress hooks; tests simulate kills). */
    public interface EpochListener {
        /** A listener that does nothing. */
        EpochListener NONE = (stats, network) -> { };

        void epochEnded(EpochStats stats, MultiLayerNetwork network);
    }

    /**
     * What to train and how.
     *
     * @param network       the network configuration (output layer and loss included)
     * @param outputColumns 1 (sigmoid) or 2 (softmax) output columns
     * @param seed          data order, training-master RNG and dropout masks derive from it per epoch
     * @param exportDir     directory for DL4J's exported minibatches (under the run dir)
     * @param checkpointDir where to checkpoint after each epoch and resume from; null = no checkpoints
     */
    public record Request(MultiLayerConfiguration network, int outputColumns, TrainingConfig training, long seed,
                          String exportDir, String checkpointDir) {
    }

    private Trainer() {
    }

    /**
     * @param train      scaled and resampled training split ({@code features}, {@code label})
     * @param validation scaled validation split
     * @param listener   per-epoch hook ({@link EpochListener#NONE} for none)
     */
    public static Result train(SparkSession spark, Request request, Dataset<Row> train, Dataset<Row> validation,
                               EpochListener listener) {
        MultiLayerConfiguration conf = request.network();
        TrainingConfig t = request.training();
        int outputColumns = request.outputColumns();
        String exportDir = request.exportDir();
        String checkpointDir = request.checkpointDir();
        long seed = request.seed();
        if (t.mode() == TrainingConfig.Mode.AUTO) {
            throw new InternalException("training.mode = auto must be resolved before training "
                    + "(TrainingConfig.resolve)");
        }
        boolean dl4j = t.mode() == TrainingConfig.Mode.SPARK && t.engine() == TrainingConfig.Engine.DL4J;
        if (dl4j && exportDir != null) {
            checkExportStorage(t.approach(), spark.sparkContext().isLocal(), spark.sparkContext().master(),
                    fileSystem(exportDir, spark).getScheme(), exportDir);
        }
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        MultiLayerConfiguration c = conf.clone(); // the network advances its config's iteration count
        String fingerprint = fingerprint(c, t, outputColumns, seed);
        TrainingConfig.EarlyStopping rule = t.earlyStopping();
        FileSystem fs = checkpointDir == null ? null : fileSystem(checkpointDir, spark);

        Checkpoints.Loaded from = fs == null ? null : Checkpoints.latest(fs, checkpointDir);
        MultiLayerNetwork net;
        List<EpochStats> history = new ArrayList<>();
        BestEpoch best;
        INDArray bestParams = null;
        boolean stopped = false;
        int start = 1;
        if (from != null) {
            Checkpoints.State s = from.state();
            if (!s.fingerprint().equals(fingerprint)) {
                throw new BadInputException("--resume: the checkpoint " + from.where() + " was written for another "
                        + "network, training settings or seed (fingerprint " + s.fingerprint() + "; this job: "
                        + fingerprint + "); resume with the job.conf saved in the run directory");
            }
            net = from.network();
            history.addAll(s.history());
            best = new BestEpoch(rule, s.bestEpoch(), s.bestValue(), s.sinceImprovement());
            bestParams = from.bestParams();
            // A checkpoint from the last epoch of a shorter run (a tuning rung) may have run out of
            // patience on that epoch, where the shorter run had nothing left to stop: continued to
            // more epochs, it stops where an uninterrupted run of that length would have.
            stopped = s.stoppedEarly() || best.shouldStop();
            start = s.epoch() + 1;
            LOG.info("resuming from checkpoint " + from.where() + " (epoch " + s.epoch() + " of " + t.epochs()
                    + ", best epoch " + s.bestEpoch() + ")");
        } else {
            net = new MultiLayerNetwork(c);
            net.init();
            best = new BestEpoch(rule);
        }

        jsc.setJobGroup("fulcrum-train", "fulcrum: counting training rows");
        long examples = train.count();
        Dataset<Row> rows = train.select(Columns.FEATURES, Columns.LABEL);
        int partitions = Math.max(1, rows.rdd().getNumPartitions());
        BarrierAveraging averaging = t.mode() == TrainingConfig.Mode.SPARK && !dl4j
                ? BarrierAveraging.place(rows, averagingWorkers(jsc.sc(), t), outputColumns, seed)
                : null;
        JavaRDD<DataSet> validationBatches = Minibatches.of(validation, t.batchSize(), outputColumns);
        for (int epoch = start; epoch <= t.epochs() && !stopped; epoch++) {
            jsc.setJobGroup("fulcrum-train", "fulcrum: training epoch " + epoch + "/" + t.epochs()
                    + " (" + t.mode().id() + (t.mode() == TrainingConfig.Mode.SPARK ? ", " + t.engine() + " engine" : "")
                    + ")");
            Nd4j.getRandom().setSeed(seed * 1_000_003L + epoch); // dropout masks: a function of (seed, epoch)
            long t0 = System.nanoTime();
            double loss;
            if (averaging != null) {
                loss = averaging.epoch(jsc, net, t.batchSize(), t.averagingFrequency(), seed, epoch);
            } else if (dl4j) {
                JavaRDD<DataSet> batches = epochOrder(rows, seed, epoch, partitions, t.batchSize(), outputColumns);
                String export = exportDir + "/epoch-" + epoch;
                SparkDl4jMultiLayer sparkNet = new SparkDl4jMultiLayer(jsc, net,
                        trainingMaster(t, export, seed + epoch));
                sparkNet.fit(batches);
                net = sparkNet.getNetwork();
                loss = sparkNet.getScore();
                delete(spark, export);
            } else {
                loss = fitLocally(net, epochOrder(rows, seed, epoch, partitions, t.batchSize(), outputColumns));
            }
            double seconds = (System.nanoTime() - t0) / 1e9;

            jsc.setJobGroup("fulcrum-validate", "fulcrum: validation after epoch " + epoch + "/" + t.epochs()
                    + " (scores, PR-/ROC-AUC, loss)");
            ScoreSummary v = BinaryEvaluator.summarize(NetworkScorer.score(validation, net, outputColumns),
                    Columns.SCORE, Columns.LABEL);
            double valLoss = NetworkScorer.meanLoss(validationBatches, net);
            EpochStats s = new EpochStats(epoch, loss, v.averagePrecision(), seconds, examples / seconds,
                    v.rocAuc(), valLoss);
            history.add(s);
            if (best.offer(epoch, s.metric(rule.metric()))) {
                bestParams = net.params().dup();
            }
            stopped = best.shouldStop() && epoch < t.epochs();
            String stopMetric = rule.metric() == TrainingConfig.Metric.PR_AUC ? ""
                    : String.format("  val %s %.4f", rule.metric(), s.metric(rule.metric()));
            LOG.info(String.format("epoch %d/%d  loss %.5f  val PR-AUC %.4f%s  %.0f examples/s  %.1fs  ETA %.0fs%s",
                    epoch, t.epochs(), loss, s.validationPrAuc(), stopMetric,
                    s.examplesPerSecond(), seconds, seconds * (t.epochs() - epoch),
                    epoch == best.bestEpoch() ? "  (best)" : ""));
            if (stopped) {
                LOG.info("early stopping after epoch " + epoch + ": no " + rule.metric() + " improvement > "
                        + rule.minDelta() + " for " + rule.patience() + " epoch(s); keeping epoch " + best.bestEpoch());
            }
            if (fs != null) {
                Checkpoints.write(fs, checkpointDir, new Checkpoints.State(epoch, fingerprint, seed, List.copyOf(history),
                        best.bestEpoch(), best.best(), best.sinceImprovement(), stopped), net, bestParams);
            }
            listener.epochEnded(s, net);
        }
        jsc.clearJobGroup();
        if (averaging != null) {
            averaging.release();
        }
        net.setParams(bestParams);
        return new Result(net, List.copyOf(history), best.bestEpoch(), examples, rule.metric().id(), best.best(),
                stopped, from == null ? 0 : from.state().epoch());
    }

    /**
     * The workers parameter averaging runs on: {@code training.workers}, else the cluster's task
     * slots (the fulcrum engine: one barrier task per slot), else Spark's default parallelism (DL4J's
     * master). Spark's default parallelism is at least 2 on a cluster even with one core, so it must
     * not size the fulcrum engine or the learning-rate scaling.
     */
    public static int averagingWorkers(org.apache.spark.SparkContext sc, TrainingConfig t) {
        if (t.workers() > 0) {
            return t.workers();
        }
        return t.engine() == TrainingConfig.Engine.FULCRUM ? BarrierAveraging.slots(sc) : sc.defaultParallelism();
    }

    /**
     * A fresh order each epoch, a function of (seed, epoch) and the rows: resamplers append synthetic
     * rows in blocks, splits keep source order, and a resumed epoch must see the same minibatches.
     */
    private static JavaRDD<DataSet> epochOrder(Dataset<Row> rows, long seed, int epoch, int partitions, int batchSize,
                                               int outputColumns) {
        return Minibatches.of(shuffle(rows, seed + epoch, partitions), batchSize, outputColumns);
    }

    /**
     * The rows in an order that is a function of their content and {@code key} only: hash-partitioned
     * and sorted within partitions by a seeded hash of (features, label). Unlike
     * {@code orderBy(rand(seed))} it does not depend on the order rows arrive in after a shuffle (Spark
     * does not fix it), so a resumed epoch sees exactly the minibatches of the uninterrupted run.
     * Identical rows (oversampled copies) tie, which changes nothing.
     */
    static Dataset<Row> shuffle(Dataset<Row> rows, long key, int partitions) {
        String k = "_fulcrum_order";
        return rows.withColumn(k, orderKey(key)).repartition(partitions, functions.col(k)).sortWithinPartitions(k)
                .drop(k);
    }

    /**
     * How many rows {@link #shuffle} puts in each partition, without shuffling: Spark's hash
     * partitioning of a column is {@code pmod(murmur3(column, seed 42), partitions)}, which
     * {@code functions.hash} computes. Lets a consumer allocate each partition's block once.
     */
    static long[] shuffledPartitionSizes(Dataset<Row> rows, long key, int partitions) {
        long[] sizes = new long[partitions];
        rows.select(functions.pmod(functions.hash(orderKey(key)), functions.lit(partitions)).as("p"))
                .groupBy("p").count().collectAsList()
                .forEach(r -> sizes[r.getInt(0)] = r.getLong(1));
        return sizes;
    }

    private static org.apache.spark.sql.Column orderKey(long key) {
        // Hash the features as float32, the precision DL4J trains on: re-running the data preparation (as a
        // resume does) can change scaled features in their last double bits (partial sums merged in task
        // completion order), which must not reorder the epoch.
        return functions.xxhash64(functions.lit(key),
                org.apache.spark.ml.functions.vector_to_array(functions.col(Columns.FEATURES), "float32"),
                functions.col(Columns.LABEL));
    }

    /** Plain {@code MultiLayerNetwork.fit}, one minibatch at a time in RDD order; mean minibatch loss. */
    private static double fitLocally(MultiLayerNetwork net, JavaRDD<DataSet> batches) {
        Iterator<DataSet> it = batches.toLocalIterator();
        double sum = 0;
        int n = 0;
        while (it.hasNext()) {
            net.fit(it.next());
            sum += net.score();
            n++;
        }
        return n == 0 ? Double.NaN : sum / n;
    }

    /** The parameter-averaging master for one epoch; its split/repartition RNG is seeded per epoch. */
    static ParameterAveragingTrainingMaster trainingMaster(TrainingConfig t, String exportDir, long rngSeed) {
        ParameterAveragingTrainingMaster.Builder b = t.workers() > 0
                ? new ParameterAveragingTrainingMaster.Builder(t.workers(), t.batchSize())
                : new ParameterAveragingTrainingMaster.Builder(t.batchSize());
        return b.batchSizePerWorker(t.batchSize())
                .averagingFrequency(t.averagingFrequency())
                .workerPrefetchNumBatches(t.prefetch())
                .saveUpdater(true) // else Adam's moments reset every averaging round (DESIGN.md §3)
                .rddTrainingApproach(switch (t.approach()) {
                    case EXPORT -> RDDTrainingApproach.Export;
                    case DIRECT -> RDDTrainingApproach.Direct;
                })
                .exportDirectory(exportDir)
                .repartionData(switch (t.repartition()) {
                    case NEVER -> Repartition.Never;
                    case ALWAYS -> Repartition.Always;
                    case BALANCED -> Repartition.NumPartitionsWorkersDiffers;
                })
                .rngSeed(rngSeed)
                .build();
    }

    /** What a checkpoint must match to be resumed: network, how it is trained, seed (not the epoch count). */
    static String fingerprint(MultiLayerConfiguration c, TrainingConfig t, int outputColumns, long seed) {
        String s = c.toJson() + "|" + t.mode() + "|" + t.batchSize() + "|" + t.averagingFrequency() + "|" + t.workers()
                + "|" + t.approach() + "|" + t.repartition() + "|" + t.earlyStopping() + "|" + outputColumns + "|" + seed
                + (t.engine() == TrainingConfig.Engine.DL4J ? "" : "|engine=" + t.engine());
        try {
            byte[] d = java.security.MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
            return java.util.HexFormat.of().formatHex(d, 0, 12);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The export approach writes minibatches on the driver side and reads them on the executors, so
     * on a cluster they must share the storage. DL4J detects a local file system only once training
     * starts, with an exception that reads like an internal error; this says it before any work and
     * names the two ways out.
     */
    static void checkExportStorage(TrainingConfig.Approach approach, boolean localMaster, String master, String scheme,
                                   String exportDir) {
        if (approach == TrainingConfig.Approach.EXPORT && !localMaster && "file".equals(scheme)) {
            throw new BadInputException("training.approach = export needs storage every executor can read, but "
                    + "the minibatches would go to the local file system (" + exportDir + ") while Spark runs on "
                    + master + "; set output.dir to HDFS/S3 (e.g. hdfs:///fulcrum/runs) or use "
                    + "--set training.approach=direct");
        }
    }

    private static FileSystem fileSystem(String dir, SparkSession spark) {
        try {
            return new Path(dir).getFileSystem(spark.sparkContext().hadoopConfiguration());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot open " + dir + ": " + e.getMessage(), e);
        }
    }

    private static void delete(SparkSession spark, String dir) {
        try {
            Path p = new Path(dir);
            p.getFileSystem(spark.sparkContext().hadoopConfiguration()).delete(p, true);
        } catch (IOException e) {
            LOG.warn("could not remove exported minibatches under " + dir + ": " + e.getMessage());
        }
    }
}
