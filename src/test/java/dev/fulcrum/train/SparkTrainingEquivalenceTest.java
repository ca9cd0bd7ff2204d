package dev.fulcrum.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fulcrum.SparkTestSession;
import dev.fulcrum.train.TrainingConfig.EarlyStopping;
import dev.fulcrum.train.TrainingConfig.Mode;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.spark.impl.multilayer.SparkDl4jMultiLayer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;

/**
 * Parameter averaging against single-machine training, as DL4J's own
 * {@code TestCompareParameterAveragingSparkVsSingleMachine}: one worker, averaging frequency 1,
 * the same minibatches in the same order and the same seed give the parameters of
 * {@code MultiLayerNetwork.fit} — here with the training master the trainer builds from a job.
 */
class SparkTrainingEquivalenceTest {
    private static Dataset<Row> train;
    private static Dataset<Row> validation;

    @TempDir
    Path dir;

    @BeforeAll
    static void data() {
        train = TrainFixtures.frame(1600, 1);
        validation = TrainFixtures.frame(600, 2);
    }

    private static TrainingConfig oneWorker(TrainingConfig.Approach approach, int averagingFrequency) {
        return new TrainingConfig(Mode.SPARK, 4, 64, averagingFrequency, 1, 0, approach,
                TrainingConfig.Repartition.BALANCED, EarlyStopping.OFF, TrainingConfig.Engine.DL4J, 0,
                TrainingConfig.LearningRateScaling.NONE);
    }

    @Test
    void oneWorkerAveragingEveryMinibatchMatchesLocalFit() {
        List<DataSet> batches = Minibatches.of(Trainer.shuffle(train, 7, 2), 64, 1).collect().subList(0, 12);
        MultiLayerNetwork local = new MultiLayerNetwork(TrainFixtures.net());
        local.init();
        for (DataSet ds : batches) {
            local.fit(ds);
        }
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(SparkTestSession.get().sparkContext());
        for (TrainingConfig.Approach approach : List.of(TrainingConfig.Approach.DIRECT, TrainingConfig.Approach.EXPORT)) {
            SparkDl4jMultiLayer spark = new SparkDl4jMultiLayer(jsc, TrainFixtures.net(),
                    Trainer.trainingMaster(oneWorker(approach, 1), dir.resolve("export-" + approach).toString(), 7));
            assertThat(spark.getNetwork().params()).isEqualTo(new MultiLayerNetwork(TrainFixtures.net()) {
                {
                    init();
                }
            }.params());
            for (DataSet ds : batches) {
                spark.fit(jsc.parallelize(List.of(ds), 1));
            }
            INDArray diff = spark.getNetwork().params().sub(local.params());
            double maxDiff = diff.amaxNumber().doubleValue();
            System.out.println("spark(" + approach + ", 1 worker, averagingFrequency 1) vs local fit: max |param diff| = "
                    + maxDiff + " over " + local.numParams() + " params, " + batches.size() + " minibatches");
            assertThat(maxDiff).isLessThan(1e-5);
            // Adam's moments travel with the parameters (saveUpdater): else they would diverge.
            double updaterDiff = spark.getNetwork().getUpdater().getStateViewArray()
                    .sub(local.getUpdater().getStateViewArray()).amaxNumber().doubleValue();
            assertThat(updaterDiff).isLessThan(1e-5);
            assertThat(spark.getNetwork().getIterationCount()).isEqualTo(local.getIterationCount());
        }
    }

    @Test
    void sparkRunKilledAfterEpochTwoAndResumedEqualsTheUninterruptedRun() {
        TrainingConfig t = oneWorker(TrainingConfig.Approach.EXPORT, 1);
        TrainerResumeTest.Recorder full = new TrainerResumeTest.Recorder(-1);
        Trainer.Result a = Trainer.train(SparkTestSession.get(), new Trainer.Request(TrainFixtures.net(), 1, t, 5,
                dir.resolve("export").toString(), dir.resolve("ckpt-full").toString()), train, validation, full);
        TrainerResumeTest.Recorder killed = new TrainerResumeTest.Recorder(2);
        String ckpt = dir.resolve("ckpt-killed").toString();
        assertThatThrownBy(() -> Trainer.train(SparkTestSession.get(), new Trainer.Request(TrainFixtures.net(), 1, t, 5,
                dir.resolve("export").toString(), ckpt), train, validation, killed)).hasMessageContaining("simulated kill");
        TrainerResumeTest.Recorder rest = new TrainerResumeTest.Recorder(-1);
        Trainer.Result b = Trainer.train(SparkTestSession.get(), new Trainer.Request(TrainFixtures.net(), 1, t, 5,
                dir.resolve("export").toString(), ckpt), train, validation, rest);
        TrainerResumeTest.assertResumeEqualsUninterrupted(a, full, b, rest, 1e-6);
        // The driver's iteration count advances (learning-rate schedules are per iteration).
        assertThat(b.network().getIterationCount()).isGreaterThan(0);
        System.out.println("spark examples/s per epoch: " + a.epochs().stream()
                .map(e -> String.format("%.0f", e.examplesPerSecond())).toList()
                + "; iterations " + b.network().getIterationCount());
        assertThat(dir.resolve("export")).isEmptyDirectory(); // per-epoch exports are removed
    }
}
