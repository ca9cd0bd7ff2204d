package dev.fulcrum.unet;

import dev.fulcrum.images.ImageRows;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.spark.sql.Row;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Synthetic segmentation data for the unet tests: one bright disc on noise per image, and Dice. */
final class Discs {
    private Discs() {
    }

    static List<Row> rows(int n, int size, long seed) {
        Random r = new Random(seed);
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            float[] img = new float[size * size];
            float[] mask = new float[size * size];
            double cx = 6 + r.nextDouble() * (size - 12);
            double cy = 6 + r.nextDouble() * (size - 12);
            double rad = 3 + r.nextDouble() * 4;
            for (int y = 0; y < size; y++) {
                for (int x = 0; x < size; x++) {
                    boolean in = (x - cx) * (x - cx) + (y - cy) * (y - cy) <= rad * rad;
                    mask[y * size + x] = in ? 1 : 0;
                    double v = (in ? 0.65 : 0.25) + 0.3 * r.nextDouble();
                    img[y * size + x] = (float) Math.min(1, v);
                }
            }
            rows.add(ImageRows.row(String.format("img-%03d-%d", i, seed), size, size, img, mask));
        }
        return rows;
    }

    static float[] floats(Row row, int i) {
        Float[] v = (Float[]) row.get(i);
        float[] out = new float[v.length];
        for (int k = 0; k < out.length; k++) {
            out[k] = v[k];
        }
        return out;
    }

    /** Mean over images of the hard Dice of (p &gt; 0.5) against the mask (1 when both are empty). */
    static double meanDice(ComputationGraph net, List<Row> rows) {
        double sum = 0;
        for (Row row : rows) {
            // rows made by ImageRows.row carry no schema: positions of ImageRows.SCHEMA
            int w = row.getInt(1);
            int h = row.getInt(2);
            float[] mask = floats(row, 4);
            INDArray p = net.outputSingle(ImageBatches.stack(List.of(floats(row, 3)), h, w));
            float[] prob = p.reshape(h * w).toFloatVector();
            double tp = 0;
            double pred = 0;
            double truth = 0;
            for (int i = 0; i < prob.length; i++) {
                double b = prob[i] > 0.5 ? 1 : 0;
                tp += b * mask[i];
                pred += b;
                truth += mask[i];
            }
            sum += pred + truth == 0 ? 1 : 2 * tp / (pred + truth);
        }
        return sum / rows.size();
    }
}
