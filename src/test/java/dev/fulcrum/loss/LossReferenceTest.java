package dev.fulcrum.loss;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.fulcrum.data.ClassCounts;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.ILossFunction;
import org.nd4j.linalg.lossfunctions.impl.LossBinaryXENT;

/** DESIGN.md §4 reference values, identities between the losses on random inputs, and the numpy fixtures. */
class LossReferenceTest {
    private static final IActivation SIGMOID = Activation.SIGMOID.getActivationFunction();
    private static final IActivation SOFTMAX = Activation.SOFTMAX.getActivationFunction();
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

    private static INDArray logitOf(double p) {
        return Nd4j.createFromArray(new double[][] {{Math.log(p / (1 - p))}});
    }

    private static double score1(ILossFunction loss, double p, double y) {
        return loss.computeScore(Nd4j.createFromArray(new double[][] {{y}}), logitOf(p), SIGMOID, null, false);
    }

    @Test
    void focalMatchesTheDesignReferenceValues() {
        LossFocal focal = new LossFocal(1.0, 2.0);
        assertThat(score1(focal, 0.90, 1)).isCloseTo(0.0010536, within(1e-6));
        assertThat(score1(focal, 0.95, 1)).isCloseTo(0.00012823, within(1e-6));
        assertThat(score1(focal, 0.20, 1)).isCloseTo(1.0300399, within(1e-6));
        LossFocal ce = new LossFocal(1.0, 0.0);
        assertThat(score1(ce, 0.90, 1)).isCloseTo(0.1053604, within(1e-6));
        assertThat(score1(ce, 0.95, 1)).isCloseTo(0.0512932, within(1e-6));
        assertThat(score1(ce, 0.20, 1)).isCloseTo(1.6094379, within(1e-6));
        // α_t = 1 − α for negatives, p_t = 1 − p: y=0, p=0.1 with α=0 mirrors y=1, p=0.9 with α=1
        assertThat(score1(new LossFocal(0.0, 2.0), 0.10, 0)).isCloseTo(0.0010536, within(1e-6));
        assertThat(score1(new LossFocal(0.25, 2.0), 0.20, 1)).isCloseTo(0.25 * 1.0300399, within(1e-6));
    }

    private static void assertSame(ILossFunction a, ILossFunction b, double scaleOfB, INDArray y, INDArray z,
            IActivation act, INDArray mask) {
        assertThat(a.computeScore(y, z.dup(), act, mask, true))
                .isCloseTo(scaleOfB * b.computeScore(y, z.dup(), act, mask, true), within(1e-9));
        INDArray ga = a.computeGradient(y, z.dup(), act, mask);
        INDArray gb = b.computeGradient(y, z.dup(), act, mask).muli(scaleOfB);
        assertThat(ga.sub(gb).amaxNumber().doubleValue()).isLessThan(1e-9);
        INDArray sa = a.computeScoreArray(y, z.dup(), act, mask);
        INDArray sb = b.computeScoreArray(y, z.dup(), act, mask).reshape(sa.shape()).muli(scaleOfB);
        assertThat(sa.sub(sb).amaxNumber().doubleValue()).isLessThan(1e-9);
    }

    @Test
    void identitiesHoldOnRandomInputs() {
        Random r = new Random(3);
        for (int trial = 0; trial < 5; trial++) {
            int rows = 20 + trial * 10;
            INDArray z = LossCases.logits(r, rows, 1, 5.0, DataType.DOUBLE);
            INDArray y = LossCases.labels(r, rows, 1, false, 0.3, DataType.DOUBLE);
            INDArray m = trial % 2 == 0 ? null : LossCases.mask(r, rows, 1, DataType.DOUBLE);
            // Tversky α=β=0.5 is Dice (Dice's smoothing is twice Tversky's)
            assertSame(new LossTversky(0.5, 0.5, 0.0), new LossDice(0.0), 1, y, z, SIGMOID, m);
            assertSame(new LossTversky(0.5, 0.5, 0.5), new LossDice(1.0), 1, y, z, SIGMOID, m);
            // focal Tversky with γ=1 is Tversky
            assertSame(new LossFocalTversky(0.7, 0.3, 1.0, 1.0), new LossTversky(0.7, 0.3, 1.0), 1, y, z, SIGMOID, m);
            // focal without α and γ=0 is BCE; α=0.5 halves it
            assertSame(new LossFocal(null, 0.0, null, 1e-5), new LossBinaryXENT(), 1, y, z, SIGMOID, m);
            assertSame(new LossFocal(0.5, 0.0), new LossBinaryXENT(), 0.5, y, z, SIGMOID, m);
            assertSame(new LossWeightedBCE(1.0, 1.0, 1e-5), new LossBinaryXENT(), 1, y, z, SIGMOID, m);
            // focal α=1, γ=0 is BCE on positives
            INDArray ones = Nd4j.ones(DataType.DOUBLE, rows, 1);
            assertSame(new LossFocal(1.0, 0.0), new LossBinaryXENT(), 1, ones, z, SIGMOID, m);
            // 2-column softmax weighted BCE = LossBinaryXENT with column weights [w-, w+]
            INDArray z2 = LossCases.logits(r, rows, 2, 4.0, DataType.DOUBLE);
            INDArray y2 = LossCases.labels(r, rows, 2, true, 0.3, DataType.DOUBLE);
            // (scores only: LossBinaryXENT's softmax gradient is the per-column binary one, not the
            // derivative of its categorical score; ours passes finite differences in LossGradientTest)
            assertThat(new LossWeightedBCE(3.0, 0.5, 1e-5).computeScore(y2, z2.dup(), SOFTMAX, m, true))
                    .isCloseTo(new LossBinaryXENT(Nd4j.createFromArray(new double[][] {{0.5, 3.0}}))
                            .computeScore(y2, z2.dup(), SOFTMAX, m, true), within(1e-9));
            // Tversky α=β=1 is the soft Jaccard loss 1 − (TP+s)/(P+Y−TP+s), computed here by hand
            double s = 0.5;
            double tp = 0;
            double sp = 0;
            double sy = 0;
            INDArray p = z.dup();
            for (int i = 0; i < rows; i++) {
                double mi = m == null ? 1 : m.getDouble(i, 0);
                double pi = 1 / (1 + Math.exp(-z.getDouble(i, 0)));
                tp += mi * pi * y.getDouble(i, 0);
                sp += mi * pi;
                sy += mi * y.getDouble(i, 0);
                p.putScalar(i, 0, pi);
            }
            double jaccard = 1 - (tp + s) / (sp + sy - tp + s);
            assertThat(new LossTversky(1, 1, s).computeScore(y, z.dup(), SIGMOID, m, true))
                    .isCloseTo(jaccard, within(1e-12));
        }
    }

    @Test
    void scalarAlphaFocalOnTwoColumnSoftmaxEqualsSigmoidFocal() {
        Random r = new Random(5);
        INDArray z2 = LossCases.logits(r, 30, 2, 3.0, DataType.DOUBLE);
        INDArray y2 = LossCases.labels(r, 30, 2, true, 0.3, DataType.DOUBLE);
        INDArray z1 = z2.getColumn(1, true).sub(z2.getColumn(0, true));
        INDArray y1 = y2.getColumn(1, true).dup();
        for (double gamma : new double[] {0, 0.5, 2}) {
            LossFocal f = new LossFocal(0.25, gamma);
            assertThat(f.computeScore(y2, z2, SOFTMAX, null, false))
                    .isCloseTo(f.computeScore(y1, z1, SIGMOID, null, false), within(1e-9));
        }
    }

    @Test
    void classBalancedWeightsFollowTheEffectiveNumber() {
        double beta = 0.999;
        double[] w = ClassBalance.weights(beta, new ClassCounts(9900, 100));
        double eNeg = (1 - Math.pow(beta, 9900)) / (1 - beta);
        double ePos = (1 - Math.pow(beta, 100)) / (1 - beta);
        assertThat(w[0] + w[1]).isCloseTo(2.0, within(1e-12));
        assertThat(w[1] / w[0]).isCloseTo(eNeg / ePos, within(1e-9));
        assertThat(w[1]).isCloseTo(1.8261, within(1e-4));
        assertThat(ClassBalance.weights(0.0, new ClassCounts(5, 1))).containsExactly(1.0, 1.0);
    }

    @Test
    void matchesTheIndependentNumpyFixtures() throws IOException {
        List<double[]> rows = new ArrayList<>();
        String[] header;
        try (InputStream in = getClass().getResourceAsStream("/loss/fixtures.csv")) {
            String[] lines = new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n");
            header = lines[0].split(",");
            for (int i = 1; i < lines.length; i++) {
                String[] f = lines[i].split(",");
                double[] d = new double[f.length];
                for (int j = 0; j < f.length; j++) {
                    d[j] = Double.parseDouble(f[j]);
                }
                rows.add(d);
            }
        }
        Map<String, Double> batch = new HashMap<>();
        try (InputStream in = getClass().getResourceAsStream("/loss/fixtures_batch.csv")) {
            String[] lines = new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n");
            for (int i = 1; i < lines.length; i++) {
                String[] f = lines[i].split(",");
                batch.put(f[0], Double.parseDouble(f[1]));
            }
        }
        assertThat(rows).hasSize(300);
        Map<String, INDArray> col = new HashMap<>();
        for (int j = 0; j < header.length; j++) {
            double[] c = new double[rows.size()];
            for (int i = 0; i < c.length; i++) {
                c[i] = rows.get(i)[j];
            }
            col.put(header[j], Nd4j.createFromArray(c).reshape(c.length, 1));
        }
        INDArray z = col.get("logit");
        INDArray y = col.get("label");
        int n = rows.size();
        // per-example losses: score array and gradient w.r.t. the logit
        checkPerExample(new LossFocal(0.25, 2.0), y, z, col.get("focal_a025_g2"), col.get("focal_a025_g2_grad"));
        checkPerExample(new LossFocal(0.75, 0.5), y, z, col.get("focal_a075_g05"), col.get("focal_a075_g05_grad"));
        checkPerExample(new LossWeightedBCE(1.0, 1.0, 1e-5), y, z, col.get("bce"), col.get("bce_grad"));
        // set losses: average score is the batch loss; the gradient is that of n·L
        checkSet(new LossDice(1.0), y, z, batch.get("dice_s1"), col.get("dice_s1_grad"), n);
        checkSet(new LossTversky(0.7, 0.3, 1.0), y, z, batch.get("tversky_a07_b03_s1"),
                col.get("tversky_a07_b03_s1_grad"), n);
        checkSet(new LossFocalTversky(0.7, 0.3, 0.75, 1.0), y, z, batch.get("focal_tversky_a07_b03_g075_s1"),
                col.get("focal_tversky_a07_b03_g075_s1_grad"), n);
    }

    private static void checkPerExample(ILossFunction loss, INDArray y, INDArray z, INDArray expScore,
            INDArray expGrad) {
        INDArray s = loss.computeScoreArray(y, z.dup(), SIGMOID, null);
        INDArray g = loss.computeGradient(y, z.dup(), SIGMOID, null);
        assertThat(relErr(s, expScore)).as(loss + " score").isLessThan(1e-9);
        assertThat(relErr(g, expGrad)).as(loss + " gradient").isLessThan(1e-9);
    }

    private static void checkSet(ILossFunction loss, INDArray y, INDArray z, double expScore, INDArray expGrad,
            int n) {
        assertThat(loss.computeScore(y, z.dup(), SIGMOID, null, true)).as(loss + " score")
                .isCloseTo(expScore, within(1e-12));
        INDArray g = loss.computeGradient(y, z.dup(), SIGMOID, null).divi(n);
        assertThat(relErr(g, expGrad)).as(loss + " gradient").isLessThan(1e-9);
    }

    /** max |a−b| / max(|b|, 1e-12·...) over elements, with an absolute floor of 1e-15. */
    private static double relErr(INDArray a, INDArray b) {
        INDArray diff = a.sub(b.reshape(a.shape()));
        INDArray denom = org.nd4j.linalg.ops.transforms.Transforms.abs(b.reshape(a.shape()), true).addi(1e-15);
        return org.nd4j.linalg.ops.transforms.Transforms.abs(diff, false).divi(denom).maxNumber().doubleValue();
    }
}
