package dev.fulcrum.train;

import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.Nesterovs;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.ILossFunction;
import org.nd4j.linalg.schedule.ExponentialSchedule;
import org.nd4j.linalg.schedule.ISchedule;
import org.nd4j.linalg.schedule.MapSchedule;
import org.nd4j.linalg.schedule.ScheduleType;
import org.nd4j.linalg.schedule.StepSchedule;

/** Builds the MLP of the {@code model} block with the job's loss on its output layer. */
public final class NetworkFactory {
    private NetworkFactory() {
    }

    /**
     * @param inputs        number of features
     * @param outputs       output columns (1 for sigmoid losses, 2 for softmax)
     * @param outActivation the activation the loss expects
     */
    public static MultiLayerConfiguration build(ModelConfig m, int inputs, int outputs, Activation outActivation,
                                               ILossFunction loss) {
        return build(m, m.seed(), inputs, outputs, outActivation, loss);
    }

    /** @param seed weight initialisation seed, in place of {@code model.seed} (see pipeline.Seeds) */
    public static MultiLayerConfiguration build(ModelConfig m, long seed, int inputs, int outputs,
                                               Activation outActivation, ILossFunction loss) {
        NeuralNetConfiguration.ListBuilder list = new NeuralNetConfiguration.Builder()
                .seed(seed)
                .weightInit(WeightInit.XAVIER)
                .updater(updater(m))
                .l2(m.l2())
                .list();
        int in = inputs;
        int i = 0;
        for (int width : m.hidden()) {
            DenseLayer.Builder b = new DenseLayer.Builder().nIn(in).nOut(width).activation(activation(m.activation()));
            if (m.dropout() > 0) {
                b.dropOut(1.0 - m.dropout()); // DL4J takes the probability of RETAINING a unit
            }
            list.layer(i++, b.build());
            in = width;
        }
        list.layer(i, new OutputLayer.Builder(loss).nIn(in).nOut(outputs).activation(outActivation).build());
        return list.build();
    }

    static IUpdater updater(ModelConfig m) {
        ISchedule lr = switch (m.schedule()) {
            case STEP -> new StepSchedule(ScheduleType.ITERATION, m.learningRate(), m.decay(), m.decaySteps());
            case EXPONENTIAL -> new ExponentialSchedule(ScheduleType.ITERATION, m.learningRate(),
                    Math.pow(m.decay(), 1.0 / m.decaySteps()));
            // A mutable map: Kryo (spark.serializer on a cluster) cannot rebuild an immutable Map.of.
            case CONSTANT -> new MapSchedule(ScheduleType.ITERATION, new java.util.HashMap<>(java.util.Map.of(0, m.learningRate())));
        };
        return switch (m.updater()) {
            case NESTEROVS -> new Nesterovs(lr, m.momentum());
            case SGD -> new Sgd(lr);
            case ADAM -> new Adam(lr);
        };
    }

    static Activation activation(ModelConfig.Activation a) {
        return switch (a) {
            case RELU -> Activation.RELU;
            case LEAKYRELU -> Activation.LEAKYRELU;
            case TANH -> Activation.TANH;
            case ELU -> Activation.ELU;
            case SELU -> Activation.SELU;
            case SIGMOID -> Activation.SIGMOID;
        };
    }
}
