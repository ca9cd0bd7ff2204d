package dev.fulcrum.bundle;

import dev.fulcrum.error.BadInputException;
import dev.fulcrum.error.IoFailureException;
import dev.fulcrum.io.AtomicDirectory;
import dev.fulcrum.report.Json;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.util.ModelSerializer;

/**
 * The model a segmentation run publishes under {@code model/}: {@code network.zip} (the U-Net as
 * DL4J's ComputationGraph zip: JSON configuration + raw parameters, no Java serialisation),
 * {@code bundle.json} ({@value #FORMAT}: the pixel threshold and how it was chosen, the U-Net
 * depth scoring pads images to, the mask threshold of the training data, the loss, versions and
 * the network's SHA-256), {@code provenance.json} and, last, {@code manifest.json} (+ signature):
 * verified exactly as a tabular bundle is (docs/security.md) before a byte of it is used.
 */
public final class SegBundle {
    public static final String FORMAT = "fulcrum-seg-bundle/1";

    /** A verified bundle: the network's bytes (restored on the executors) and what scoring needs. */
    public record Loaded(String dir, Map<String, Object> meta, byte[] network, double threshold, int depth) {
        public ComputationGraph graph() {
            return restore(network);
        }
    }

    private SegBundle() {
    }

    /** The bytes of a ComputationGraph in DL4J's zip format (without updater state: scoring needs none). */
    public static byte[] toBytes(ComputationGraph graph) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ModelSerializer.writeModel(graph, out, false);
        } catch (IOException e) {
            throw new IllegalStateException("cannot serialise the network: " + e.getMessage(), e);
        }
        return out.toByteArray();
    }

    public static ComputationGraph restore(byte[] zip) {
        try {
            return ModelSerializer.restoreComputationGraph(new ByteArrayInputStream(zip), false);
        } catch (IOException e) {
            throw new IllegalStateException("cannot restore the network: " + e.getMessage(), e);
        }
    }

    /** The metadata fields every segmentation bundle carries. */
    public static Map<String, Object> meta(double threshold, String thresholdChoice, int depth, int maskThreshold,
                                           String loss, String dataFingerprint) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("format", FORMAT);
        m.put("threshold", threshold);
        m.put("thresholdChoice", thresholdChoice);
        m.put("depth", depth);
        m.put("maskThreshold", maskThreshold);
        m.put("loss", loss);
        m.put("dataFingerprint", dataFingerprint);
        m.put("versions", Versions.all());
        return m;
    }

    /** Writes network.zip, bundle.json (+ networkSha256), provenance.json and the manifest into {@code model/}. */
    public static Map<String, Object> write(AtomicDirectory dir, ComputationGraph graph, Map<String, Object> meta,
                                            Map<String, Object> provenance, BundleKeys keys) {
        byte[] zip = toBytes(graph);
        try (OutputStream out = dir.create(ModelBundle.NETWORK)) {
            out.write(zip);
        } catch (IOException e) {
            throw new IoFailureException("cannot write " + dir.path(ModelBundle.NETWORK) + ": " + e.getMessage(), e);
        }
        Map<String, Object> bundle = new LinkedHashMap<>(meta);
        bundle.put("networkSha256", ModelBundle.sha256(zip));
        dir.writeText(ModelBundle.META, Json.write(bundle));
        Map<String, Object> prov = new LinkedHashMap<>(provenance);
        prov.put("networkSha256", bundle.get("networkSha256"));
        dir.writeText(ModelBundle.PROVENANCE, Json.write(prov));
        BundleManifest.write(dir.fileSystem(), new Path(dir.path(ModelBundle.DIR)), keys);
        return java.util.Collections.unmodifiableMap(bundle);
    }

    /**
     * Whether the run directory holds a segmentation bundle: read only to pick the loader, which
     * then verifies everything (a tampered format field fails there, in either loader).
     */
    public static boolean isSegmentation(String runDir, Configuration hadoop) {
        Path meta = new Path(new Path(runDir), ModelBundle.META);
        try {
            FileSystem fs = meta.getFileSystem(hadoop);
            if (!fs.exists(meta)) {
                return false;
            }
            try (var in = fs.open(meta)) {
                return FORMAT.equals(Json.read(new String(in.readAllBytes(), StandardCharsets.UTF_8)).get("format"));
            }
        } catch (IOException | IllegalArgumentException e) {
            return false;
        }
    }

    /**
     * Verifies and loads: the manifest (and signature; required under {@code requireSigned}),
     * every file against it with none unlisted, bundle.json's format and fields, the network's
     * SHA-256 against bundle.json, then the graph is restored from the verified bytes.
     */
    public static Loaded load(String runDir, Configuration hadoop, boolean requireSigned) {
        Path root = new Path(runDir);
        try {
            FileSystem fs = root.getFileSystem(hadoop);
            Path modelDir = new Path(root, ModelBundle.DIR);
            BundleManifest manifest = BundleManifest.read(fs, modelDir, BundleKeys.configured(hadoop), requireSigned,
                    SegBundle::refuse, BundleManifest.REQUIRED_SEGMENTATION);
            Path metaPath = new Path(root, ModelBundle.META);
            Path netPath = new Path(root, ModelBundle.NETWORK);
            byte[] metaBytes = readAll(fs, metaPath);
            byte[] zip = readAll(fs, netPath);
            manifest.verifyBytes(relative(ModelBundle.META), metaBytes, SegBundle::refuse);
            manifest.verifyBytes(relative(ModelBundle.NETWORK), zip, SegBundle::refuse);
            manifest.verifyFiles(fs, java.util.Set.of(relative(ModelBundle.META), relative(ModelBundle.NETWORK)),
                    SegBundle::refuse);
            Map<String, Object> meta;
            try {
                meta = Json.read(new String(metaBytes, StandardCharsets.UTF_8));
            } catch (IllegalArgumentException e) {
                throw refuse(metaPath, e.getMessage());
            }
            if (!FORMAT.equals(meta.get("format"))) {
                throw refuse(metaPath, "format must be " + FORMAT + "; got " + meta.get("format"));
            }
            double threshold = number(meta, "threshold", metaPath);
            int depth = (int) number(meta, "depth", metaPath);
            if (!(threshold > 0 && threshold < 1) || depth < 1 || depth > 5) {
                throw refuse(metaPath, "threshold must be in (0, 1) and depth in [1, 5]; got " + threshold + ", " + depth);
            }
            Object sha = meta.get("networkSha256");
            String actual = ModelBundle.sha256(zip);
            if (!(sha instanceof String s) || !actual.equalsIgnoreCase(s)) {
                throw refuse(netPath, "SHA-256 is " + actual + " but bundle.json says networkSha256 = " + sha
                        + "; the network was modified or comes from another run");
            }
            try {
                restore(zip);
            } catch (RuntimeException e) {
                throw refuse(netPath, "not a DL4J ComputationGraph zip: " + e.getMessage());
            }
            return new Loaded(fs.makeQualified(root).toString(), meta, zip, threshold, depth);
        } catch (org.apache.hadoop.fs.ChecksumException e) {
            throw refuse(root, "a file does not match its Hadoop checksum (corrupt or modified): " + e.getMessage());
        } catch (java.io.FileNotFoundException e) {
            throw refuse(root, "a bundle file is missing: " + e.getMessage());
        } catch (IOException e) {
            throw new BadInputException("--model " + runDir + ": cannot read the bundle: " + e.getMessage(), e);
        }
    }

    private static double number(Map<String, Object> meta, String key, Path where) {
        if (!(meta.get(key) instanceof Number n)) {
            throw refuse(where, key + " must be a number; got " + meta.get(key));
        }
        return n.doubleValue();
    }

    private static String relative(String underRun) {
        return underRun.substring(ModelBundle.DIR.length() + 1);
    }

    private static byte[] readAll(FileSystem fs, Path p) throws IOException {
        try (var in = fs.open(p)) {
            return in.readAllBytes();
        }
    }

    private static BadInputException refuse(Path file, String why) {
        return new BadInputException("--model: refusing the bundle: " + file + ": " + why);
    }
}
