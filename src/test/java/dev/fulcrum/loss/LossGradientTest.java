package dev.fulcrum.loss;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fulcrum.loss.LossCases.Case;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.deeplearning4j.gradientcheck.GradientCheckUtil;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.distribution.NormalDistribution;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.CnnLossLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.LSTM;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.RnnOutputLayer;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.NoOp;
import org.nd4j.linalg.lossfunctions.ILossFunction;

/**
 * Gradients in double precision: (1) central finite differences of computeScore(average=false)
 * w.r.t. every pre-activation, for every case × {no mask, per-example mask, per-output mask
 * (non-softmax)} × minibatch sizes; (2) DL4J's GradientCheckUtil through small networks
 * (OutputLayer for every case, CnnLossLayer and RnnOutputLayer with label masks for a few).
 */
class LossGradientTest {
    private static DataType savedType;

    @BeforeAll
    static void doublePrecision() {
        savedType = Nd4j.dataType();
        Nd4j.setDefaultDataTypes(DataType.DOUBLE, DataType.DOUBLE);
    }

    @AfterAll
    static void restore() {
        Nd4j.setDefaultDataTypes(savedType, savedType);
    }

    /** Max relative error between analytic and numeric gradient, with an absolute floor. */
    static double maxRelError(ILossFunction loss, INDArray labels, INDArray z, Case c, INDArray mask) {
        INDArray analytic = loss.computeGradient(labels, z.dup(), c.act(), mask);
        double h = 1e-6;
        double worst = 0;
        for (long i = 0; i < z.rows(); i++) {
            for (long j = 0; j < z.columns(); j++) {
                double orig = z.getDouble(i, j);
                z.putScalar(i, j, orig + h);
                double up = loss.computeScore(labels, z.dup(), c.act(), mask, false);
                z.putScalar(i, j, orig - h);
                double down = loss.computeScore(labels, z.dup(), c.act(), mask, false);
                z.putScalar(i, j, orig);
                double numeric = (up - down) / (2 * h);
                double a = analytic.getDouble(i, j);
                double diff = Math.abs(a - numeric);
                if (diff > 1e-8) {
                    worst = Math.max(worst, diff / Math.max(Math.abs(a), Math.abs(numeric)));
                }
            }
        }
        return worst;
    }

    @Test
    void finiteDifferencesMatchAnalyticGradientForEveryLossAndMask() {
        Random r = new Random(42);
        List<String> failures = new ArrayList<>();
        int checked = 0;
        for (Case c : LossCases.all()) {
            for (int rows : new int[] {1, 7}) {
                for (String maskKind : new String[] {"none", "example", "output"}) {
                    if (maskKind.equals("output") && (c.softmax() || c.nOut() == 1)) {
                        continue; // per-output masks on a softmax drop masked outputs' gradient, as DL4J does
                    }
                    INDArray z = LossCases.logits(r, rows, c.nOut(), 4.0, DataType.DOUBLE);
                    INDArray y = LossCases.labels(r, rows, c.nOut(), c.softmax(), 0.4, DataType.DOUBLE);
                    INDArray m = switch (maskKind) {
                        case "example" -> LossCases.mask(r, rows, 1, DataType.DOUBLE);
                        case "output" -> LossCases.mask(r, rows, c.nOut(), DataType.DOUBLE);
                        default -> null;
                    };
                    double err = maxRelError(c.loss(), y, z, c, m);
                    checked++;
                    if (!(err < 1e-5)) {
                        failures.add(c + " rows=" + rows + " mask=" + maskKind + " relErr=" + err);
                    }
                }
            }
        }
        assertThat(failures).isEmpty();
        assertThat(checked).isGreaterThan(60);
    }

    @Test
    void finiteDifferencesMatchAnalyticGradientForPerImageReduction() {
        Random r = new Random(43);
        List<String> failures = new ArrayList<>();
        int checked = 0;
        for (Case c : LossCases.perImage()) {
            for (int images : new int[] {1, 3}) {
                int rows = images * LossCases.PIXELS_PER_IMAGE;
                for (String maskKind : new String[] {"none", "example", "output"}) {
                    if (maskKind.equals("output") && (c.softmax() || c.nOut() == 1)) {
                        continue;
                    }
                    INDArray z = LossCases.logits(r, rows, c.nOut(), 4.0, DataType.DOUBLE);
                    INDArray y = LossCases.labels(r, rows, c.nOut(), c.softmax(), 0.4, DataType.DOUBLE);
                    INDArray m = switch (maskKind) {
                        case "example" -> LossCases.mask(r, rows, 1, DataType.DOUBLE);
                        case "output" -> LossCases.mask(r, rows, c.nOut(), DataType.DOUBLE);
                        default -> null;
                    };
                    double err = maxRelError(c.loss(), y, z, c, m);
                    checked++;
                    if (!(err < 1e-5)) {
                        failures.add(c + " images=" + images + " mask=" + maskKind + " relErr=" + err);
                    }
                }
            }
        }
        assertThat(failures).isEmpty();
        assertThat(checked).isGreaterThanOrEqualTo(14);
    }

    @Test
    void gradientCheckUtilPassesPerImageReductionThroughCnnLossLayer() {
        Random r = new Random(10);
        List<String> failures = new ArrayList<>();
        for (ILossFunction loss : new ILossFunction[] {new LossDice(1.0, 9), new LossFocalTversky(0.7, 0.3, 0.75, 1.0, 9),
                SetLossReduction.perImage(new LossCombo(new ILossFunction[] {new LossFocal(0.25, 2.0),
                        new LossTversky()}, new double[] {1.0, 0.5}), 9)}) {
            MultiLayerConfiguration conf = base()
                    .layer(new ConvolutionLayer.Builder(2, 2).nOut(1).convolutionMode(ConvolutionMode.Same)
                            .activation(Activation.IDENTITY).build())
                    .layer(new CnnLossLayer.Builder(loss).activation(Activation.SIGMOID).build())
                    .setInputType(InputType.convolutional(3, 3, 2)).build();
            INDArray x = Nd4j.rand(DataType.DOUBLE, 3, 2, 3, 3);
            INDArray y = Nd4j.createFromArray(LossCases.labels(r, 27, 1, false, 0.4, DataType.DOUBLE)
                    .data().asDouble()).reshape(3, 1, 3, 3);
            if (!check(conf, x, y, null)) {
                failures.add(loss.toString());
            }
        }
        assertThat(failures).isEmpty();
    }

    @Test
    void finiteDifferencesCatchAWrongGradient() {
        // The check itself must be able to fail: a loss whose gradient is off by 1% is caught.
        Case c = LossCases.all().get(2);
        ILossFunction good = c.loss();
        INDArray z = LossCases.logits(new Random(1), 5, 1, 3.0, DataType.DOUBLE);
        INDArray y = LossCases.labels(new Random(2), 5, 1, false, 0.5, DataType.DOUBLE);
        ILossFunction scaled = new ILossFunction() {
            @Override
            public double computeScore(INDArray l, INDArray p, org.nd4j.linalg.activations.IActivation a,
                    INDArray mk, boolean avg) {
                return good.computeScore(l, p, a, mk, avg);
            }

            @Override
            public INDArray computeScoreArray(INDArray l, INDArray p, org.nd4j.linalg.activations.IActivation a,
                    INDArray mk) {
                return good.computeScoreArray(l, p, a, mk);
            }

            @Override
            public INDArray computeGradient(INDArray l, INDArray p, org.nd4j.linalg.activations.IActivation a,
                    INDArray mk) {
                return good.computeGradient(l, p, a, mk).muli(1.01);
            }

            @Override
            public org.nd4j.common.primitives.Pair<Double, INDArray> computeGradientAndScore(INDArray l, INDArray p,
                    org.nd4j.linalg.activations.IActivation a, INDArray mk, boolean avg) {
                throw new UnsupportedOperationException();
            }

            @Override
            public String name() {
                return "scaled";
            }
        };
        assertThat(maxRelError(good, y, z, c, null)).isLessThan(1e-5);
        assertThat(maxRelError(scaled, y, z, c, null)).isGreaterThan(1e-3);
    }

    private static NeuralNetConfiguration.ListBuilder base() {
        return new NeuralNetConfiguration.Builder().dataType(DataType.DOUBLE).seed(12345).updater(new NoOp())
                .weightInit(new NormalDistribution(0, 1)).list();
    }

    private static boolean check(MultiLayerConfiguration conf, INDArray x, INDArray y, INDArray labelMask) {
        // JSON round trip first, as DL4J's LossFunctionGradientCheck does.
        MultiLayerConfiguration copy = MultiLayerConfiguration.fromJson(conf.toJson());
        assertThat(copy).isEqualTo(conf);
        MultiLayerNetwork net = new MultiLayerNetwork(copy);
        net.init();
        return GradientCheckUtil.checkGradients(new GradientCheckUtil.MLNConfig().net(net).input(x).labels(y)
                .labelMask(labelMask).epsilon(1e-6).maxRelError(1e-3).minAbsoluteError(1e-8)
                .print(GradientCheckUtil.PrintMode.FAILURES_ONLY));
    }

    @Test
    void gradientCheckUtilPassesThroughADenseNetForEveryLoss() {
        Random r = new Random(7);
        List<String> failures = new ArrayList<>();
        for (Case c : LossCases.all()) {
            int rows = 6;
            MultiLayerConfiguration conf = base()
                    .layer(new DenseLayer.Builder().nIn(4).nOut(5).activation(Activation.TANH).build())
                    .layer(new OutputLayer.Builder(c.loss()).nIn(5).nOut(c.nOut()).activation(c.activation()).build())
                    .build();
            INDArray x = LossCases.logits(r, rows, 4, 1.0, DataType.DOUBLE);
            INDArray y = LossCases.labels(r, rows, c.nOut(), c.softmax(), 0.4, DataType.DOUBLE);
            if (!check(conf, x, y, null)) {
                failures.add(c + " (no mask)");
            }
            if (!check(conf, x, y, LossCases.mask(r, rows, 1, DataType.DOUBLE))) {
                failures.add(c + " (label mask)");
            }
        }
        assertThat(failures).isEmpty();
    }

    @Test
    void gradientCheckUtilPassesPerPixelThroughCnnLossLayer() {
        Random r = new Random(8);
        List<String> failures = new ArrayList<>();
        for (ILossFunction loss : new ILossFunction[] {new LossDice(1.0), new LossFocalTversky(),
                new LossFocal(0.25, 2.0)}) {
            MultiLayerConfiguration conf = base()
                    .layer(new ConvolutionLayer.Builder(2, 2).nOut(1).convolutionMode(ConvolutionMode.Same)
                            .activation(Activation.IDENTITY).build())
                    .layer(new CnnLossLayer.Builder(loss).activation(Activation.SIGMOID).build())
                    .setInputType(InputType.convolutional(3, 3, 2)).build();
            INDArray x = Nd4j.rand(DataType.DOUBLE, 2, 2, 3, 3);
            INDArray y = Nd4j.createFromArray(LossCases.labels(r, 18, 1, false, 0.4, DataType.DOUBLE)
                    .data().asDouble()).reshape(2, 1, 3, 3);
            if (!check(conf, x, y, null)) {
                failures.add(loss.toString());
            }
        }
        assertThat(failures).isEmpty();
    }

    @Test
    void gradientCheckUtilPassesThroughRnnOutputLayerWithTimeStepMask() {
        Random r = new Random(9);
        List<String> failures = new ArrayList<>();
        for (ILossFunction loss : new ILossFunction[] {new LossTversky(), new LossFocal(0.25, 2.0),
                new LossWeightedBCE(4.0)}) {
            MultiLayerConfiguration conf = base()
                    .layer(new LSTM.Builder().nIn(3).nOut(4).activation(Activation.TANH).build())
                    .layer(new RnnOutputLayer.Builder(loss).nIn(4).nOut(1).activation(Activation.SIGMOID).build())
                    .build();
            INDArray x = Nd4j.rand(DataType.DOUBLE, 3, 3, 4);
            INDArray y = Nd4j.createFromArray(LossCases.labels(r, 12, 1, false, 0.4, DataType.DOUBLE)
                    .data().asDouble()).reshape(3, 1, 4);
            INDArray mask = Nd4j.createFromArray(new double[][] {{1, 1, 1, 1}, {1, 1, 0, 0}, {1, 0, 0, 0}});
            if (!check(conf, x, y, mask)) {
                failures.add(loss.toString());
            }
        }
        assertThat(failures).isEmpty();
    }
}
