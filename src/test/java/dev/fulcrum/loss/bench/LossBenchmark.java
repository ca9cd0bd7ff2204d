package dev.fulcrum.loss.bench;

import dev.fulcrum.loss.LossCombo;
import dev.fulcrum.loss.LossDice;
import dev.fulcrum.loss.LossFocal;
import dev.fulcrum.loss.LossFocalTversky;
import dev.fulcrum.loss.LossTversky;
import dev.fulcrum.loss.LossWeightedBCE;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.ILossFunction;
import org.nd4j.linalg.lossfunctions.impl.LossBinaryXENT;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Score + gradient ({@code computeGradientAndScore}, average = true, float) of each loss on a
 * 4096×1 (sigmoid) and a 4096×2 (softmax) minibatch, next to DL4J's own {@code LossBinaryXENT}
 * ("xent") in the same run. Every call gets a fresh copy of the pre-activations (DL4J's
 * activation backprop may work in place), the same for all losses. Run by scripts/bench.sh losses.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class LossBenchmark {
    @Param({"xent", "weighted-bce", "focal", "dice", "tversky", "focal-tversky", "combo"})
    public String loss;

    @Param({"1", "2"})
    public int columns;

    private ILossFunction fn;
    private IActivation activation;
    private INDArray labels;
    private INDArray preOutput;

    @Setup
    public void setUp() {
        Nd4j.setDefaultDataTypes(DataType.FLOAT, DataType.FLOAT);
        fn = switch (loss) {
            case "xent" -> new LossBinaryXENT();
            case "weighted-bce" -> new LossWeightedBCE(9.0);
            case "focal" -> new LossFocal(0.25, 2.0);
            case "dice" -> new LossDice(1.0);
            case "tversky" -> new LossTversky(0.7, 0.3, 1.0);
            case "focal-tversky" -> new LossFocalTversky(0.7, 0.3, 0.75, 1.0);
            case "combo" -> new LossCombo(new ILossFunction[] {new LossFocal(0.25, 2.0), new LossDice(1.0)},
                    new double[] {1.0, 0.5});
            default -> throw new IllegalArgumentException("unknown loss " + loss);
        };
        activation = (columns == 1 ? Activation.SIGMOID : Activation.SOFTMAX).getActivationFunction();
        Random r = new Random(1);
        float[][] z = new float[4096][columns];
        float[][] y = new float[4096][columns];
        for (int i = 0; i < 4096; i++) {
            boolean pos = r.nextDouble() < 0.1;
            for (int j = 0; j < columns; j++) {
                z[i][j] = (float) (r.nextGaussian() * 2);
            }
            if (columns == 1) {
                y[i][0] = pos ? 1 : 0;
            } else {
                y[i][pos ? 1 : 0] = 1;
            }
        }
        preOutput = Nd4j.createFromArray(z);
        labels = Nd4j.createFromArray(y);
    }

    /** Thread CPU time spent in the measured calls, and their number (summed per iteration). */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.EVENTS)
    public static class Cpu {
        private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
        public long cpuNanos;
        public long calls;

        @Setup(Level.Iteration)
        public void reset() {
            cpuNanos = 0;
            calls = 0;
        }
    }

    @Benchmark
    public Pair<Double, INDArray> scoreAndGradient(Cpu cpu) {
        long t0 = Cpu.THREADS.getCurrentThreadCpuTime();
        Pair<Double, INDArray> r = fn.computeGradientAndScore(labels, preOutput.dup(), activation, null, true);
        cpu.cpuNanos += Cpu.THREADS.getCurrentThreadCpuTime() - t0;
        cpu.calls++;
        return r;
    }
}
