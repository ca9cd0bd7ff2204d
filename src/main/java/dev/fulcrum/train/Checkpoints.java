package dev.fulcrum.train;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import dev.fulcrum.error.IoFailureException;
import dev.fulcrum.io.AtomicDirectory;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * One checkpoint per finished epoch under the directory the trainer is given, on any Hadoop
 * FileSystem: {@code epoch-NNNN/} holding {@code network.zip} (DL4J zip <em>with</em> updater
 * state, so Adam's moments and the iteration count behind the learning-rate schedule survive),
 * {@code best-params.bin} (the best epoch's flat parameters) and {@code state.json} (epoch,
 * history, early-stopping counters, seed and a fingerprint of network + training settings).
 * <p>
 * Written atomically: everything goes to {@code .tmp-epoch-NNNN/} first and the directory is
 * renamed into place, so a kill at any moment leaves either the previous or the new checkpoint,
 * never a torn one. Older checkpoints are deleted after the rename. No RNG state is stored: the
 * trainer derives every random stream of an epoch from (seed, epoch).
 */
public final class Checkpoints {
    static final String NETWORK = "network.zip";
    static final String BEST = "best-params.bin";
    static final String STATE = "state.json";
    private static final String PREFIX = "epoch-";
    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** What a checkpoint restores besides the network. */
    record State(int epoch, String fingerprint, long seed, List<Trainer.EpochStats> history, int bestEpoch,
                 double bestValue, int sinceImprovement, boolean stoppedEarly) {
    }

    record Loaded(State state, MultiLayerNetwork network, INDArray bestParams, String where) {
    }

    private Checkpoints() {
    }

    /** True when {@code dir} holds at least one complete checkpoint. */
    public static boolean exists(FileSystem fs, String dir) {
        return latestDir(fs, new Path(dir)) != null;
    }

    static void write(FileSystem fs, String dir, State s, MultiLayerNetwork net, INDArray bestParams) {
        Path root = new Path(dir);
        String name = String.format("%s%04d", PREFIX, s.epoch());
        AtomicDirectory cp = AtomicDirectory.start(new Path(root, name).toString(), fs.getConf(),
                AtomicDirectory.Temp.FIXED, true, "checkpoint after epoch " + s.epoch());
        try {
            try (OutputStream out = cp.create(NETWORK)) {
                ModelSerializer.writeModel(net, out, true);
            }
            try (DataOutputStream out = new DataOutputStream(cp.create(BEST))) {
                Nd4j.write(bestParams, out);
            }
            try (OutputStream out = cp.create(STATE)) {
                out.write(MAPPER.writeValueAsBytes(toMap(s)));
            }
            cp.publishReplacing();
            for (FileStatus f : list(fs, root)) {
                String n = f.getPath().getName();
                if (!n.equals(name) && (n.startsWith(PREFIX) || n.startsWith(".tmp-" + PREFIX))) {
                    fs.delete(f.getPath(), true);
                }
            }
        } catch (IOException e) {
            throw new IoFailureException("checkpoint after epoch " + s.epoch() + " in " + dir + ": " + e.getMessage(), e);
        } finally {
            cp.abandon();
        }
    }

    /** The newest complete checkpoint under {@code dir}, or null. */
    static Loaded latest(FileSystem fs, String dir) {
        Path d = latestDir(fs, new Path(dir));
        if (d == null) {
            return null;
        }
        try {
            State s;
            try (InputStream in = fs.open(new Path(d, STATE))) {
                s = fromMap(MAPPER.readValue(in.readAllBytes(), Map.class));
            }
            MultiLayerNetwork net;
            try (InputStream in = fs.open(new Path(d, NETWORK))) {
                net = ModelSerializer.restoreMultiLayerNetwork(in, true);
            }
            INDArray best;
            try (DataInputStream in = new DataInputStream(fs.open(new Path(d, BEST)))) {
                best = Nd4j.read(in);
            }
            return new Loaded(s, net, best, d.toString());
        } catch (IOException e) {
            throw new IoFailureException("cannot read checkpoint " + d + ": " + e.getMessage(), e);
        }
    }

    private static Path latestDir(FileSystem fs, Path root) {
        Path best = null;
        int bestEpoch = -1;
        for (FileStatus f : list(fs, root)) {
            String n = f.getPath().getName();
            if (f.isDirectory() && n.matches(PREFIX + "\\d+")) {
                int e = Integer.parseInt(n.substring(PREFIX.length()));
                if (e > bestEpoch) {
                    bestEpoch = e;
                    best = f.getPath();
                }
            }
        }
        return best;
    }

    private static FileStatus[] list(FileSystem fs, Path root) {
        try {
            return fs.exists(root) ? fs.listStatus(root) : new FileStatus[0];
        } catch (IOException e) {
            throw new IoFailureException("cannot list checkpoints in " + root + ": " + e.getMessage(), e);
        }
    }

    private static Map<String, Object> toMap(State s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("epoch", s.epoch());
        m.put("fingerprint", s.fingerprint());
        m.put("seed", s.seed());
        m.put("bestEpoch", s.bestEpoch());
        m.put("bestValue", Double.toString(s.bestValue()));
        m.put("sinceImprovement", s.sinceImprovement());
        m.put("stoppedEarly", s.stoppedEarly());
        List<Map<String, Object>> h = new ArrayList<>();
        for (Trainer.EpochStats e : s.history()) {
            Map<String, Object> x = new LinkedHashMap<>();
            x.put("epoch", e.epoch());
            // Doubles as strings: exact round trip, NaN included.
            x.put("trainLoss", Double.toString(e.trainLoss()));
            x.put("validationPrAuc", Double.toString(e.validationPrAuc()));
            x.put("seconds", Double.toString(e.seconds()));
            x.put("examplesPerSecond", Double.toString(e.examplesPerSecond()));
            x.put("validationRocAuc", Double.toString(e.validationRocAuc()));
            x.put("validationLoss", Double.toString(e.validationLoss()));
            h.add(x);
        }
        m.put("history", h);
        return m;
    }

    @SuppressWarnings("unchecked")
    private static State fromMap(Map<String, Object> m) {
        List<Trainer.EpochStats> h = new ArrayList<>();
        for (Map<String, Object> x : (List<Map<String, Object>>) m.get("history")) {
            h.add(new Trainer.EpochStats(((Number) x.get("epoch")).intValue(), d(x.get("trainLoss")),
                    d(x.get("validationPrAuc")), d(x.get("seconds")), d(x.get("examplesPerSecond")),
                    d(x.get("validationRocAuc")), d(x.get("validationLoss"))));
        }
        return new State(((Number) m.get("epoch")).intValue(), (String) m.get("fingerprint"),
                ((Number) m.get("seed")).longValue(), List.copyOf(h), ((Number) m.get("bestEpoch")).intValue(),
                d(m.get("bestValue")), ((Number) m.get("sinceImprovement")).intValue(),
                (Boolean) m.get("stoppedEarly"));
    }

    private static double d(Object v) {
        return Double.parseDouble(String.valueOf(v));
    }
}
