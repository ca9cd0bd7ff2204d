package dev.fulcrum.train;

import dev.fulcrum.config.TrainingConfig;
import dev.fulcrum.data.Columns;
import dev.fulcrum.eval.BinaryEvaluator;
import dev.fulcrum.eval.ScoreSummary;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.spark.api.RDDTrainingApproach;
import org.deeplearning4j.spark.api.Repartition;
import org.deeplearning4j.spark.impl.multilayer.SparkDl4jMultiLayer;
import org.deeplearning4j.spark.impl.paramavg.ParameterAveragingTrainingMaster;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Trains the network for the configured epochs, either with DL4J's parameter averaging on Spark
 * ({@code training.mode = spark}) or with plain {@code MultiLayerNetwork.fit} on the driver
 * ({@code local}, the single-machine reference). After each epoch the validation split is scored
 * on the executors and its average precision recorded; the parameters of the best epoch are kept.
 */
public final class Trainer {
    private static final Logger LOG = LoggerFactory.getLogger(Trainer.class);

    /** One epoch: mean training loss of the last minibatch round, validation AP, throughput. */
    public record EpochStats(int epoch, double trainLoss, double validationPrAuc, double seconds,
                             double examplesPerSecond) {
    }

    public record Result(MultiLayerNetwork network, List<EpochStats> epochs, int bestEpoch, long trainExamples) {
    }

    private Trainer() {
    }

    /**
     * @param train      scaled and resampled training split ({@code features}, {@code label})
     * @param validation scaled validation split
     * @param exportDir  directory for DL4J's exported minibatches (under the run dir)
     */
    public static Result train(SparkSession spark, MultiLayerConfiguration conf, TrainingConfig t, int outputColumns,
                               Dataset<Row> train, Dataset<Row> validation, String exportDir, long seed) {
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        // Shuffle once: resamplers append synthetic rows in blocks and splits keep source order.
        Dataset<Row> shuffled = train.select(Columns.FEATURES, Columns.LABEL)
                .orderBy(org.apache.spark.sql.functions.rand(seed));
        JavaRDD<DataSet> batches = Minibatches.of(shuffled, t.batchSize(), outputColumns);
        long examples = train.count();

        MultiLayerNetwork net;
        SparkDl4jMultiLayer sparkNet = null;
        if (t.mode() == TrainingConfig.Mode.SPARK) {
            ParameterAveragingTrainingMaster.Builder b = t.workers() > 0
                    ? new ParameterAveragingTrainingMaster.Builder(t.workers(), t.batchSize())
                    : new ParameterAveragingTrainingMaster.Builder(t.batchSize());
            ParameterAveragingTrainingMaster tm = b
                    .batchSizePerWorker(t.batchSize())
                    .averagingFrequency(t.averagingFrequency())
                    .workerPrefetchNumBatches(t.prefetch())
                    .saveUpdater(true) // else Adam's moments reset every averaging round (DESIGN.md §3)
                    .rddTrainingApproach(t.approach().equals("export") ? RDDTrainingApproach.Export : RDDTrainingApproach.Direct)
                    .exportDirectory(exportDir)
                    .repartionData(switch (t.repartition()) {
                        case "never" -> Repartition.Never;
                        case "always" -> Repartition.Always;
                        default -> Repartition.NumPartitionsWorkersDiffers;
                    })
                    .rngSeed(seed)
                    .build();
            sparkNet = new SparkDl4jMultiLayer(jsc, conf, tm);
            net = sparkNet.getNetwork();
        } else {
            net = new MultiLayerNetwork(conf);
            net.init();
        }

        List<EpochStats> history = new ArrayList<>();
        INDArray best = null;
        double bestAp = Double.NEGATIVE_INFINITY;
        int bestEpoch = 0;
        for (int epoch = 1; epoch <= t.epochs(); epoch++) {
            jsc.setJobGroup("fulcrum-train", "fulcrum: training epoch " + epoch + "/" + t.epochs());
            long start = System.nanoTime();
            double loss;
            if (sparkNet != null) {
                sparkNet.fit(batches);
                net = sparkNet.getNetwork();
                loss = sparkNet.getScore();
            } else {
                Iterator<DataSet> it = batches.toLocalIterator();
                double sum = 0;
                int n = 0;
                while (it.hasNext()) {
                    net.fit(it.next());
                    sum += net.score();
                    n++;
                }
                loss = n == 0 ? Double.NaN : sum / n;
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            jsc.setJobGroup("fulcrum-validate", "fulcrum: validation after epoch " + epoch);
            ScoreSummary v = BinaryEvaluator.summarize(NetworkScorer.score(validation, net, outputColumns),
                    Columns.SCORE, Columns.LABEL);
            double ap = v.averagePrecision();
            EpochStats s = new EpochStats(epoch, loss, ap, seconds, examples / seconds);
            history.add(s);
            double eta = seconds * (t.epochs() - epoch);
            LOG.info(String.format("epoch %d/%d  loss %.5f  val PR-AUC %.4f  %.0f examples/s  %.1fs  ETA %.0fs",
                    epoch, t.epochs(), loss, ap, s.examplesPerSecond(), seconds, eta));
            if (ap > bestAp || best == null) {
                bestAp = ap;
                bestEpoch = epoch;
                best = net.params().dup();
            }
        }
        jsc.clearJobGroup();
        net.setParams(best);
        return new Result(net, List.copyOf(history), bestEpoch, examples);
    }
}
