package dev.fulcrum.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fulcrum.SparkTestSession;
import dev.fulcrum.error.BadInputException;
import dev.fulcrum.train.TrainingConfig.EarlyStopping;
import dev.fulcrum.train.TrainingConfig.Metric;
import dev.fulcrum.train.TrainingConfig.Mode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Early stopping, checkpoints and resume-after-kill: a run killed after epoch 2 and resumed from
 * its checkpoint ends with the parameters of the uninterrupted run.
 */
class TrainerResumeTest {
    private static final long SEED = 99;
    private static Dataset<Row> train;
    private static Dataset<Row> validation;

    @TempDir
    Path dir;

    @BeforeAll
    static void data() {
        train = TrainFixtures.frame(1600, 1);
        validation = TrainFixtures.frame(600, 2);
    }

    /** Parameters seen at the end of each epoch (before the best epoch is restored). */
    static final class Recorder implements Trainer.EpochListener {
        final Map<Integer, INDArray> params = new HashMap<>();
        final int killAfter;

        Recorder(int killAfter) {
            this.killAfter = killAfter;
        }

        @Override
        public void epochEnded(Trainer.EpochStats s, org.deeplearning4j.nn.multilayer.MultiLayerNetwork net) {
            params.put(s.epoch(), net.params().dup());
            if (s.epoch() == killAfter) {
                throw new IllegalStateException("simulated kill after epoch " + s.epoch());
            }
        }
    }

    private Trainer.Result train(TrainingConfig t, String checkpoints, Trainer.EpochListener l) {
        return Trainer.train(SparkTestSession.get(), new Trainer.Request(TrainFixtures.net(), 1, t, SEED,
                dir.resolve("export").toString(), checkpoints), train, validation,
                l == null ? Trainer.EpochListener.NONE : l);
    }

    static void assertResumeEqualsUninterrupted(Trainer.Result full, Recorder fullEpochs, Trainer.Result resumed,
                                                Recorder resumedEpochs, double tolerance) {
        assertThat(resumed.resumedFrom()).isEqualTo(2);
        assertThat(resumedEpochs.params.keySet()).containsExactlyInAnyOrder(3, 4);
        double maxDiff = Math.max(
                fullEpochs.params.get(4).sub(resumedEpochs.params.get(4)).amaxNumber().doubleValue(),
                full.network().params().sub(resumed.network().params()).amaxNumber().doubleValue());
        System.out.println("resume vs uninterrupted: max |param difference| = " + maxDiff);
        assertThat(maxDiff).isLessThanOrEqualTo(tolerance);
        assertThat(resumed.bestEpoch()).isEqualTo(full.bestEpoch());
        assertThat(resumed.epochs()).hasSize(4);
        for (int i = 0; i < 4; i++) {
            assertThat(resumed.epochs().get(i).validationPrAuc())
                    .isCloseTo(full.epochs().get(i).validationPrAuc(), org.assertj.core.data.Offset.offset(1e-6));
        }
    }

    @Test
    void localRunKilledAfterEpochTwoAndResumedEqualsTheUninterruptedRun() throws Exception {
        TrainingConfig t = TrainFixtures.training(Mode.LOCAL, 4, 1, 1, EarlyStopping.OFF);
        Recorder full = new Recorder(-1);
        Trainer.Result a = train(t, dir.resolve("ckpt-full").toString(), full);

        String ckpt = dir.resolve("ckpt-killed").toString();
        Recorder killed = new Recorder(2);
        assertThatThrownBy(() -> train(t, ckpt, killed)).hasMessageContaining("simulated kill");
        try (var files = Files.list(Path.of(ckpt))) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("epoch-0002"); // older ones pruned
        }
        assertThat(killed.params.get(2).equalsWithEps(full.params.get(2), 1e-7)).isTrue();

        Recorder rest = new Recorder(-1);
        Trainer.Result b = train(t, ckpt, rest);
        assertResumeEqualsUninterrupted(a, full, b, rest, 1e-6);

        // The best epoch (patience 0: never stops) is the one with the highest validation PR-AUC.
        List<Trainer.EpochStats> h = a.epochs();
        assertThat(a.stoppedEarly()).isFalse();
        double max = h.stream().mapToDouble(Trainer.EpochStats::validationPrAuc).max().orElseThrow();
        assertThat(h.get(a.bestEpoch() - 1).validationPrAuc()).isEqualTo(max);
        assertThat(a.network().params().equalsWithEps(full.params.get(a.bestEpoch()), 1e-7)).isTrue();
        assertThat(h.get(0).validationPrAuc()).isGreaterThan(0.3); // it learns (base rate ~0.1)
        assertThat(h).allSatisfy(e -> {
            assertThat(e.validationLoss()).isPositive().isFinite();
            assertThat(e.validationRocAuc()).isBetween(0.5, 1.0);
            assertThat(e.examplesPerSecond()).isPositive();
        });

        // A checkpoint written for another network is refused, not silently mixed in.
        assertThatThrownBy(() -> Trainer.train(SparkTestSession.get(), new Trainer.Request(
                TrainFixtures.net(TrainFixtures.model(ModelConfig.Updater.SGD, 0.1, ModelConfig.Schedule.CONSTANT, 0.5,
                        10)), 1, t, SEED, dir.resolve("export").toString(), ckpt), train, validation,
                Trainer.EpochListener.NONE))
                .isInstanceOf(BadInputException.class).hasMessageContaining("--resume");
    }

    @Test
    void earlyStoppingStopsAfterPatienceAndKeepsTheBestEpochsParameters() {
        // minDelta so large that nothing after epoch 1 counts as an improvement: stop after 1 + patience.
        TrainingConfig t = TrainFixtures.training(Mode.LOCAL, 6, 1, 1, new EarlyStopping(Metric.LOSS, 2, 10.0));
        Recorder r = new Recorder(-1);
        Trainer.Result res = train(t, dir.resolve("ckpt").toString(), r);
        assertThat(res.stoppedEarly()).isTrue();
        assertThat(res.epochs()).hasSize(3);
        assertThat(res.bestEpoch()).isEqualTo(1);
        assertThat(res.metric()).isEqualTo("loss");
        assertThat(res.bestValue()).isEqualTo(res.epochs().get(0).validationLoss());
        assertThat(res.network().params().equalsWithEps(r.params.get(1), 1e-7)).isTrue();
        assertThat(res.network().params().equalsWithEps(r.params.get(3), 1e-7)).isFalse();

        // A run that stopped early and is "resumed" has nothing left to do.
        Recorder again = new Recorder(-1);
        Trainer.Result res2 = train(t, dir.resolve("ckpt").toString(), again);
        assertThat(again.params).isEmpty();
        assertThat(res2.stoppedEarly()).isTrue();
        assertThat(res2.network().params().equalsWithEps(r.params.get(1), 1e-7)).isTrue();
    }

    @Test
    void aRunContinuedToMoreEpochsEqualsTheLongerRunAndStopsWhereItWould() {
        // continuing: 2 epochs, then the same checkpoint dir with 4 = one uninterrupted 4-epoch run
        Recorder full = new Recorder(-1);
        Trainer.Result a = train(TrainFixtures.training(Mode.LOCAL, 4, 1, 1, EarlyStopping.OFF),
                dir.resolve("full").toString(), full);
        String ckpt = dir.resolve("rungs").toString();
        Trainer.Result first = train(TrainFixtures.training(Mode.LOCAL, 2, 1, 1, EarlyStopping.OFF), ckpt, null);
        assertThat(first.epochs()).hasSize(2);
        Recorder rest = new Recorder(-1);
        Trainer.Result b = train(TrainFixtures.training(Mode.LOCAL, 4, 1, 1, EarlyStopping.OFF), ckpt, rest);
        assertResumeEqualsUninterrupted(a, full, b, rest, 1e-6);
        assertThat(b.epochs().stream().map(Trainer.EpochStats::epoch)).containsExactly(1, 2, 3, 4);

        // patience 1 and no epoch after the first an improvement: a 4-epoch run stops after epoch 2.
        // The 2-epoch run ends there without stopping (epoch 2 is its last); continued to 4 it must
        // stop right away, not train epoch 3 first.
        EarlyStopping never = new EarlyStopping(Metric.LOSS, 1, 10.0);
        Trainer.Result longRun = train(TrainFixtures.training(Mode.LOCAL, 4, 1, 1, never),
                dir.resolve("long").toString(), null);
        assertThat(longRun.epochs()).hasSize(2);
        assertThat(longRun.stoppedEarly()).isTrue();
        String stops = dir.resolve("stops").toString();
        Trainer.Result rung = train(TrainFixtures.training(Mode.LOCAL, 2, 1, 1, never), stops, null);
        assertThat(rung.stoppedEarly()).isFalse();
        Recorder after = new Recorder(-1);
        Trainer.Result continued = train(TrainFixtures.training(Mode.LOCAL, 4, 1, 1, never), stops, after);
        assertThat(after.params).as("no epoch trained after patience ran out").isEmpty();
        assertThat(continued.epochs()).hasSize(2);
        assertThat(continued.stoppedEarly()).isTrue();
        assertThat(continued.bestEpoch()).isEqualTo(1);
    }
}
