package dev.fulcrum.unet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fulcrum.error.BadInputException;
import dev.fulcrum.loss.LossCombo;
import dev.fulcrum.loss.LossDice;
import dev.fulcrum.loss.LossFocal;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.layers.CnnLossLayer;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.ILossFunction;

class UNetFactoryTest {

    static UNetSpec spec(int depth, boolean attention) {
        return new UNetSpec(depth, 4, attention, true, 0.0, 0.01, 0.0, 7);
    }

    @Test
    void outputIsOneProbabilityPerPixelForDepthsOneToThreeWithAndWithoutAttention() {
        INDArray x = Nd4j.rand(DataType.FLOAT, 2, 1, 16, 24);
        for (int depth = 1; depth <= 3; depth++) {
            for (boolean attention : new boolean[] {false, true}) {
                ComputationGraph net = UNetFactory.build(spec(depth, attention), new LossDice());
                INDArray out = net.outputSingle(x);
                assertThat(out.shape()).as("depth %d attention %s", depth, attention).containsExactly(2, 1, 16, 24);
                // sigmoid probabilities (float32 may round a large logit to exactly 0 or 1)
                assertThat(out.minNumber().doubleValue()).isGreaterThanOrEqualTo(0);
                assertThat(out.maxNumber().doubleValue()).isLessThanOrEqualTo(1);
                assertThat(out.isNaN().any()).isFalse();
                assertThat(net.getConfiguration().getVertices().keySet().stream()
                        .anyMatch(v -> v.startsWith("att"))).isEqualTo(attention);
            }
        }
        // the gate is in the data path: gated and ungated nets of the same seed differ in parameter count
        assertThat(UNetFactory.build(spec(2, true), new LossDice()).numParams())
                .isGreaterThan(UNetFactory.build(spec(2, false), new LossDice()).numParams());
    }

    @Test
    void sizesThatAreNotMultiplesOfTwoToTheDepthAreRefusedSayingWhatToDo() {
        assertThatThrownBy(() -> UNetFactory.build(spec(3, false), new LossDice(), 20, 32))
                .isInstanceOf(BadInputException.class)
                .hasMessage("unet input: a U-Net of depth 3 needs height and width that are multiples of 2^3 = 8; "
                        + "got 20x32; crop or pad to 24x32, or lower unet.depth");
        assertThatThrownBy(() -> new UNetSpec(6, 4, false, true, 0, 0.01, 0, 1))
                .hasMessage("unet.depth must be in 1..5; got 6");
        assertThatThrownBy(() -> new UNetSpec(2, 0, false, true, 0, 0.01, 0, 1))
                .hasMessage("unet.baseFilters must be in 1..256; got 0");
        assertThatThrownBy(() -> new UNetSpec(2, 4, false, true, 1.0, 0.01, 0, 1))
                .hasMessage("unet.dropout must be in [0, 1); got 1.0");
        assertThatThrownBy(() -> new UNetSpec(2, 4, false, true, 0, 0, 0, 1))
                .hasMessage("unet.learningRate must be > 0 and finite; got 0.0");
        assertThatThrownBy(() -> new UNetSpec(2, 4, false, true, 0, 0.1, -1, 1))
                .hasMessage("unet.l2 must be >= 0 and finite; got -1.0");
    }

    @Test
    void graphJsonRoundTripsWithAFulcrumPerImageLoss() {
        ILossFunction loss = new LossCombo(new ILossFunction[] {new LossFocal(0.25, 2.0), new LossDice(1.0, 256)},
                new double[] {1, 0.5});
        ComputationGraphConfiguration conf = UNetFactory.configuration(new UNetSpec(2, 4, true, true, 0.2, 0.01,
                1e-4, 3), loss, 16, 16);
        String json = conf.toJson();
        ComputationGraphConfiguration back = ComputationGraphConfiguration.fromJson(json);
        assertThat(back).isEqualTo(conf);
        assertThat(back.toJson()).isEqualTo(json);
        CnnLossLayer out = (CnnLossLayer) ((LayerVertex) back.getVertices().get(UNetFactory.OUTPUT)).getLayerConf()
                .getLayer();
        assertThat(out.getLossFn()).isEqualTo(loss);
    }

    @Test
    void aTinyUNetOverfitsOneImage() {
        int s = 16;
        float[] img = new float[s * s];
        float[] mask = new float[s * s];
        java.util.Random r = new java.util.Random(1);
        for (int y = 0; y < s; y++) {
            for (int x = 0; x < s; x++) {
                boolean in = (x - 6) * (x - 6) + (y - 9) * (y - 9) <= 16;
                mask[y * s + x] = in ? 1 : 0;
                img[y * s + x] = (float) ((in ? 0.7 : 0.2) + 0.2 * r.nextDouble());
            }
        }
        DataSet ds = new DataSet(Nd4j.create(img, new long[] {1, 1, s, s}), Nd4j.create(mask, new long[] {1, 1, s, s}));
        ComputationGraph net = UNetFactory.build(new UNetSpec(1, 4, true, false, 0, 0.01, 0, 5),
                new LossDice(1.0, s * s), s, s);
        double first = net.score(ds);
        for (int i = 0; i < 80; i++) {
            net.fit(ds);
        }
        double last = net.score(ds);
        assertThat(last).isLessThan(first / 10);
    }
}
