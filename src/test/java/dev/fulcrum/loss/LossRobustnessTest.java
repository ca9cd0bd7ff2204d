package dev.fulcrum.loss;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.fulcrum.loss.LossCases.Case;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.junit.jupiter.api.Test;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.ILossFunction;

/** Extreme inputs, float vs double, average flag, score-array sums, and JSON round trips. */
class LossRobustnessTest {

    private static boolean finite(INDArray a) {
        return !a.isNaN().any() && !a.isInfinite().any();
    }

    @Test
    void extremeInputsGiveFiniteScoreAndGradient() {
        List<String> failures = new ArrayList<>();
        Random r = new Random(11);
        for (DataType dt : new DataType[] {DataType.FLOAT, DataType.DOUBLE}) {
            for (Case c : LossCases.all()) {
                int rows = 8;
                INDArray mixed = LossCases.labels(r, rows, c.nOut(), c.softmax(), 0.5, dt);
                INDArray allNeg = c.softmax() ? oneHot(rows, c.nOut(), 0, dt) : Nd4j.zeros(dt, rows, c.nOut());
                INDArray allPos = c.softmax() ? oneHot(rows, c.nOut(), 1, dt) : Nd4j.ones(dt, rows, c.nOut());
                INDArray saturated = LossCases.logits(r, rows, c.nOut(), 1.0, dt).muli(80); // p at 0 and 1
                INDArray perfectPos = Nd4j.ones(dt, rows, c.nOut()).muli(c.softmax() ? 0 : 60);
                if (c.softmax()) {
                    perfectPos.getColumn(1).assign(60);
                }
                INDArray moderate = LossCases.logits(r, rows, c.nOut(), 3.0, dt);
                Object[][] inputs = {
                    {"saturated/mixed", saturated, mixed, null},
                    {"saturated/allNeg", saturated, allNeg, null},
                    {"saturated/allPos", saturated, allPos, null},
                    {"perfect/allPos", perfectPos, allPos, null},
                    {"perfect/allNeg", perfectPos.neg(), allNeg, null},
                    {"moderate/allNeg", moderate, allNeg, null},
                    {"moderate/allPos", moderate, allPos, null},
                    {"fullyMasked", moderate, mixed, Nd4j.zeros(dt, rows, 1)},
                };
                for (Object[] in : inputs) {
                    INDArray z = (INDArray) in[1];
                    INDArray y = (INDArray) in[2];
                    INDArray m = (INDArray) in[3];
                    Pair<Double, INDArray> sg = c.loss().computeGradientAndScore(y, z.dup(), c.act(), m, true);
                    INDArray arr = c.loss().computeScoreArray(y, z.dup(), c.act(), m);
                    String where = dt + " " + c + " " + in[0];
                    if (!Double.isFinite(sg.getFirst()) || !finite(sg.getSecond()) || !finite(arr)) {
                        failures.add(where + " score=" + sg.getFirst());
                    }
                    if (m != null && (sg.getFirst() != 0.0 || sg.getSecond().amaxNumber().doubleValue() != 0.0)) {
                        failures.add(where + " fully masked batch must give zero score and gradient; got "
                                + sg.getFirst());
                    }
                }
            }
        }
        assertThat(failures).isEmpty();
    }

    private static INDArray oneHot(int rows, int cols, int hot, DataType dt) {
        INDArray a = Nd4j.zeros(dt, rows, cols);
        a.getColumn(hot).assign(1);
        return a;
    }

    @Test
    void floatAgreesWithDoubleAndScoreArraySumsToTheScore() {
        Random r = new Random(12);
        for (Case c : LossCases.all()) {
            INDArray z = LossCases.logits(r, 16, c.nOut(), 4.0, DataType.DOUBLE);
            INDArray y = LossCases.labels(r, 16, c.nOut(), c.softmax(), 0.3, DataType.DOUBLE);
            INDArray m = LossCases.mask(r, 16, 1, DataType.DOUBLE);
            ILossFunction l = c.loss();
            double sumD = l.computeScore(y, z.dup(), c.act(), m, false);
            double avgD = l.computeScore(y, z.dup(), c.act(), m, true);
            INDArray arr = l.computeScoreArray(y, z.dup(), c.act(), m);
            assertThat(arr.length()).as(c.name()).isEqualTo(16);
            assertThat(arr.sumNumber().doubleValue()).as(c.name()).isCloseTo(sumD, within(1e-9 * (1 + Math.abs(sumD))));
            assertThat(avgD).as(c.name()).isCloseTo(sumD / 16, within(1e-12 * (1 + Math.abs(sumD))));
            Pair<Double, INDArray> gs = l.computeGradientAndScore(y, z.dup(), c.act(), m, false);
            assertThat(gs.getFirst()).isCloseTo(sumD, within(1e-12 * (1 + Math.abs(sumD))));
            INDArray gD = l.computeGradient(y, z.dup(), c.act(), m);
            assertThat(gs.getSecond().sub(gD).amaxNumber().doubleValue()).isLessThan(1e-12);

            INDArray zf = z.castTo(DataType.FLOAT);
            double sumF = l.computeScore(y.castTo(DataType.FLOAT), zf, c.act(), m.castTo(DataType.FLOAT), false);
            INDArray gF = l.computeGradient(y.castTo(DataType.FLOAT), zf.dup(), c.act(), m.castTo(DataType.FLOAT));
            assertThat(gF.dataType()).isEqualTo(DataType.FLOAT);
            assertThat(sumF).as(c.name()).isCloseTo(sumD, within(1e-4 * (1 + Math.abs(sumD))));
            assertThat(gF.castTo(DataType.DOUBLE).sub(gD).amaxNumber().doubleValue()).as(c.name())
                    .isLessThan(1e-4 * (1 + gD.amaxNumber().doubleValue()));
        }
    }

    @Test
    void everyLossRoundTripsThroughMultiLayerConfigurationJson() {
        for (Case c : LossCases.all()) {
            MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder().seed(1).list()
                    .layer(new OutputLayer.Builder(c.loss()).nIn(3).nOut(c.nOut()).activation(c.activation()).build())
                    .build();
            String json = conf.toJson();
            assertThat(json).contains(c.loss().getClass().getName());
            MultiLayerConfiguration back = MultiLayerConfiguration.fromJson(json);
            ILossFunction lossBack = ((OutputLayer) back.getConf(0).getLayer()).getLossFn();
            assertThat(lossBack).as(c.name()).isEqualTo(c.loss()).isNotSameAs(c.loss());
            assertThat(lossBack.toString()).isEqualTo(c.loss().toString());
            assertThat(back).isEqualTo(conf);
            assertThat(back.toJson()).isEqualTo(json);
        }
    }

    @Test
    void constructorsRejectBadParameters() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new LossFocal(0.25, -1))
                .hasMessageContaining("gamma must be >= 0; got -1.0");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new LossFocal(1.5, 2))
                .hasMessageContaining("alpha must be in [0, 1]");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new LossTversky(0, 0, 1))
                .hasMessageContaining("alpha + beta must be > 0");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new LossCombo(new ILossFunction[0], new double[0]))
                .hasMessageContaining("at least one");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new LossDice().computeScore(Nd4j.ones(4, 1),
                Nd4j.ones(4, 1), org.nd4j.linalg.activations.Activation.SOFTMAX.getActivationFunction(), null, true))
                .hasMessageContaining("softmax output needs exactly 2 columns");
    }
}
