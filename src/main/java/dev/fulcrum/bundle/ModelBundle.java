package dev.fulcrum.bundle;

import dev.fulcrum.error.IoFailureException;
import dev.fulcrum.io.AtomicDirectory;
import dev.fulcrum.report.Json;
import dev.fulcrum.train.NetworkScorer;
import java.io.IOException;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.ml.PipelineModel;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

/**
 * The model a run publishes under {@code model/}: {@code network.zip} (DL4J's own format, no Java
 * serialisation), {@code scaler/} (the fitted Spark {@code PipelineModel}: assembler + scalers)
 * {@code provenance.json} (the resolved job, versions, seeds, Spark conf, timings) and
 * {@code bundle.json} (what scoring needs to apply them: feature names in order, label,
 * threshold, loss, output columns, versions, a fingerprint of the training data and the SHA-256
 * of network.zip and of the scaler tree; an ensemble has {@code members/member-NN.zip} instead of
 * network.zip) and {@code manifest.json} (+ {@code manifest.sig}): the
 * SHA-256 of every file, optionally signed, so a tampered bundle is refused (docs/security.md).
 */
public final class ModelBundle {
    public static final String DIR = "model";
    public static final String NETWORK = DIR + "/network.zip";
    public static final String SCALER = DIR + "/scaler";
    public static final String META = DIR + "/bundle.json";
    /** The run's provenance, inside the bundle so every copy of the model (a registry version) keeps it. */
    public static final String PROVENANCE = DIR + "/provenance.json";

    /** What was written: the bundle metadata with its checksums. */
    public record Written(Map<String, Object> meta) {
        public String networkSha256() {
            return (String) meta.get("networkSha256");
        }
    }

    private ModelBundle() {
    }

    /**
     * Writes network.zip, the scaler, bundle.json (meta + checksums), provenance.json (with the
     * network's checksum added) and, last, the manifest of all of them ({@link BundleManifest},
     * signed when {@code keys} has a key) into the directory's {@code model/}.
     */
    public static Written write(AtomicDirectory dir, MultiLayerNetwork net, PipelineModel scaler,
                                Map<String, Object> meta, Map<String, Object> provenance, BundleKeys keys) {
        return write(dir, List.of(net), scaler, meta, provenance, keys);
    }

    /**
     * {@link #write} of one network or of an ensemble's members: those go to
     * {@code members/member-NN.zip} (no network.zip, so a reader that knows only single networks
     * refuses the bundle instead of scoring with one member), listed with their SHA-256 under
     * bundle.json's {@code ensemble}, and {@code networkSha256} is {@link #ensembleSha256} of them.
     */
    public static Written write(AtomicDirectory dir, List<MultiLayerNetwork> nets, PipelineModel scaler,
                                Map<String, Object> meta, Map<String, Object> provenance, BundleKeys keys) {
        Map<String, Object> bundle = new LinkedHashMap<>(meta);
        if (nets.size() == 1) {
            byte[] zip = NetworkScorer.toBytes(nets.get(0));
            writeBytes(dir, NETWORK, zip);
            bundle.put("networkSha256", sha256(zip));
        } else {
            List<Map<String, Object>> members = new java.util.ArrayList<>();
            List<String> shas = new java.util.ArrayList<>();
            for (int k = 1; k <= nets.size(); k++) {
                byte[] zip = NetworkScorer.toBytes(nets.get(k - 1));
                String file = memberFile(k);
                writeBytes(dir, DIR + "/" + file, zip);
                shas.add(sha256(zip));
                members.add(Map.of("file", file, "sha256", shas.get(k - 1)));
            }
            Map<String, Object> ensemble = new LinkedHashMap<>();
            ensemble.put("method", "easy-ensemble");
            ensemble.put("combine", "mean of the members' probabilities");
            ensemble.put("members", members);
            bundle.put("ensemble", ensemble);
            bundle.put("networkSha256", ensembleSha256(shas));
        }
        try {
            scaler.write().overwrite().save(dir.path(SCALER));
        } catch (IOException e) {
            throw new IoFailureException("cannot write " + dir.path(SCALER) + ": " + e.getMessage(), e);
        }
        bundle.put("scalerSha256", treeSha256(dir.fileSystem(), new org.apache.hadoop.fs.Path(dir.path(SCALER))));
        dir.writeText(META, Json.write(bundle));
        Map<String, Object> prov = new LinkedHashMap<>(provenance);
        prov.put("networkSha256", bundle.get("networkSha256"));
        dir.writeText(PROVENANCE, Json.write(prov));
        BundleManifest.write(dir.fileSystem(), new org.apache.hadoop.fs.Path(dir.path(DIR)), keys);
        return new Written(java.util.Collections.unmodifiableMap(bundle));
    }

    /** Where member {@code k} (1-based) of an ensemble lives, relative to {@code model/}. */
    public static String memberFile(int k) {
        return String.format(java.util.Locale.ROOT, "members/member-%02d.zip", k);
    }

    /** An ensemble's {@code networkSha256}: the SHA-256 of its members' hex SHA-256s, one per line, in order. */
    public static String ensembleSha256(List<String> memberShas) {
        return sha256(String.join("\n", memberShas).getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    private static void writeBytes(AtomicDirectory dir, String file, byte[] bytes) {
        try (OutputStream out = dir.create(file)) {
            out.write(bytes);
        } catch (IOException e) {
            throw new IoFailureException("cannot write " + dir.path(file) + ": " + e.getMessage(), e);
        }
    }

    public static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * SHA-256 over a directory tree (the saved scaler): every file except Hadoop's hidden
     * {@code .crc} side files, in order of relative path, each as path, NUL, length, bytes.
     * Relative paths make it survive the run directory's rename.
     */
    public static String treeSha256(org.apache.hadoop.fs.FileSystem fs, org.apache.hadoop.fs.Path root) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            String base = fs.makeQualified(root).toUri().getPath();
            java.util.TreeMap<String, org.apache.hadoop.fs.Path> files = new java.util.TreeMap<>();
            var it = fs.listFiles(root, true);
            while (it.hasNext()) {
                org.apache.hadoop.fs.Path p = it.next().getPath();
                if (!p.getName().startsWith(".")) {
                    files.put(p.toUri().getPath().substring(base.length()), p);
                }
            }
            for (Map.Entry<String, org.apache.hadoop.fs.Path> e : files.entrySet()) {
                byte[] bytes;
                try (var in = fs.open(e.getValue())) {
                    bytes = in.readAllBytes();
                }
                md.update(e.getKey().getBytes(java.nio.charset.StandardCharsets.UTF_8));
                md.update((byte) 0);
                md.update(Long.toString(bytes.length).getBytes(java.nio.charset.StandardCharsets.UTF_8));
                md.update(bytes);
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (IOException e) {
            throw new IoFailureException("cannot read " + root + ": " + e.getMessage(), e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The metadata fields every bundle carries. */
    public static Map<String, Object> meta(List<String> features, String label, List<String> idColumns,
                                           double threshold, String thresholdStrategy, String loss,
                                           int outputColumns, String dataFingerprint,
                                           Map<String, Object> calibration) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("format", "fulcrum-bundle/1");
        m.put("features", features);
        m.put("label", label);
        m.put("idColumns", idColumns);
        m.put("threshold", threshold);
        m.put("thresholdStrategy", thresholdStrategy);
        m.put("loss", loss);
        m.put("outputColumns", outputColumns);
        m.put("dataFingerprint", dataFingerprint);
        m.put("calibration", calibration);
        m.put("versions", Versions.all());
        return m;
    }

    /**
     * {@link #meta} of any trained model: when its scaler encodes categorical columns or imputes
     * numeric ones, scoring reads {@code categorical} as strings and lets an empty cell through only
     * in {@code imputed} columns and non-required categorical ones; when the network's inputs are not
     * the features one for one (one-hot levels, indicators, {@code scaling.bins} encodings), it is
     * checked against {@code vector} (one name per network input) instead of {@code features}.
     */
    public static Map<String, Object> meta(List<String> features, String label, List<String> idColumns,
                                           double threshold, String thresholdStrategy, String loss,
                                           int outputColumns, String dataFingerprint, List<String> categorical,
                                           List<String> imputed, List<String> required, List<String> vector,
                                           Map<String, Object> calibration) {
        Map<String, Object> m = meta(features, label, idColumns, threshold, thresholdStrategy, loss, outputColumns,
                dataFingerprint, calibration);
        if (!categorical.isEmpty() || !imputed.isEmpty()) {
            m.put("categorical", categorical);
            m.put("imputed", imputed);
            m.put("required", required);
        }
        if (!vector.equals(features)) { // also without categorical columns: scaling.bins widens the vector
            m.put("vector", vector);
        }
        return m;
    }
}
