package dev.fulcrum.unet;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.graph.ElementWiseVertex;
import org.deeplearning4j.nn.conf.graph.MergeVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.CnnLossLayer;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.conf.layers.Upsampling2D;
import org.deeplearning4j.nn.conf.layers.misc.FrozenLayerWithBackprop;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.ILossFunction;

/**
 * Builds the U-Net of a {@link UNetSpec} as a DL4J {@link ComputationGraph}: input {@code "image"}
 * [mb, 1, H, W] (NCHW); per level an encoder block (3x3 conv, [batch norm], ReLU, twice; "same"
 * padding) and a 2x2 max pool; the bottleneck block; per level upwards a 2x nearest-neighbour
 * upsampling, concatenation with the (optionally attention-gated) skip features and a block; a 1x1
 * conv to one channel and a {@link CnnLossLayer} {@code "out"} with a sigmoid and the given loss.
 *
 * <p>Attention gate on the skip x of level d (Oktay et al. 2018, additive): the gating signal g is the
 * upsampled coarser decoder features (upsampled before the gate rather than x strided down, so every
 * term is at x's resolution and no strided conv is needed); α = σ(ψ(ReLU(W_x·x + W_g·g))) with 1x1
 * convs W_x, W_g to F_int = max(1, F/2) channels and ψ to one channel; the gated skip is x·α, an
 * {@link ElementWiseVertex} product with α copied to each of x's F channels by a frozen 1x1 conv of
 * ones ({@link FrozenLayerWithBackprop}: no update, gradient passes), since the vertex does not broadcast.
 *
 * <p>No weight depends on H or W, so one graph takes any size that is a multiple of 2^depth.
 */
public final class UNetFactory {
    public static final String INPUT = "image";
    public static final String OUTPUT = "out";

    private UNetFactory() {
    }

    /** The initialised network; the configuration's nominal input size is 2^depth square. */
    public static ComputationGraph build(UNetSpec spec, ILossFunction loss) {
        ComputationGraph net = new ComputationGraph(configuration(spec, loss, spec.sizeMultiple(), spec.sizeMultiple()));
        net.init();
        return net;
    }

    /** As {@link #build(UNetSpec, ILossFunction)} for images of height x width, refused unless multiples of 2^depth. */
    public static ComputationGraph build(UNetSpec spec, ILossFunction loss, int height, int width) {
        spec.checkImageSize("unet input", height, width);
        ComputationGraph net = new ComputationGraph(configuration(spec, loss, height, width));
        net.init();
        return net;
    }

    public static ComputationGraphConfiguration configuration(UNetSpec spec, ILossFunction loss, int height,
            int width) {
        spec.checkImageSize("unet input", height, width);
        ComputationGraphConfiguration.GraphBuilder g = new NeuralNetConfiguration.Builder()
                .seed(spec.seed())
                .dataType(DataType.FLOAT)
                .weightInit(WeightInit.RELU)
                .updater(new Adam(spec.learningRate()))
                .l2(spec.l2())
                .convolutionMode(ConvolutionMode.Same)
                .graphBuilder()
                .addInputs(INPUT)
                .setInputTypes(InputType.convolutional(height, width, 1));
        String[] skips = new String[spec.depth()];
        String x = INPUT;
        for (int d = 0; d < spec.depth(); d++) {
            skips[d] = block(g, "enc" + d, x, filters(spec, d), spec, 0);
            x = "pool" + d;
            g.addLayer(x, new SubsamplingLayer.Builder(PoolingType.MAX).kernelSize(2, 2).stride(2, 2).build(), skips[d]);
        }
        x = block(g, "mid", x, filters(spec, spec.depth()), spec, spec.dropout());
        for (int d = spec.depth() - 1; d >= 0; d--) {
            String up = "up" + d;
            g.addLayer(up, new Upsampling2D.Builder(2).build(), x);
            String skip = spec.attentionGates() ? gate(g, "att" + d, skips[d], up, filters(spec, d)) : skips[d];
            g.addVertex("cat" + d, new MergeVertex(), up, skip);
            x = block(g, "dec" + d, "cat" + d, filters(spec, d), spec, 0);
        }
        g.addLayer("logit", new ConvolutionLayer.Builder(1, 1).nOut(1).activation(Activation.IDENTITY)
                .weightInit(WeightInit.XAVIER).build(), x);
        g.addLayer(OUTPUT, new CnnLossLayer.Builder(loss).activation(Activation.SIGMOID).build(), "logit");
        g.setOutputs(OUTPUT);
        return g.build();
    }

    static int filters(UNetSpec spec, int level) {
        return spec.baseFilters() << level;
    }

    /** Two 3x3 convs (+ batch norm) + ReLU; returns the block's last vertex name. */
    private static String block(ComputationGraphConfiguration.GraphBuilder g, String name, String in, int filters,
            UNetSpec spec, double dropout) {
        String x = in;
        for (int i = 0; i < 2; i++) {
            ConvolutionLayer.Builder conv = new ConvolutionLayer.Builder(3, 3).nOut(filters)
                    .activation(spec.batchNorm() ? Activation.IDENTITY : Activation.RELU);
            if (i == 0 && dropout > 0) {
                conv.dropOut(1.0 - dropout); // DL4J takes the probability of RETAINING a unit
            }
            String c = name + "_conv" + i;
            g.addLayer(c, conv.build(), x);
            x = c;
            if (spec.batchNorm()) {
                g.addLayer(name + "_bn" + i, new BatchNormalization.Builder().activation(Activation.RELU).build(), x);
                x = name + "_bn" + i;
            }
        }
        return x;
    }

    /** Additive attention gate on skip x with gating g (both at x's resolution); returns the gated skip. */
    private static String gate(ComputationGraphConfiguration.GraphBuilder g, String name, String x, String gating,
            int filters) {
        int inter = Math.max(1, filters / 2);
        g.addLayer(name + "_wx", new ConvolutionLayer.Builder(1, 1).nOut(inter).activation(Activation.IDENTITY)
                .hasBias(false).build(), x);
        g.addLayer(name + "_wg", new ConvolutionLayer.Builder(1, 1).nOut(inter).activation(Activation.IDENTITY).build(),
                gating);
        g.addVertex(name + "_sum", new ElementWiseVertex(ElementWiseVertex.Op.Add), name + "_wx", name + "_wg");
        g.addLayer(name + "_relu", new ActivationLayer.Builder().activation(Activation.RELU).build(), name + "_sum");
        g.addLayer(name + "_psi", new ConvolutionLayer.Builder(1, 1).nOut(1).activation(Activation.SIGMOID)
                .weightInit(WeightInit.XAVIER).build(), name + "_relu");
        // ElementWiseVertex does not broadcast in M2: a frozen 1x1 conv of ones (gradient still flows) copies α
        // to each of x's channels
        g.addLayer(name + "_rep", new FrozenLayerWithBackprop(new ConvolutionLayer.Builder(1, 1).nOut(filters)
                .activation(Activation.IDENTITY).hasBias(false).weightInit(WeightInit.ONES).build()), name + "_psi");
        g.addVertex(name, new ElementWiseVertex(ElementWiseVertex.Op.Product), x, name + "_rep");
        return name;
    }
}
