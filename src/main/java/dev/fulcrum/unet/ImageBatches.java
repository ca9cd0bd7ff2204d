package dev.fulcrum.unet;

import dev.fulcrum.images.ImageRows;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.sql.Row;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/** ImageRows rows to ND4J arrays [n, 1, H, W] (NCHW; pixel (x, y) at [i, 0, y, x], as row-major y·W+x). */
final class ImageBatches {
    private ImageBatches() {
    }

    /** [n, 1, h, w] from n row-major images of h·w floats. */
    static INDArray stack(List<float[]> images, int height, int width) {
        float[] flat = new float[images.size() * height * width];
        for (int i = 0; i < images.size(); i++) {
            System.arraycopy(images.get(i), 0, flat, i * height * width, height * width);
        }
        return Nd4j.create(flat, new long[] {images.size(), 1, height, width}, 'c');
    }

    /**
     * Per partition: DataSets of exactly {@code batchSize} images (the last one of a partition may be
     * smaller), as DL4J's training master expects each RDD element to be one minibatch.
     */
    static final class ToMinibatches implements FlatMapFunction<Iterator<Row>, DataSet>, Serializable {
        private static final long serialVersionUID = 1L;
        private final int batchSize;
        private final int height;
        private final int width;

        ToMinibatches(int batchSize, int height, int width) {
            this.batchSize = batchSize;
            this.height = height;
            this.width = width;
        }

        @Override
        public Iterator<DataSet> call(Iterator<Row> rows) {
            List<DataSet> out = new ArrayList<>();
            List<float[]> images = new ArrayList<>();
            List<float[]> masks = new ArrayList<>();
            while (rows.hasNext()) {
                Row r = rows.next();
                images.add(ImageRows.floats(r, ImageRows.IMAGE));
                masks.add(ImageRows.floats(r, ImageRows.MASK));
                if (images.size() == batchSize) {
                    out.add(new DataSet(stack(images, height, width), stack(masks, height, width)));
                    images.clear();
                    masks.clear();
                }
            }
            if (!images.isEmpty()) {
                out.add(new DataSet(stack(images, height, width), stack(masks, height, width)));
            }
            return out.iterator();
        }
    }
}
