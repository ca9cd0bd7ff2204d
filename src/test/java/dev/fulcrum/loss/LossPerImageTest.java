package dev.fulcrum.loss;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.distribution.NormalDistribution;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.CnnLossLayer;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.NoOp;
import org.nd4j.linalg.lossfunctions.ILossFunction;

/**
 * reduce = image for the set losses: hand-derived values on 2 images × 4 pixels (identity
 * activation, so the pre-activations are the probabilities), the empty-image rule, the row-count
 * check, JSON, and that CnnLossLayer really hands the loss image-contiguous rows.
 */
class LossPerImageTest {
    private static DataType savedType;
    private static final IActivation IDENTITY = Activation.IDENTITY.getActivationFunction();

    // image A: p = .8 .6 .2 .1, y = 1 1 0 0 -> TP 1.4, P 1.7, Y 2
    // image B: p = .5 .25 .25 .5, y = 0 0 0 1 -> TP 0.5, P 1.5, Y 1
    private static final INDArray P = Nd4j.createFromArray(new double[][] {
        {0.8}, {0.6}, {0.2}, {0.1}, {0.5}, {0.25}, {0.25}, {0.5}});
    private static final INDArray Y = Nd4j.createFromArray(new double[][] {
        {1}, {1}, {0}, {0}, {0}, {0}, {0}, {1}});

    @BeforeAll
    static void doublePrecision() {
        savedType = Nd4j.dataType();
        Nd4j.setDefaultDataTypes(DataType.DOUBLE, DataType.DOUBLE);
    }

    @AfterAll
    static void restore() {
        Nd4j.setDefaultDataTypes(savedType, savedType);
    }

    @Test
    void diceByImageAndByBatchGiveTheHandDerivedValues() {
        // Dice s=1: A = 1 - 3.8/4.7 = 9/47, B = 1 - 2/3.5 = 3/7; per image (9/47 + 3/7)/2 = 102/329.
        // batch: TP 1.9, P 3.2, Y 3 -> 1 - 4.8/7.2 = 1/3.
        LossDice image = new LossDice(1.0, 4);
        LossDice batch = new LossDice(1.0);
        assertThat(image.computeScore(Y, P.dup(), IDENTITY, null, true)).isCloseTo(102.0 / 329, within(1e-12));
        assertThat(batch.computeScore(Y, P.dup(), IDENTITY, null, true)).isCloseTo(1.0 / 3, within(1e-12));
        assertThat(image.computeScoreArray(Y, P.dup(), IDENTITY, null).toDoubleVector()).containsExactly(
                new double[] {9.0 / 47, 9.0 / 47, 9.0 / 47, 9.0 / 47, 3.0 / 7, 3.0 / 7, 3.0 / 7, 3.0 / 7},
                within(1e-12));
        // d(8·L)/dp = 4·dL_i/dp = 4·(y·(-2/D) + (2TP+s)/D²): A D=4.7, B D=3.5; batch 8·(..) with D=7.2.
        double a1 = 4 * (-2 / 4.7 + 3.8 / (4.7 * 4.7));
        double a0 = 4 * (3.8 / (4.7 * 4.7));
        double b1 = 4 * (-2 / 3.5 + 2.0 / (3.5 * 3.5));
        double b0 = 4 * (2.0 / (3.5 * 3.5));
        assertThat(image.computeGradient(Y, P.dup(), IDENTITY, null).toDoubleVector())
                .containsExactly(new double[] {a1, a1, a0, a0, b0, b0, b0, b1}, within(1e-12));
        double c1 = 8 * (-2 / 7.2 + 4.8 / (7.2 * 7.2));
        double c0 = 8 * (4.8 / (7.2 * 7.2));
        assertThat(batch.computeGradient(Y, P.dup(), IDENTITY, null).toDoubleVector())
                .containsExactly(new double[] {c1, c1, c0, c0, c0, c0, c0, c1}, within(1e-12));
    }

    @Test
    void tverskyByImageAndByBatchGiveTheHandDerivedValues() {
        // α=.7 (FN), β=.3 (FP), s=1. A: FN .6, FP .3, den 1.4+.42+.09+1 = 2.91, L = 1 - 2.4/2.91 = .51/2.91
        // B: FN .5, FP 1.0, den .5+.35+.3+1 = 2.15, L = .65/2.15. batch: TP 1.9, FN 1.1, FP 1.3, den 4.06, L = 1.16/4.06
        double la = 0.51 / 2.91;
        double lb = 0.65 / 2.15;
        assertThat(new LossTversky(0.7, 0.3, 1.0, 4).computeScore(Y, P.dup(), IDENTITY, null, true))
                .isCloseTo((la + lb) / 2, within(1e-12));
        assertThat(new LossTversky(0.7, 0.3, 1.0).computeScore(Y, P.dup(), IDENTITY, null, true))
                .isCloseTo(1.16 / 4.06, within(1e-12));
        // focal Tversky γ=2 per image: mean of the squares
        assertThat(new LossFocalTversky(0.7, 0.3, 2.0, 1.0, 4).computeScore(Y, P.dup(), IDENTITY, null, true))
                .isCloseTo((la * la + lb * lb) / 2, within(1e-12));
    }

    @Test
    void emptyImagesScoreZeroWhenNothingIsPredictedAndArePenalisedOtherwise() {
        // image A: empty truth, nothing predicted; image B: empty truth, P = 1.
        INDArray p = Nd4j.createFromArray(new double[][] {{0}, {0}, {0}, {0}, {0.5}, {0.5}, {0}, {0}});
        INDArray y = Nd4j.zeros(DataType.DOUBLE, 8, 1);
        INDArray s = new LossDice(1.0, 4).computeScoreArray(y, p.dup(), IDENTITY, null);
        assertThat(s.toDoubleVector()).containsExactly(new double[] {0, 0, 0, 0, 0.5, 0.5, 0.5, 0.5}, within(1e-12));
        // s = 0: 0/0 for the empty image -> 0, the predicting one scores 1 - 0/1 = 1
        assertThat(new LossDice(0.0, 4).computeScoreArray(y, p.dup(), IDENTITY, null).toDoubleVector())
                .containsExactly(new double[] {0, 0, 0, 0, 1, 1, 1, 1}, within(1e-12));
        // Tversky: the FP term, 1 - 1/(0.3·1 + 1)
        assertThat(new LossTversky(0.7, 0.3, 1.0, 4).computeScoreArray(y, p.dup(), IDENTITY, null).getDouble(4))
                .isCloseTo(1 - 1 / 1.3, within(1e-12));
        // the perfect empty image pulls no gradient either way except through the smoothing denominator
        INDArray g = new LossDice(1.0, 4).computeGradient(y, p.dup(), IDENTITY, null);
        assertThat(g.getDouble(0)).isCloseTo(4 * (1.0 / 1.0), within(1e-12)); // (2TP+s)/D² with D = s = 1
    }

    @Test
    void aRowCountThatIsNotAMultipleOfTheImageSizeIsRefused() {
        INDArray p = Nd4j.rand(DataType.DOUBLE, 6, 1);
        assertThatThrownBy(() -> new LossDice(1.0, 4).computeScore(p, p.dup(), IDENTITY, null, true))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("got 6 rows (pixels) in a minibatch, not a multiple of 4 pixels per image")
                .hasMessageContaining("pixelsPerImage = height * width");
        assertThatThrownBy(() -> new LossDice(1.0, -1)).hasMessageContaining("pixelsPerImage must be >= 0");
    }

    @Test
    void reductionSwitchesEverySetTermOfACombo() {
        ILossFunction combo = new LossCombo(new ILossFunction[] {new LossFocal(0.25, 2.0), new LossDice(1.0)},
                new double[] {1, 0.5});
        ILossFunction perImage = SetLossReduction.perImage(combo, 16);
        assertThat(perImage).isEqualTo(new LossCombo(new ILossFunction[] {new LossFocal(0.25, 2.0),
                new LossDice(1.0, 16)}, new double[] {1, 0.5}));
        assertThat(SetLossReduction.pixelsPerImage(perImage)).isEqualTo(16);
        assertThat(SetLossReduction.pixelsPerImage(combo)).isZero();
        assertThat(SetLossReduction.perBatch(perImage)).isEqualTo(combo);
        assertThat(perImage.toString()).contains("LossDice(smooth=1.0, reduce=image(16 px))");
    }

    private static MultiLayerConfiguration cnn(ILossFunction loss, int h, int w) {
        return new NeuralNetConfiguration.Builder().dataType(DataType.DOUBLE).seed(3).updater(new NoOp())
                .weightInit(new NormalDistribution(0, 1)).list()
                .layer(new ConvolutionLayer.Builder(2, 2).nOut(1).convolutionMode(ConvolutionMode.Same)
                        .activation(Activation.IDENTITY).build())
                .layer(new CnnLossLayer.Builder(loss).activation(Activation.SIGMOID).build())
                .setInputType(InputType.convolutional(h, w, 2)).build();
    }

    @Test
    void cnnLossLayerFlattensImageByImageSoPerImageScoresMatchEachImagesOwnDice() {
        // 3 images of 3x4 with different foreground; scoreExamples sums the rows of each image, which is
        // H·W·L_i only if rows [i·12, (i+1)·12) are image i's pixels (an interleaved order mixes images).
        int h = 3;
        int w = 4;
        MultiLayerNetwork net = new MultiLayerNetwork(cnn(new LossDice(1.0, h * w), h, w));
        net.init();
        INDArray x = LossCases.logits(new java.util.Random(5), 3, 2 * h * w, 1.0, DataType.DOUBLE).reshape(3, 2, h, w);
        INDArray y = Nd4j.zeros(DataType.DOUBLE, 3, 1, h, w);
        y.putScalar(new long[] {0, 0, 0, 0}, 1);
        y.putScalar(new long[] {0, 0, 0, 1}, 1);
        for (int i = 0; i < w; i++) {
            y.putScalar(new long[] {1, 0, 2, i}, 1);
        }
        // image 2 empty
        INDArray out = net.output(x);
        double[] expected = new double[3];
        double[] interleaved = new double[3];
        for (int n = 0; n < 3; n++) {
            double tp = 0;
            double sp = 0;
            double sy = 0;
            for (int r = 0; r < h; r++) {
                for (int c = 0; c < w; c++) {
                    double p = out.getDouble(n, 0, r, c);
                    double t = y.getDouble(n, 0, r, c);
                    tp += p * t;
                    sp += p;
                    sy += t;
                }
            }
            expected[n] = h * w * (1 - (2 * tp + 1) / (sp + sy + 1));
        }
        // what a pixel-major flattening ([h,w,n] order) would group into "image" 0: 12 consecutive of those
        double[] pm = new double[3 * h * w];
        double[] ym = new double[3 * h * w];
        int k = 0;
        for (int r = 0; r < h; r++) {
            for (int c = 0; c < w; c++) {
                for (int n = 0; n < 3; n++) {
                    pm[k] = out.getDouble(n, 0, r, c);
                    ym[k++] = y.getDouble(n, 0, r, c);
                }
            }
        }
        for (int g = 0; g < 3; g++) {
            double tp = 0;
            double sp = 0;
            double sy = 0;
            for (int e = g * h * w; e < (g + 1) * h * w; e++) {
                tp += pm[e] * ym[e];
                sp += pm[e];
                sy += ym[e];
            }
            interleaved[g] = h * w * (1 - (2 * tp + 1) / (sp + sy + 1));
        }
        double[] actual = net.scoreExamples(new DataSet(x, y), false).toDoubleVector();
        assertThat(actual).containsExactly(expected, within(1e-9));
        assertThat(Math.abs(actual[0] - interleaved[0]) + Math.abs(actual[2] - interleaved[2])).isGreaterThan(0.1);
        // network score = sum / images = H·W·mean(L_i)
        assertThat(net.score(new DataSet(x, y))).isCloseTo((expected[0] + expected[1] + expected[2]) / 3,
                within(1e-9));
    }

    @Test
    void pixelsPerImageRoundTripsThroughJsonAndOldJsonReadsAsBatch() {
        for (ILossFunction loss : new ILossFunction[] {new LossDice(0.5, 1024), new LossTversky(0.6, 0.4, 1.0, 64),
                new LossFocalTversky(0.7, 0.3, 0.75, 1.0, 9),
                SetLossReduction.perImage(new LossCombo(new ILossFunction[] {new LossFocal(0.25, 2.0),
                        new LossDice(1.0)}, new double[] {1, 0.5}), 256)}) {
            MultiLayerConfiguration conf = cnn(loss, 4, 4);
            String json = conf.toJson();
            MultiLayerConfiguration back = MultiLayerConfiguration.fromJson(json);
            assertThat(((CnnLossLayer) back.getConf(1).getLayer()).getLossFn()).isEqualTo(loss);
            assertThat(json).contains("pixelsPerImage");
        }
        String old = cnn(new LossDice(0.5, 0), 4, 4).toJson().replaceAll(",?\\s*\"pixelsPerImage\"\\s*:\\s*0", "");
        assertThat(old).doesNotContain("pixelsPerImage");
        ILossFunction read = ((CnnLossLayer) MultiLayerConfiguration.fromJson(old).getConf(1).getLayer()).getLossFn();
        assertThat(read).isEqualTo(new LossDice(0.5));
    }
}
