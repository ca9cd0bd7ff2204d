package dev.fulcrum.train;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fulcrum.data.ClassCounts;
import dev.fulcrum.loss.LossSpec;
import java.util.Random;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.junit.jupiter.api.Test;

class ArrayFitTest {
    /** 10% positives shifted by +2 in both coordinates. */
    private static ArrayFit.Rows rows(int n, long seed) {
        Random r = new Random(seed);
        float[] x = new float[n * 2];
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            y[i] = r.nextDouble() < 0.1 ? 1 : 0;
            x[2 * i] = (float) (r.nextGaussian() + 2 * y[i]);
            x[2 * i + 1] = (float) (r.nextGaussian() + 2 * y[i]);
        }
        return new ArrayFit.Rows(x, y, 2);
    }

    private static String network(LossSpec loss) {
        ModelConfig m = new ModelConfig(java.util.List.of(8), ModelConfig.Activation.RELU, 0.1, 0.0,
                ModelConfig.Updater.ADAM, 0.01, 0.9, ModelConfig.Schedule.CONSTANT, 0.5, 1000, 5);
        MultiLayerConfiguration c = NetworkFactory.build(m, 5, 2, loss.outputColumns(), loss.outputActivation(),
                loss.build(new ClassCounts(900, 100)));
        return c.toJson();
    }

    @Test
    void aFitContinuedInSegmentsIsTheFitInOneGo() {
        ArrayFit.Rows train = rows(1000, 1);
        ArrayFit.Rows val = rows(500, 2);
        String net = network(new LossSpec.Bce(null));
        ArrayFit.State whole = ArrayFit.fit(net, null, train, val, 1, 64, 9, 4, 0);
        ArrayFit.State half = ArrayFit.fit(net, null, train, val, 1, 64, 9, 2, 0);
        ArrayFit.State continued = ArrayFit.fit(net, half, train, val, 1, 64, 9, 4, 0);
        // same minibatch order, dropout masks and updater state per epoch: the same numbers exactly
        assertThat(continued.validationAp()).containsExactly(whole.validationAp());
        assertThat(ArrayFit.network(continued).params().toDoubleVector())
                .containsExactly(ArrayFit.network(whole).params().toDoubleVector());
        assertThat(whole.epochs()).isEqualTo(4);
        // the classes are 2 * sqrt 2 = 2.8 sd apart: a trained network ranks them far above the 10% line
        assertThat(whole.best()).isGreaterThan(0.6);
        assertThat(whole.bestEpoch()).isBetween(1, 4);
        assertThat(whole.best()).isEqualTo(whole.validationAp()[whole.bestEpoch() - 1]);
    }

    @Test
    void patienceStopsATrialAndAStoppedTrialDoesNotTrainOn() {
        ArrayFit.Rows train = rows(600, 3);
        ArrayFit.Rows val = rows(300, 4);
        ArrayFit.State s = ArrayFit.fit(network(new LossSpec.Bce(null)), null, train, val, 1, 32, 1, 40, 1);
        // with patience 1 the first epoch without a new best ends the trial, long before 40
        assertThat(s.stopped()).isTrue();
        assertThat(s.epochs()).isLessThan(40).isEqualTo(s.bestEpoch() + 1);
        ArrayFit.State again = ArrayFit.fit(null, s, train, val, 1, 32, 1, 80, 1);
        assertThat(again.epochs()).isEqualTo(s.epochs());
    }
}
