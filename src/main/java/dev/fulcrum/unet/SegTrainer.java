package dev.fulcrum.unet;

import dev.fulcrum.error.BadInputException;
import dev.fulcrum.images.ImageRows;
import dev.fulcrum.loss.SetLossReduction;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.spark.api.RDDTrainingApproach;
import org.deeplearning4j.spark.api.Repartition;
import org.deeplearning4j.spark.impl.graph.SparkComputationGraph;
import org.deeplearning4j.spark.impl.paramavg.ParameterAveragingTrainingMaster;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.lossfunctions.ILossFunction;

/**
 * Fits a {@link UNetFactory} U-Net on ImageRows rows that all have one size (training crops), with
 * early stopping on the {@link EpochCallback}'s validation score.
 * <ul>
 * <li>local: the rows are collected once to the driver as [n,1,H,W] arrays (refused above
 *     {@code localMaxMiB}); every epoch visits them in an order shuffled from (seed, epoch), one
 *     {@code ComputationGraph.fit} per minibatch; the loss is the mean of the minibatch scores.</li>
 * <li>spark: the rows become a {@code JavaRDD<DataSet>} of {@code batchSize}-image minibatches, built
 *     and cached once per fit; each epoch is one {@code SparkComputationGraph.fit} under a
 *     {@link ParameterAveragingTrainingMaster} (Direct approach, {@code saveUpdater}, no prefetch)
 *     whose split RNG is seeded from (seed, epoch), so which worker sees which minibatch changes per
 *     epoch while the minibatches themselves stay fixed; the loss is the master's score.</li>
 * </ul>
 * A loss built for {@code reduce = image} must regroup by the crops' H·W pixels; another size is refused.
 */
public final class SegTrainer {
    private SegTrainer() {
    }

    public static SegFit fit(SparkSession spark, Dataset<Row> trainRows, SegTrainingSpec spec, ILossFunction loss,
            EpochCallback cb) {
        int[] hw = commonSize(trainRows);
        int height = hw[0];
        int width = hw[1];
        spec.unet().checkImageSize("training images", height, width);
        int ppi = SetLossReduction.pixelsPerImage(loss);
        if (ppi != 0 && ppi != height * width) {
            throw new BadInputException("loss.reduce = image: the loss was built for " + ppi + " pixels per image, "
                    + "the training crops have " + height + "x" + width + " = " + height * width
                    + "; build it with pixelsPerImage = height * width of the crops");
        }
        ComputationGraph net = UNetFactory.build(spec.unet(), loss, height, width);
        return spec.mode() == SegTrainingSpec.Mode.LOCAL
                ? new Local(spec, trainRows, height, width).run(net, cb)
                : new Spark(spark, spec, trainRows, height, width).run(net, cb);
    }

    /** (height, width) shared by every row; refuses an empty input or mixed sizes. */
    static int[] commonSize(Dataset<Row> rows) {
        List<Row> sizes = rows.select(ImageRows.HEIGHT, ImageRows.WIDTH).distinct().limit(3).collectAsList();
        if (sizes.isEmpty()) {
            throw new BadInputException("training images: no rows to train on");
        }
        if (sizes.size() > 1) {
            List<String> seen = new ArrayList<>();
            for (Row r : sizes) {
                seen.add(r.getInt(0) + "x" + r.getInt(1));
            }
            throw new BadInputException("training images must all have one size (crop them first); got "
                    + String.join(", ", seen) + (sizes.size() > 2 ? ", ..." : ""));
        }
        return new int[] {sizes.get(0).getInt(0), sizes.get(0).getInt(1)};
    }

    /** The loop both modes share: epochs, callback, best epoch, patience. */
    private abstract static class Loop {
        final SegTrainingSpec spec;
        long examples;

        Loop(SegTrainingSpec spec) {
            this.spec = spec;
        }

        /** Trains one epoch, returns (network after it, mean training loss). */
        abstract double epoch(int epoch);

        abstract ComputationGraph current();

        void cleanUp() {
        }

        SegFit run(ComputationGraph start, EpochCallback cb) {
            init(start);
            List<SegEpoch> history = new ArrayList<>();
            double bestScore = Double.NEGATIVE_INFINITY;
            int bestEpoch = 0;
            INDArray bestParams = null;
            double trainSeconds = 0;
            try {
                for (int e = 1; e <= spec.epochs(); e++) {
                    Nd4j.getRandom().setSeed(spec.seed() * 1_000_003L + e); // dropout masks: a function of (seed, epoch)
                    long t0 = System.nanoTime();
                    double loss = epoch(e);
                    double seconds = (System.nanoTime() - t0) / 1e9;
                    trainSeconds += seconds;
                    ComputationGraph net = current();
                    double score = cb.validate(e, net, loss);
                    history.add(new SegEpoch(e, loss, score, seconds));
                    if (score > bestScore || bestParams == null) {
                        bestScore = score;
                        bestEpoch = e;
                        bestParams = net.params().dup();
                    }
                    if (spec.patience() > 0 && e - bestEpoch >= spec.patience()) {
                        break;
                    }
                }
            } finally {
                cleanUp();
            }
            ComputationGraph best = current().clone();
            best.setParams(bestParams);
            return new SegFit(best, bestEpoch, history, trainSeconds > 0 ? examples / trainSeconds : 0);
        }

        abstract void init(ComputationGraph start);
    }

    private static final class Local extends Loop {
        private final INDArray images;
        private final INDArray masks;
        private ComputationGraph net;

        Local(SegTrainingSpec spec, Dataset<Row> rows, int height, int width) {
            super(spec);
            long n = rows.count();
            double mib = n * 2.0 * height * width * 4 / (1 << 20);
            if (mib > spec.localMaxMiB()) {
                throw new BadInputException(String.format(java.util.Locale.ROOT,
                        "segmentation.training.mode = local: %d training images of %dx%d need %.0f MiB on the driver, "
                                + "more than localMaxMiB = %d; use mode = spark or raise localMaxMiB",
                        n, height, width, mib, spec.localMaxMiB()));
            }
            // sorted by id so the collected order, hence every epoch's shuffle, does not depend on partitioning
            List<Row> all = rows.orderBy(ImageRows.ID).collectAsList();
            List<float[]> im = new ArrayList<>();
            List<float[]> mk = new ArrayList<>();
            for (Row r : all) {
                im.add(ImageRows.floats(r, ImageRows.IMAGE));
                mk.add(ImageRows.floats(r, ImageRows.MASK));
            }
            images = ImageBatches.stack(im, height, width);
            masks = ImageBatches.stack(mk, height, width);
        }

        @Override
        void init(ComputationGraph start) {
            net = start;
        }

        @Override
        double epoch(int epoch) {
            int n = (int) images.size(0);
            int[] order = new int[n];
            for (int i = 0; i < n; i++) {
                order[i] = i;
            }
            Random r = new Random(spec.seed() * 31 + epoch);
            for (int i = n - 1; i > 0; i--) {
                int j = r.nextInt(i + 1);
                int t = order[i];
                order[i] = order[j];
                order[j] = t;
            }
            double sum = 0;
            int batches = 0;
            for (int from = 0; from < n; from += spec.batchSize()) {
                int to = Math.min(n, from + spec.batchSize());
                long[] idx = new long[to - from];
                for (int i = from; i < to; i++) {
                    idx[i - from] = order[i];
                }
                INDArray x = images.get(NDArrayIndex.indices(idx), NDArrayIndex.all(), NDArrayIndex.all(),
                        NDArrayIndex.all()).dup();
                INDArray y = masks.get(NDArrayIndex.indices(idx), NDArrayIndex.all(), NDArrayIndex.all(),
                        NDArrayIndex.all()).dup();
                net.fit(new DataSet(x, y));
                sum += net.score();
                batches++;
            }
            examples += n;
            return sum / batches;
        }

        @Override
        ComputationGraph current() {
            return net;
        }
    }

    private static final class Spark extends Loop {
        private final JavaSparkContext jsc;
        private final JavaRDD<DataSet> batches;
        private final long images;
        private final int workers;
        private ComputationGraph net;

        Spark(SparkSession spark, SegTrainingSpec spec, Dataset<Row> rows, int height, int width) {
            super(spec);
            jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
            workers = spec.workers() > 0 ? spec.workers() : jsc.defaultParallelism();
            // the master's own storage level (MEMORY_ONLY_SER): Spark refuses to change a persisted level
            batches = rows.orderBy(ImageRows.ID).javaRDD().repartition(workers)
                    .mapPartitions(new ImageBatches.ToMinibatches(spec.batchSize(), height, width))
                    .persist(StorageLevel.MEMORY_ONLY_SER());
            images = rows.count();
        }

        @Override
        void init(ComputationGraph start) {
            net = start;
        }

        private ParameterAveragingTrainingMaster master(int epoch) {
            return new ParameterAveragingTrainingMaster.Builder(workers, spec.batchSize())
                    .batchSizePerWorker(spec.batchSize())
                    .averagingFrequency(spec.averagingFrequency())
                    .workerPrefetchNumBatches(0)
                    .saveUpdater(true) // else Adam's moments reset every averaging round (DESIGN.md §3)
                    .rddTrainingApproach(RDDTrainingApproach.Direct)
                    .repartionData(Repartition.Never)
                    .rngSeed(spec.seed() * 1_000_003L + epoch)
                    .build();
        }

        @Override
        double epoch(int epoch) {
            jsc.setJobGroup("fulcrum-segtrain", "fulcrum: U-Net epoch " + epoch + "/" + spec.epochs() + " (spark)");
            // one master per epoch, so its split RNG is seeded per epoch (DL4J has no setter for it)
            SparkComputationGraph sparkNet = new SparkComputationGraph(jsc, net, master(epoch));
            sparkNet.fit(batches);
            net = sparkNet.getNetwork();
            examples += images;
            return sparkNet.getScore();
        }

        @Override
        ComputationGraph current() {
            return net;
        }

        @Override
        void cleanUp() {
            batches.unpersist(false);
        }
    }
}
