package dev.fulcrum.loss;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.ILossFunction;
import org.nd4j.linalg.lossfunctions.impl.LossBinaryXENT;

/** The loss × activation × width cases every test iterates over, and random-input helpers. */
final class LossCases {
    private LossCases() {
    }

    record Case(String name, ILossFunction loss, Activation activation, int nOut) {
        IActivation act() {
            return activation.getActivationFunction();
        }

        boolean softmax() {
            return activation == Activation.SOFTMAX;
        }

        @Override
        public String toString() {
            return name;
        }
    }

    static List<Case> all() {
        List<Case> c = new ArrayList<>();
        c.add(new Case("wbce(3)/sigmoid1", new LossWeightedBCE(3.0), Activation.SIGMOID, 1));
        c.add(new Case("wbce(2,0.5)/softmax2", new LossWeightedBCE(2.0, 0.5, 1e-5), Activation.SOFTMAX, 2));
        c.add(new Case("focal(0.25,2)/sigmoid1", new LossFocal(0.25, 2.0), Activation.SIGMOID, 1));
        c.add(new Case("focal(0.75,0)/sigmoid1", new LossFocal(0.75, 0.0), Activation.SIGMOID, 1));
        c.add(new Case("focal(none,0.5)/sigmoid3", new LossFocal(null, 0.5, null, 1e-5), Activation.SIGMOID, 3));
        c.add(new Case("focal(0.25,3,cw)/softmax2",
                new LossFocal(new double[] {0.25}, 3.0, new double[] {0.6, 1.4}, 1e-5), Activation.SOFTMAX, 2));
        c.add(new Case("focal([.2,.3,.5],1.5)/softmax3",
                new LossFocal(new double[] {0.2, 0.3, 0.5}, 1.5, null, 1e-5), Activation.SOFTMAX, 3));
        c.add(new Case("dice(1)/sigmoid1", new LossDice(1.0), Activation.SIGMOID, 1));
        c.add(new Case("dice(0)/sigmoid2", new LossDice(0.0), Activation.SIGMOID, 2));
        c.add(new Case("dice(1)/softmax2", new LossDice(1.0), Activation.SOFTMAX, 2));
        c.add(new Case("tversky(.7,.3,1)/sigmoid1", new LossTversky(0.7, 0.3, 1.0), Activation.SIGMOID, 1));
        c.add(new Case("tversky(1,1,.5)/softmax2", new LossTversky(1.0, 1.0, 0.5), Activation.SOFTMAX, 2));
        c.add(new Case("focalTversky(.7,.3,.75,1)/sigmoid1", new LossFocalTversky(0.7, 0.3, 0.75, 1.0),
                Activation.SIGMOID, 1));
        c.add(new Case("focalTversky(.5,.5,2,0)/sigmoid1", new LossFocalTversky(0.5, 0.5, 2.0, 0.0),
                Activation.SIGMOID, 1));
        c.add(new Case("combo(focal+0.5dice)/sigmoid1", new LossCombo(
                new ILossFunction[] {new LossFocal(0.25, 2.0), new LossDice(1.0)}, new double[] {1.0, 0.5}),
                Activation.SIGMOID, 1));
        c.add(new Case("combo(xent+2tversky)/sigmoid1", new LossCombo(
                new ILossFunction[] {new LossBinaryXENT(), new LossTversky()}, new double[] {1.0, 2.0}),
                Activation.SIGMOID, 1));
        return c;
    }

    /** Pixels per image of the {@link #perImage()} cases: rows come in groups of this many. */
    static final int PIXELS_PER_IMAGE = 4;

    /** The set losses (and a combo holding one) with reduce = image over {@link #PIXELS_PER_IMAGE} rows. */
    static List<Case> perImage() {
        int ppi = PIXELS_PER_IMAGE;
        List<Case> c = new ArrayList<>();
        c.add(new Case("dice(1,image)/sigmoid1", new LossDice(1.0, ppi), Activation.SIGMOID, 1));
        c.add(new Case("dice(0,image)/sigmoid2", new LossDice(0.0, ppi), Activation.SIGMOID, 2));
        c.add(new Case("dice(1,image)/softmax2", new LossDice(1.0, ppi), Activation.SOFTMAX, 2));
        c.add(new Case("tversky(.7,.3,1,image)/sigmoid1", new LossTversky(0.7, 0.3, 1.0, ppi), Activation.SIGMOID, 1));
        c.add(new Case("focalTversky(.7,.3,.75,1,image)/sigmoid1", new LossFocalTversky(0.7, 0.3, 0.75, 1.0, ppi),
                Activation.SIGMOID, 1));
        c.add(new Case("combo(focal+0.5dice,image)/sigmoid1", SetLossReduction.perImage(new LossCombo(
                new ILossFunction[] {new LossFocal(0.25, 2.0), new LossDice(1.0)}, new double[] {1.0, 0.5}), ppi),
                Activation.SIGMOID, 1));
        return c;
    }

    /** Random pre-activations in [-range, range]. */
    static INDArray logits(Random r, int rows, int cols, double range, DataType dt) {
        double[][] d = new double[rows][cols];
        for (double[] row : d) {
            for (int j = 0; j < cols; j++) {
                row[j] = (2 * r.nextDouble() - 1) * range;
            }
        }
        return Nd4j.createFromArray(d).castTo(dt);
    }

    /** 0/1 labels (independent per column) or one-hot rows for softmax. */
    static INDArray labels(Random r, int rows, int cols, boolean oneHot, double posRate, DataType dt) {
        double[][] d = new double[rows][cols];
        for (double[] row : d) {
            if (oneHot) {
                row[cols == 2 ? (r.nextDouble() < posRate ? 1 : 0) : r.nextInt(cols)] = 1;
            } else {
                for (int j = 0; j < cols; j++) {
                    row[j] = r.nextDouble() < posRate ? 1 : 0;
                }
            }
        }
        return Nd4j.createFromArray(d).castTo(dt);
    }

    /** A [rows, cols] mask with about a third zeros, at least one row kept. */
    static INDArray mask(Random r, int rows, int cols, DataType dt) {
        double[][] d = new double[rows][cols];
        for (double[] row : d) {
            for (int j = 0; j < cols; j++) {
                row[j] = r.nextDouble() < 0.33 ? 0 : 1;
            }
        }
        java.util.Arrays.fill(d[0], 1.0);
        return Nd4j.createFromArray(d).castTo(dt);
    }
}
