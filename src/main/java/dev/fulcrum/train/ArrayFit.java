package dev.fulcrum.train;

import dev.fulcrum.eval.ScoreSummary;
import java.io.Serializable;
import java.util.Arrays;
import java.util.Random;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A single-JVM fit on rows held in memory, continued in segments: what one tuning trial does
 * inside one Spark task. No Spark here — the rows arrive as arrays (a broadcast), the network as
 * its JSON configuration or, for a trial that continues, as the bytes of where it stopped (DL4J's
 * zip with the updater state, so the optimiser continues exactly). Each epoch visits the rows in
 * a fresh order drawn from (seed, epoch); after each epoch the validation rows are scored and
 * their exact average precision decides the best epoch and early stopping.
 */
public final class ArrayFit {
    private ArrayFit() {
    }

    /** Rows as a row-major float matrix ({@code rows × width}) and their 0/1 labels. */
    public static final class Rows implements Serializable {
        private static final long serialVersionUID = 1L;
        final float[] x;
        final double[] y;
        final int width;

        public Rows(float[] x, double[] y, int width) {
            if (width <= 0 || x.length != (long) y.length * width) {
                throw new IllegalArgumentException("expected " + y.length + " x " + width + " features; got "
                        + x.length);
            }
            this.x = x;
            this.y = y;
            this.width = width;
        }

        public int size() {
            return y.length;
        }

        public int width() {
            return width;
        }

        public double label(int row) {
            return y[row];
        }

        public long bytes() {
            return bytesPerRow(width) * y.length;
        }

        /** What a row of {@code width} features takes here: float features, a double label. */
        public static long bytesPerRow(int width) {
            return 4L * width + 8L;
        }
    }

    /**
     * Where a trial stands: epochs trained, validation AP after each, the best epoch so far, and
     * the network (current parameters and updater state) to continue from.
     */
    public static final class State implements Serializable {
        private static final long serialVersionUID = 1L;
        final byte[] network;
        final double[] validationAp;
        final int bestEpoch;
        final int sinceImprovement;
        final boolean stopped;
        final double seconds;
        /** The network at its best epoch (no updater state); null unless the fit was asked to keep it. */
        final byte[] bestNetwork;

        State(byte[] network, double[] validationAp, int bestEpoch, int sinceImprovement, boolean stopped,
              double seconds, byte[] bestNetwork) {
            this.bestNetwork = bestNetwork;
            this.network = network;
            this.validationAp = validationAp;
            this.bestEpoch = bestEpoch;
            this.sinceImprovement = sinceImprovement;
            this.stopped = stopped;
            this.seconds = seconds;
        }

        public int epochs() {
            return validationAp.length;
        }

        /** 1-based; 0 before any epoch. */
        public int bestEpoch() {
            return bestEpoch;
        }

        /** Validation AP of the best epoch; NaN before any epoch. */
        public double best() {
            return bestEpoch == 0 ? Double.NaN : validationAp[bestEpoch - 1];
        }

        public double[] validationAp() {
            return validationAp.clone();
        }

        /** True once {@code patience} epochs in a row brought no improvement: continuing is pointless. */
        public boolean stopped() {
            return stopped;
        }

        /** Training + validation seconds over all segments. */
        public double seconds() {
            return seconds;
        }
    }

    /**
     * Trains from {@code from} (null: a new network of {@code conf}) until {@code untilEpoch} epochs
     * in all, or until {@code patience} epochs without a validation AP improvement.
     */
    public static State fit(String confJson, State from, Rows train, Rows validation, int outputColumns,
                            int batchSize, long seed, int untilEpoch, int patience) {
        return fit(confJson, from, train, validation, outputColumns, batchSize, seed, untilEpoch, patience, false);
    }

    /**
     * {@link #fit} that, with {@code keepBest}, also keeps the network of the best epoch (what a
     * model that is published, not continued, needs: {@link #bestNetwork}).
     */
    public static State fit(String confJson, State from, Rows train, Rows validation, int outputColumns,
                            int batchSize, long seed, int untilEpoch, int patience, boolean keepBest) {
        long t0 = System.nanoTime();
        MultiLayerNetwork net;
        if (from == null) {
            net = new MultiLayerNetwork(MultiLayerConfiguration.fromJson(confJson));
            net.init();
        } else {
            net = restore(from.network);
        }
        double[] ap = from == null ? new double[0] : from.validationAp;
        int best = from == null ? 0 : from.bestEpoch;
        int since = from == null ? 0 : from.sinceImprovement;
        boolean stopped = from != null && from.stopped;
        byte[] bestNet = from == null ? null : from.bestNetwork;
        int[] order = new int[train.size()];
        for (int epoch = ap.length + 1; epoch <= untilEpoch && !stopped; epoch++) {
            Nd4j.getRandom().setSeed(seed * 1_000_003L + epoch); // dropout masks, as the Spark trainer seeds them
            shuffle(order, new Random(seed * 31 + epoch));
            for (int start = 0; start < order.length; start += batchSize) {
                net.fit(batch(train, order, start, Math.min(order.length, start + batchSize), outputColumns));
            }
            double v = averagePrecision(net, validation, outputColumns);
            ap = Arrays.copyOf(ap, epoch);
            ap[epoch - 1] = v;
            if (best == 0 || v > ap[best - 1]) {
                best = epoch;
                since = 0;
                if (keepBest) {
                    bestNet = save(net, false);
                }
            } else {
                since++;
            }
            stopped = patience > 0 && since >= patience;
        }
        double seconds = (from == null ? 0 : from.seconds) + (System.nanoTime() - t0) / 1e9;
        return new State(save(net, true), ap, best, since, stopped, seconds, bestNet);
    }

    /** DL4J's zip with the updater state (Adam's moments), so a continued trial optimises on exactly. */
    private static byte[] save(MultiLayerNetwork net, boolean updater) {
        try (java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream()) {
            org.deeplearning4j.util.ModelSerializer.writeModel(net, out, updater);
            return out.toByteArray();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static MultiLayerNetwork restore(byte[] zip) {
        try {
            return org.deeplearning4j.util.ModelSerializer.restoreMultiLayerNetwork(
                    new java.io.ByteArrayInputStream(zip), true);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Exact average precision of the network's scores on {@code rows}. */
    static double averagePrecision(MultiLayerNetwork net, Rows rows, int outputColumns) {
        double[] scores = new double[rows.size()];
        int block = 4096;
        for (int start = 0; start < rows.size(); start += block) {
            int n = Math.min(block, rows.size() - start);
            INDArray in = Nd4j.create(Arrays.copyOfRange(rows.x, start * rows.width, (start + n) * rows.width),
                    new long[] {n, rows.width}, 'c');
            double[] col = net.output(in, false).getColumn(outputColumns == 1 ? 0 : 1).toDoubleVector();
            System.arraycopy(col, 0, scores, start, n);
        }
        return ScoreSummary.of(scores, rows.y).averagePrecision();
    }

    private static void shuffle(int[] order, Random rnd) {
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        for (int i = order.length - 1; i > 0; i--) {
            int j = rnd.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
    }

    private static DataSet batch(Rows rows, int[] order, int from, int to, int outputColumns) {
        int n = to - from;
        int d = rows.width;
        float[] x = new float[n * d];
        float[] y = new float[n * outputColumns];
        for (int i = 0; i < n; i++) {
            int r = order[from + i];
            System.arraycopy(rows.x, r * d, x, i * d, d);
            if (outputColumns == 1) {
                y[i] = (float) rows.y[r];
            } else {
                y[i * 2 + (rows.y[r] > 0.5 ? 1 : 0)] = 1f;
            }
        }
        return new DataSet(Nd4j.create(x, new long[] {n, d}, 'c'), Nd4j.create(y, new long[] {n, outputColumns}, 'c'));
    }

    /** The rows of a (features vector, label) frame collected to arrays, for a broadcast. */
    public static Rows collect(org.apache.spark.sql.Dataset<org.apache.spark.sql.Row> frame) {
        java.util.List<org.apache.spark.sql.Row> rows = frame.select(dev.fulcrum.data.Columns.FEATURES,
                dev.fulcrum.data.Columns.LABEL).collectAsList();
        if (rows.isEmpty()) {
            throw new IllegalArgumentException("no rows to collect");
        }
        int width = ((org.apache.spark.ml.linalg.Vector) rows.get(0).get(0)).size();
        float[] x = new float[rows.size() * width];
        double[] y = new double[rows.size()];
        for (int i = 0; i < rows.size(); i++) {
            double[] v = ((org.apache.spark.ml.linalg.Vector) rows.get(i).get(0)).toArray();
            for (int j = 0; j < width; j++) {
                x[i * width + j] = (float) v[j];
            }
            y[i] = rows.get(i).getDouble(1);
        }
        return new Rows(x, y, width);
    }

    /** The network a state holds (its current parameters). */
    public static MultiLayerNetwork network(State s) {
        return restore(s.network);
    }

    /** The network of the best epoch, from a fit with {@code keepBest}. */
    public static MultiLayerNetwork bestNetwork(State s) {
        if (s.bestNetwork == null) {
            throw new IllegalStateException("the fit did not keep its best epoch (keepBest = false) or ran no epoch");
        }
        return NetworkScorer.fromBytes(s.bestNetwork);
    }
}
