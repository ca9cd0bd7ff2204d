package dev.fulcrum.train;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.learning.config.IUpdater;

/** {@code model.schedule} reaches the updater and is applied per iteration while training. */
class LearningRateScheduleTest {
    private static List<DataSet> batches(int n) {
        Random r = new Random(3);
        List<DataSet> out = new ArrayList<>();
        for (int b = 0; b < n; b++) {
            List<double[]> xs = new ArrayList<>();
            List<Double> ys = new ArrayList<>();
            for (int i = 0; i < 32; i++) {
                double[] x = new double[TrainFixtures.FEATURES];
                for (int j = 0; j < x.length; j++) {
                    x[j] = r.nextGaussian();
                }
                xs.add(x);
                ys.add(x[0] - x[1] > 0.5 ? 1.0 : 0.0);
            }
            out.add(Minibatches.toDataSet(xs, ys, 1));
        }
        return out;
    }

    /** Largest parameter change over iterations [from, to). */
    private static double[] movement(ModelConfig.Schedule schedule, int from, int to) {
        MultiLayerNetwork net = new MultiLayerNetwork(TrainFixtures.net(
                TrainFixtures.model(ModelConfig.Updater.SGD, 0.5, schedule, 1e-6, 4)));
        net.init();
        List<DataSet> data = batches(to);
        double[] moved = new double[2];
        var before = net.params().dup();
        for (int i = 0; i < to; i++) {
            if (i == from) {
                moved[0] = net.params().sub(before).amaxNumber().doubleValue();
                before = net.params().dup();
            }
            net.fit(data.get(i));
        }
        moved[1] = net.params().sub(before).amaxNumber().doubleValue();
        return moved;
    }

    @Test
    void theScheduleIsWhatTheUpdaterUsesAtEachIteration() {
        IUpdater step = NetworkFactory.updater(TrainFixtures.model(ModelConfig.Updater.ADAM, 0.01, ModelConfig.Schedule.STEP, 0.5, 100));
        assertThat(step.getLearningRate(0, 0)).isEqualTo(0.01);
        assertThat(step.getLearningRate(99, 0)).isEqualTo(0.01);
        assertThat(step.getLearningRate(100, 0)).isEqualTo(0.005);
        assertThat(step.getLearningRate(250, 0)).isEqualTo(0.0025);
        IUpdater exp = NetworkFactory.updater(TrainFixtures.model(ModelConfig.Updater.NESTEROVS, 0.01, ModelConfig.Schedule.EXPONENTIAL, 0.5, 100));
        assertThat(exp.getLearningRate(100, 0)).isCloseTo(0.005, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(exp.getLearningRate(50, 0)).isCloseTo(0.01 / Math.sqrt(2), org.assertj.core.data.Offset.offset(1e-12));
        IUpdater constant = NetworkFactory.updater(TrainFixtures.model(ModelConfig.Updater.ADAM, 0.01, ModelConfig.Schedule.CONSTANT, 0.5, 100));
        assertThat(constant.getLearningRate(100_000, 3)).isEqualTo(0.01);
    }

    @Test
    void aStepScheduleDecayingToNothingFreezesTheNetworkAfterItsStep() {
        // SGD, lr 0.5, times 1e-6 from iteration 4 on: the network moves during iterations 0-3 only.
        double[] step = movement(ModelConfig.Schedule.STEP, 4, 12);
        double[] constant = movement(ModelConfig.Schedule.CONSTANT, 4, 12);
        assertThat(step[0]).isGreaterThan(1e-3);
        assertThat(constant[1]).isGreaterThan(1e-3);
        assertThat(step[1]).isLessThan(constant[1] * 1e-4);
    }
}
