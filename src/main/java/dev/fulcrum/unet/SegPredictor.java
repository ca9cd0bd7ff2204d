package dev.fulcrum.unet;

import dev.fulcrum.error.BadInputException;
import dev.fulcrum.error.InternalException;
import dev.fulcrum.images.ImageRows;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.util.ModelSerializer;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Applies a trained U-Net on the executors: adds {@link ImageRows#PROB} (foreground probability per
 * pixel, row-major like the mask) to every row of {@code images} (which needs id, width, height and
 * image; other columns are kept). The network is deserialised once per partition; images are run in
 * minibatches of up to {@code batchSize} consecutive images of one size. An image whose height or width
 * is not a multiple of 2^depth (depth = the net's pooling count) is <b>reflect-padded</b> at the bottom
 * and right edge to the next multiple (pixel H−1+k mirrors H−1−k, so no artificial dark border enters
 * the convolutions) and the output cropped back to its own size.
 */
public final class SegPredictor {
    private SegPredictor() {
    }

    /** @param graphBytes a {@code ModelSerializer.writeModel} zip of the ComputationGraph */
    public static Dataset<Row> predict(Dataset<Row> images, byte[] graphBytes, int batchSize) {
        if (batchSize < 1) {
            throw new BadInputException("segmentation.predict.batchSize must be >= 1; got " + batchSize);
        }
        for (String c : new String[] {ImageRows.ID, ImageRows.WIDTH, ImageRows.HEIGHT, ImageRows.IMAGE}) {
            if (!java.util.Arrays.asList(images.columns()).contains(c)) {
                throw new BadInputException("images: expected column " + c + " (ImageRows layout), found "
                        + String.join(", ", images.columns()));
            }
        }
        int multiple = 1 << poolings(restore(graphBytes));
        StructType schema = images.schema().add(ImageRows.PROB, DataTypes.createArrayType(DataTypes.FloatType, false),
                false);
        JavaRDD<Row> out = images.javaRDD().mapPartitions(new PredictPartition(graphBytes, batchSize, multiple));
        return images.sparkSession().createDataFrame(out, schema);
    }

    static ComputationGraph restore(byte[] graphBytes) {
        try {
            return ModelSerializer.restoreComputationGraph(new ByteArrayInputStream(graphBytes), false);
        } catch (IOException e) {
            throw new InternalException("could not read the U-Net from its serialised bytes: " + e.getMessage(), e);
        }
    }

    /** Number of 2x2 poolings in the graph: inputs must be multiples of 2 to this power. */
    static int poolings(ComputationGraph net) {
        int n = 0;
        for (GraphVertex v : net.getConfiguration().getVertices().values()) {
            if (v instanceof LayerVertex lv && lv.getLayerConf().getLayer() instanceof SubsamplingLayer) {
                n++;
            }
        }
        return n;
    }

    /** Index into [0, n) of position i of the reflect-padded axis (period 2(n−1), edge not repeated). */
    static int reflect(int i, int n) {
        if (n == 1) {
            return 0;
        }
        int period = 2 * (n - 1);
        int m = i % period;
        return m < n ? m : period - m;
    }

    /** The image padded to ph x pw by reflection at the bottom and right. */
    static float[] pad(float[] img, int h, int w, int ph, int pw) {
        if (ph == h && pw == w) {
            return img;
        }
        float[] out = new float[ph * pw];
        for (int y = 0; y < ph; y++) {
            int sy = reflect(y, h);
            for (int x = 0; x < pw; x++) {
                out[y * pw + x] = img[sy * w + reflect(x, w)];
            }
        }
        return out;
    }

    static int roundUp(int v, int m) {
        return (v + m - 1) / m * m;
    }

    private static final class PredictPartition implements FlatMapFunction<Iterator<Row>, Row>, Serializable {
        private static final long serialVersionUID = 1L;
        private final byte[] graphBytes;
        private final int batchSize;
        private final int multiple;

        PredictPartition(byte[] graphBytes, int batchSize, int multiple) {
            this.graphBytes = graphBytes;
            this.batchSize = batchSize;
            this.multiple = multiple;
        }

        @Override
        public Iterator<Row> call(Iterator<Row> rows) {
            if (!rows.hasNext()) {
                return java.util.Collections.emptyIterator();
            }
            ComputationGraph net = restore(graphBytes);
            List<Row> out = new ArrayList<>();
            List<Row> pending = new ArrayList<>();
            int ph = -1;
            int pw = -1;
            while (rows.hasNext()) {
                Row r = rows.next();
                int h = r.getInt(r.fieldIndex(ImageRows.HEIGHT));
                int w = r.getInt(r.fieldIndex(ImageRows.WIDTH));
                int rh = roundUp(h, multiple);
                int rw = roundUp(w, multiple);
                if (!pending.isEmpty() && (rh != ph || rw != pw || pending.size() == batchSize)) {
                    run(net, pending, ph, pw, out);
                }
                ph = rh;
                pw = rw;
                pending.add(r);
            }
            run(net, pending, ph, pw, out);
            return out.iterator();
        }

        private static void run(ComputationGraph net, List<Row> batch, int ph, int pw, List<Row> out) {
            List<float[]> padded = new ArrayList<>();
            for (Row r : batch) {
                int h = r.getInt(r.fieldIndex(ImageRows.HEIGHT));
                int w = r.getInt(r.fieldIndex(ImageRows.WIDTH));
                float[] img = ImageRows.floats(r, ImageRows.IMAGE);
                if (img.length != h * w) {
                    throw new BadInputException("image " + r.getString(r.fieldIndex(ImageRows.ID)) + ": " + w + "x"
                            + h + " needs " + h * w + " pixels; got " + img.length);
                }
                padded.add(pad(img, h, w, ph, pw));
            }
            INDArray p = net.outputSingle(false, ImageBatches.stack(padded, ph, pw));
            float[] all = p.dup('c').reshape(p.length()).toFloatVector();
            for (int i = 0; i < batch.size(); i++) {
                Row r = batch.get(i);
                int h = r.getInt(r.fieldIndex(ImageRows.HEIGHT));
                int w = r.getInt(r.fieldIndex(ImageRows.WIDTH));
                Float[] prob = new Float[h * w];
                int base = i * ph * pw;
                for (int y = 0; y < h; y++) {
                    for (int x = 0; x < w; x++) {
                        prob[y * w + x] = all[base + y * pw + x];
                    }
                }
                Object[] values = new Object[r.size() + 1];
                for (int k = 0; k < r.size(); k++) {
                    values[k] = r.get(k);
                }
                values[r.size()] = prob;
                out.add(RowFactory.create(values));
            }
            batch.clear();
        }
    }
}
