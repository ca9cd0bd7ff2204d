package dev.fulcrum.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fulcrum.SparkTestSession;
import dev.fulcrum.data.Columns;
import dev.fulcrum.train.TrainingConfig.EarlyStopping;
import dev.fulcrum.train.TrainingConfig.Engine;
import dev.fulcrum.train.TrainingConfig.Mode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/** Fulcrum's parameter-averaging engine against plain fit, itself, and a kill + resume. */
class BarrierAveragingTest {
    private static final long SEED = 5;
    private static Dataset<Row> train;
    private static Dataset<Row> validation;

    @TempDir
    Path dir;

    @BeforeAll
    static void data() {
        train = TrainFixtures.frame(1600, 1);
        validation = TrainFixtures.frame(600, 2);
    }

    private Trainer.Result run(TrainingConfig t, String checkpoints, Trainer.EpochListener l) {
        return Trainer.train(SparkTestSession.get(), new Trainer.Request(TrainFixtures.net(), 1, t, SEED,
                dir.resolve("export").toString(), checkpoints), train, validation, l);
    }

    @Test
    void oneWorkerIsPlainFitOverItsSeededEpochOrder() {
        TrainingConfig t = TrainFixtures.training(Mode.SPARK, Engine.FULCRUM, 1, 3, 1, EarlyStopping.OFF);
        Trainer.Result r = run(t, null, Trainer.EpochListener.NONE);

        // The same epoch by hand: the worker's block is the one-partition placement, its order the seeded
        // permutation of (seed, epoch 1, partition 0), minibatches of 64 fitted one after another.
        List<float[]> x = new ArrayList<>();
        List<Float> y = new ArrayList<>();
        for (Row row : Trainer.shuffle(train.select(Columns.FEATURES, Columns.LABEL), SEED, 1).collectAsList()) {
            double[] v = ((Vector) row.get(0)).toArray();
            float[] f = new float[v.length];
            for (int j = 0; j < v.length; j++) {
                f[j] = (float) v[j];
            }
            x.add(f);
            y.add((float) row.getDouble(1));
        }
        int[] order = BarrierAveraging.permutation(x.size(), new SplittableRandom(SEED * 1_000_003L + 7919L));
        MultiLayerNetwork local = new MultiLayerNetwork(TrainFixtures.net());
        local.init();
        Nd4j.getRandom().setSeed(SEED * 1_000_003L + 7919L);
        for (int from = 0; from < order.length; from += 64) {
            int n = Math.min(64, order.length - from);
            float[][] fx = new float[n][];
            float[][] fy = new float[n][1];
            for (int i = 0; i < n; i++) {
                fx[i] = x.get(order[from + i]);
                fy[i][0] = y.get(order[from + i]);
            }
            local.fit(new DataSet(Nd4j.create(fx), Nd4j.create(fy)));
        }
        double maxDiff = r.network().params().sub(local.params()).amaxNumber().doubleValue();
        assertThat(maxDiff).as("max |param diff| vs plain fit").isLessThan(1e-5);
        assertThat(r.network().getIterationCount()).isEqualTo(local.getIterationCount());
    }

    @Test
    void twoWorkersLearnRepeatExactlyAndResumeAfterAKill() {
        TrainingConfig t = TrainFixtures.training(Mode.SPARK, Engine.FULCRUM, 4, 2, 2, EarlyStopping.OFF);
        TrainerResumeTest.Recorder full = new TrainerResumeTest.Recorder(-1);
        Trainer.Result a = run(t, dir.resolve("ckpt-full").toString(), full);
        Trainer.Result again = run(t, null, Trainer.EpochListener.NONE);
        assertThat(again.network().params()).as("a second run, same seed").isEqualTo(a.network().params());
        assertThat(a.epochs().get(a.epochs().size() - 1).validationRocAuc()).isGreaterThan(0.8);

        TrainerResumeTest.Recorder killed = new TrainerResumeTest.Recorder(2);
        String ckpt = dir.resolve("ckpt-killed").toString();
        assertThatThrownBy(() -> run(t, ckpt, killed)).hasMessageContaining("simulated kill");
        TrainerResumeTest.Recorder rest = new TrainerResumeTest.Recorder(-1);
        Trainer.Result b = run(t, ckpt, rest);
        TrainerResumeTest.assertResumeEqualsUninterrupted(a, full, b, rest, 1e-6);
    }

    @Test
    void thePlacementKnowsEachWorkersRowCountBeforeTheShuffle() {
        // the blocks are allocated at these sizes: they must be exactly the shuffle's partition sizes
        for (int workers : new int[] {1, 3, 4}) {
            long[] expected = Trainer.shuffledPartitionSizes(train, SEED, workers);
            List<Integer> actual = Trainer.shuffle(train, SEED, workers).javaRDD()
                    .mapPartitions(it -> {
                        int n = 0;
                        for (; it.hasNext(); it.next()) {
                            n++;
                        }
                        return List.of(n).iterator();
                    }).collect();
            assertThat(actual).hasSize(workers);
            for (int p = 0; p < workers; p++) {
                assertThat(expected[p]).as("partition %d of %d", p, workers).isEqualTo((long) actual.get(p));
            }
            assertThat(java.util.Arrays.stream(expected).sum()).isEqualTo(1600);
        }
    }

    @Test
    void aBlockHoldsItsRowsWhetherTheExpectedCountIsExactShortOrLong() {
        List<Row> rows = train.select(Columns.FEATURES, Columns.LABEL).limit(2500).collectAsList();
        BarrierAveraging.Block exact = BarrierAveraging.block(rows.iterator(), 1, rows.size());
        for (long expected : new long[] {0, 10, rows.size() + 5000}) {
            BarrierAveraging.Block b = BarrierAveraging.block(rows.iterator(), 1, expected);
            assertThat(b.n()).isEqualTo(rows.size());
            assertThat(b.x()).isEqualTo(exact.x());
            assertThat(b.y()).isEqualTo(exact.y());
        }
        double[] first = ((Vector) rows.get(7).get(0)).toArray();
        for (int j = 0; j < first.length; j++) {
            assertThat(exact.x()[7 * exact.nIn() + j]).isEqualTo((float) first[j]);
        }
    }
}
