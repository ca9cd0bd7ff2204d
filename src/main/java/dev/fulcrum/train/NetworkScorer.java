package dev.fulcrum.train;

import dev.fulcrum.data.Columns;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Scores a frame on the executors: the network travels once per executor as a broadcast of its
 * DL4J zip bytes (no Java serialisation of the network), is restored once per executor JVM and
 * applied to blocks of rows. Adds {@link Columns#SCORE} = P(positive).
 */
public final class NetworkScorer {
    private static final int BLOCK = 2048;
    /**
     * How many restored networks a task thread keeps. Networks are not thread-safe, so each executor
     * thread restores its own copy once per broadcast; a compare or retrain job broadcasts a new
     * network for every epoch and cell, so an unbounded cache would keep every one of them for the
     * executor's lifetime. A task only ever needs the network of the scoring it is running.
     */
    static final int KEEP_PER_THREAD = 2;
    private static final ThreadLocal<Map<Long, Object>> RESTORED = ThreadLocal.withInitial(
            () -> new LinkedHashMap<>(4, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<Long, Object> eldest) {
                    return size() > KEEP_PER_THREAD;
                }
            });

    private NetworkScorer() {
    }

    public static byte[] toBytes(MultiLayerNetwork net) {
        try (ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            ModelSerializer.writeModel(net, out, false);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static MultiLayerNetwork fromBytes(byte[] bytes) {
        try {
            return ModelSerializer.restoreMultiLayerNetwork(new ByteArrayInputStream(bytes), false);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Writes the {@code width} network inputs of one row into {@code into[offset ..]}; runs on the
     * executors.
     */
    @FunctionalInterface
    public interface RowFeatures extends Serializable {
        void fill(Row row, double[] into, int offset);
    }

    /** @param outputColumns 1 (sigmoid: the score is the output) or 2 (softmax: the score is column 1) */
    public static Dataset<Row> score(Dataset<Row> data, MultiLayerNetwork net, int outputColumns) {
        return score(data, List.of(net), outputColumns);
    }

    /**
     * {@link #score(Dataset, MultiLayerNetwork, int)} with the mean of several networks' scores (an
     * ensemble's members; one network: its score, unchanged).
     */
    public static Dataset<Row> score(Dataset<Row> data, List<MultiLayerNetwork> nets, int outputColumns) {
        MultiLayerNetwork net = nets.get(0);
        int featuresAt = data.schema().fieldIndex(Columns.FEATURES);
        int width = (int) net.layerInputSize(0);
        RowFeatures vector = (row, into, offset) -> {
            double[] v = ((Vector) row.get(featuresAt)).toArray();
            if (v.length != width) {
                throw new IllegalArgumentException("the network takes " + width + " inputs; got a "
                        + v.length + "-element " + Columns.FEATURES + " vector");
            }
            System.arraycopy(v, 0, into, offset, v.length);
        };
        return score(data, List.of(data.columns()), width, vector, nets, outputColumns);
    }

    /**
     * Scores rows whose network inputs {@code features} computes from their columns (the same
     * blocks, float32 input and output column as {@link #score(Dataset, MultiLayerNetwork, int)},
     * so the same scores): the result holds the {@code keep} columns of {@code data}, in that
     * order, and {@link Columns#SCORE}. Only the columns of {@code data} travel through the
     * function, so select what {@code features} and {@code keep} need first.
     */
    public static Dataset<Row> score(Dataset<Row> data, List<String> keep, int width, RowFeatures features,
                                     MultiLayerNetwork net, int outputColumns) {
        return score(data, keep, width, features, List.of(net), outputColumns);
    }

    /** The same with the mean of several networks' scores ({@link #score(Dataset, List, int)}). */
    public static Dataset<Row> score(Dataset<Row> data, List<String> keep, int width, RowFeatures features,
                                     List<MultiLayerNetwork> nets, int outputColumns) {
        if (nets.isEmpty()) {
            throw new IllegalArgumentException("no network to score with");
        }
        byte[][] zips = new byte[nets.size()][];
        for (int i = 0; i < zips.length; i++) {
            if (nets.get(i).layerInputSize(0) != width) {
                throw new IllegalArgumentException("the network takes " + nets.get(i).layerInputSize(0) + " inputs; got "
                        + width);
            }
            zips[i] = toBytes(nets.get(i));
        }
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(data.sparkSession().sparkContext());
        Broadcast<byte[][]> model = jsc.broadcast(zips);
        StructType schema = new StructType();
        int[] keepAt = new int[keep.size()];
        for (int i = 0; i < keepAt.length; i++) {
            keepAt[i] = data.schema().fieldIndex(keep.get(i));
            schema = schema.add(data.schema().apply(keepAt[i]));
        }
        schema = schema.add(Columns.SCORE, DataTypes.DoubleType, false);
        return data.mapPartitions((org.apache.spark.api.java.function.MapPartitionsFunction<Row, Row>) rows -> {
            MultiLayerNetwork[] local = restored(model.id(), () -> {
                byte[][] z = model.value();
                MultiLayerNetwork[] n = new MultiLayerNetwork[z.length];
                for (int i = 0; i < z.length; i++) {
                    n[i] = fromBytes(z[i]);
                }
                return n;
            });
            return scoredBlocks(rows, local, keepAt, width, features, outputColumns);
        }, Encoders.row(schema));
    }

    /**
     * The network's loss (the job's loss function plus its L2 term, as {@code MultiLayerNetwork.score})
     * averaged over every example of {@code batches}, computed on the executors.
     */
    public static double meanLoss(JavaRDD<DataSet> batches, MultiLayerNetwork net) {
        Broadcast<byte[]> model = JavaSparkContext.fromSparkContext(batches.context()).broadcast(toBytes(net));
        double[] sums = batches.mapPartitions((FlatMapFunction<Iterator<DataSet>, double[]>) it -> {
            MultiLayerNetwork local = restored(model.id(), () -> fromBytes(model.value()));
            double sum = 0;
            double n = 0;
            while (it.hasNext()) {
                DataSet ds = it.next();
                int rows = ds.numExamples();
                sum += local.score(ds, false) * rows;
                n += rows;
            }
            return List.of(new double[] {sum, n}).iterator();
        }).fold(new double[] {0, 0}, (a, b) -> new double[] {a[0] + b[0], a[1] + b[1]});
        model.unpersist(false);
        return sums[1] == 0 ? Double.NaN : sums[0] / sums[1];
    }

    private static double[] member(MultiLayerNetwork net, INDArray in, int outputColumns) {
        return net.output(in, false).getColumn(outputColumns == 1 ? 0 : 1).toDoubleVector();
    }

    /** This thread's copy of the value broadcast as {@code id}, restored on first use. */
    @SuppressWarnings("unchecked")
    static <T> T restored(long id, Supplier<T> restore) {
        return (T) RESTORED.get().computeIfAbsent(id, k -> restore.get());
    }

    /** How many restored networks this thread holds (for tests). */
    static int restoredOnThisThread() {
        return RESTORED.get().size();
    }

    private static Iterator<Row> scoredBlocks(Iterator<Row> rows, MultiLayerNetwork[] nets, int[] keepAt, int width,
                                              RowFeatures features, int outputColumns) {
        return new Iterator<>() {
            private final List<Row> block = new ArrayList<>(BLOCK);
            private double[] flat = new double[0];
            private double[] scores = new double[0];
            private int next;

            @Override
            public boolean hasNext() {
                if (next < block.size()) {
                    return true;
                }
                fill();
                return next < block.size();
            }

            @Override
            public Row next() {
                if (!hasNext()) {
                    throw new java.util.NoSuchElementException();
                }
                Row r = block.get(next);
                Object[] values = new Object[keepAt.length + 1];
                for (int i = 0; i < keepAt.length; i++) {
                    values[i] = r.get(keepAt[i]);
                }
                values[keepAt.length] = scores[next++];
                return RowFactory.create(values);
            }

            private void fill() {
                block.clear();
                next = 0;
                while (rows.hasNext() && block.size() < BLOCK) {
                    block.add(rows.next());
                }
                if (block.isEmpty()) {
                    return;
                }
                if (flat.length != block.size() * width) {
                    flat = new double[block.size() * width];
                }
                for (int i = 0; i < block.size(); i++) {
                    features.fill(block.get(i), flat, i * width);
                }
                INDArray in = Nd4j.create(flat, new long[] {block.size(), width}, DataType.FLOAT);
                scores = member(nets[0], in, outputColumns);
                if (nets.length > 1) {
                    // EasyEnsemble averages the members' probabilities (not their logits)
                    for (int m = 1; m < nets.length; m++) {
                        double[] s = member(nets[m], in, outputColumns);
                        for (int i = 0; i < s.length; i++) {
                            scores[i] += s[i];
                        }
                    }
                    for (int i = 0; i < scores.length; i++) {
                        scores[i] /= nets.length;
                    }
                }
            }
        };
    }
}
