package dev.fulcrum.unet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.fulcrum.SparkTestSession;
import dev.fulcrum.images.ImageRows;
import dev.fulcrum.loss.LossDice;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class SegPredictorTest {

    private static float[] noise(Random r, int n) {
        float[] f = new float[n];
        for (int i = 0; i < n; i++) {
            f[i] = r.nextFloat();
        }
        return f;
    }

    /** Reference reflect padding written directly: row/column H-1+k mirrors H-1-k (valid for pads &lt; size). */
    private static INDArray paddedReference(float[] img, int h, int w, int ph, int pw) {
        float[] out = new float[ph * pw];
        for (int y = 0; y < ph; y++) {
            for (int x = 0; x < pw; x++) {
                int sy = y < h ? y : 2 * (h - 1) - y;
                int sx = x < w ? x : 2 * (w - 1) - x;
                out[y * pw + x] = img[sy * w + sx];
            }
        }
        return Nd4j.create(out, new long[] {1, 1, ph, pw});
    }

    @Test
    void executorPredictionsEqualTheDriversGraphOutputIncludingPaddedSizes() throws Exception {
        ComputationGraph net = UNetFactory.build(new UNetSpec(2, 4, true, true, 0.0, 0.01, 0, 9), new LossDice());
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ModelSerializer.writeModel(net, bytes, false);
        Random r = new Random(4);
        // sizes: 16x16 (a multiple of 4), 13 high x 10 wide -> padded to 16x12, 5 x 6 -> 8x8
        int[][] sizes = {{16, 16}, {16, 16}, {13, 10}, {16, 16}, {13, 10}, {5, 6}, {16, 16}};
        List<Row> rows = new ArrayList<>();
        Map<String, float[]> images = new HashMap<>();
        for (int i = 0; i < sizes.length; i++) {
            int h = sizes[i][0];
            int w = sizes[i][1];
            float[] img = noise(r, h * w);
            images.put("i" + i, img);
            rows.add(ImageRows.row("i" + i, w, h, img, new float[h * w]));
        }
        Dataset<Row> frame = SparkTestSession.get().createDataFrame(rows, ImageRows.SCHEMA).repartition(2);
        List<Row> out = SegPredictor.predict(frame, bytes.toByteArray(), 2).collectAsList();
        assertThat(out).hasSize(sizes.length);
        int padded = 0;
        for (Row row : out) {
            String id = row.getString(row.fieldIndex(ImageRows.ID));
            int h = row.getInt(row.fieldIndex(ImageRows.HEIGHT));
            int w = row.getInt(row.fieldIndex(ImageRows.WIDTH));
            float[] prob = ImageRows.floats(row, ImageRows.PROB);
            assertThat(prob).hasSize(h * w);
            int ph = (h + 3) / 4 * 4;
            int pw = (w + 3) / 4 * 4;
            padded += ph != h || pw != w ? 1 : 0;
            INDArray expected = net.outputSingle(paddedReference(images.get(id), h, w, ph, pw));
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    assertThat(prob[y * w + x]).as("%s (%d,%d)", id, x, y)
                            .isCloseTo(expected.getFloat(0, 0, y, x), within(1e-5f));
                }
            }
            assertThat(ImageRows.floats(row, ImageRows.IMAGE)).containsExactly(images.get(id));
        }
        assertThat(padded).isEqualTo(3);
    }

    @Test
    void reflectFoldsAnyIndexBackIntoTheAxis() {
        // n = 3: 0 1 2 1 0 1 2 ...
        int[] got = new int[7];
        for (int i = 0; i < 7; i++) {
            got[i] = SegPredictor.reflect(i, 3);
        }
        assertThat(got).containsExactly(0, 1, 2, 1, 0, 1, 2);
        assertThat(SegPredictor.reflect(5, 1)).isZero();
    }
}
