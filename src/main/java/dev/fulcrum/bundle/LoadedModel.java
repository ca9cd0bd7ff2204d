package dev.fulcrum.bundle;

import static org.apache.spark.sql.functions.col;

import dev.fulcrum.error.BadInputException;
import dev.fulcrum.eval.Calibration;
import dev.fulcrum.report.Json;
import dev.fulcrum.data.Columns;
import dev.fulcrum.features.ScalerPlan;
import dev.fulcrum.train.NetworkScorer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import dev.fulcrum.data.ColumnRules;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

/**
 * A verified model bundle. Loading checks, before anything is instantiated: the manifest
 * ({@link BundleManifest}) and its signature (always when a key is configured and the bundle is
 * signed; required under {@code requireSigned}); every file of {@code model/} against the
 * manifest, with no file unlisted; bundle.json is a {@code fulcrum-bundle/1} with every field
 * scoring needs, including both checksums ({@code networkSha256}, {@code scalerSha256}), which
 * must match; the saved scaler holds only the stage classes Fulcrum writes ({@link ScalerStages}).
 * Only then is the network restored from DL4J's zip (JSON config + raw parameter arrays, from the
 * very bytes verified) and the scaler read with Spark ML's reader; no Java deserialisation of
 * bundle bytes happens. A failed check is a {@link BadInputException} (bad input, exit 2) naming
 * the file.
 */
public record LoadedModel(String dir, Map<String, Object> meta, List<MultiLayerNetwork> networks, PipelineModel scaler,
                          List<String> features, String label, List<String> idColumns, double threshold,
                          int outputColumns, Calibration calibration) {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(LoadedModel.class);
    public static final String FORMAT = "fulcrum-bundle/1";

    /** {@link #load(String, Configuration, boolean)} accepting an unsigned bundle. */
    public static LoadedModel load(String runDir, Configuration hadoop) {
        return load(runDir, hadoop, false);
    }

    /**
     * @param requireSigned refuse a bundle without a valid signature by a configured key
     *                      ({@code --require-signed})
     */
    @SuppressWarnings("unchecked")
    public static LoadedModel load(String runDir, Configuration hadoop, boolean requireSigned) {
        Path root = new Path(runDir);
        try {
            FileSystem fs = root.getFileSystem(hadoop);
            Path modelDir = new Path(root, ModelBundle.DIR);
            // an ensemble keeps its members under members/ and has no network.zip
            boolean ensemble = fs.exists(new Path(modelDir, "members"));
            BundleManifest manifest = BundleManifest.read(fs, modelDir, BundleKeys.configured(hadoop), requireSigned,
                    LoadedModel::refuse, ensemble ? BundleManifest.REQUIRED_ENSEMBLE : BundleManifest.REQUIRED);
            Path metaPath = new Path(root, ModelBundle.META);
            byte[] metaBytes = readAll(fs, metaPath);
            manifest.verifyBytes(relative(ModelBundle.META), metaBytes, LoadedModel::refuse);

            Map<String, Object> meta;
            try {
                meta = Json.read(new String(metaBytes, StandardCharsets.UTF_8));
            } catch (IllegalArgumentException e) {
                throw refuse(metaPath, e.getMessage());
            }
            if (!FORMAT.equals(meta.get("format"))) {
                throw refuse(metaPath, "format must be " + FORMAT + "; got " + meta.get("format"));
            }
            List<String> features = (List<String>) require(meta, "features", List.class, metaPath);
            List<String> ids = (List<String>) require(meta, "idColumns", List.class, metaPath);
            String label = (String) require(meta, "label", String.class, metaPath);
            double threshold = ((Number) require(meta, "threshold", Number.class, metaPath)).doubleValue();
            int outputs = ((Number) require(meta, "outputColumns", Number.class, metaPath)).intValue();
            // Redundant with the manifest, but a bundle without them is not one Fulcrum wrote: refused.
            String netSha = (String) require(meta, "networkSha256", String.class, metaPath);
            String scalerSha = (String) require(meta, "scalerSha256", String.class, metaPath);
            // bundles written before calibration existed have none: their probability is the score
            Calibration calibration = Calibration.NONE;
            if (meta.containsKey("calibration")) {
                if (!(meta.get("calibration") instanceof Map<?, ?> cal)) {
                    throw refuse(metaPath, "calibration must be an object; got " + meta.get("calibration"));
                }
                try {
                    calibration = Calibration.fromDescription((Map<String, Object>) cal);
                } catch (IllegalArgumentException e) {
                    throw refuse(metaPath, e.getMessage());
                }
            }
            if (features.isEmpty() || (outputs != 1 && outputs != 2)) {
                throw refuse(metaPath, "features must be non-empty and outputColumns 1 or 2; got " + features.size()
                        + " features, outputColumns " + outputs);
            }
            Map<String, byte[]> zips = ensemble ? memberZips(fs, modelDir, meta, metaPath, manifest)
                    : Map.of(relative(ModelBundle.NETWORK), readAll(fs, new Path(root, ModelBundle.NETWORK)));
            for (Map.Entry<String, byte[]> z : zips.entrySet()) {
                manifest.verifyBytes(z.getKey(), z.getValue(), LoadedModel::refuse);
            }
            Set<String> verified = new java.util.HashSet<>(zips.keySet());
            verified.add(relative(ModelBundle.META));
            manifest.verifyFiles(fs, verified, LoadedModel::refuse);
            List<String> shas = zips.values().stream().map(ModelBundle::sha256).toList();
            String actual = ensemble ? ModelBundle.ensembleSha256(shas) : shas.get(0);
            Path netPath = ensemble ? new Path(modelDir, "members") : new Path(root, ModelBundle.NETWORK);
            if (!actual.equalsIgnoreCase(netSha)) {
                throw refuse(netPath, "SHA-256 is " + actual + " but bundle.json says networkSha256 = " + netSha
                        + "; the network was modified or comes from another run");
            }
            Path scalerPath = new Path(root, ModelBundle.SCALER);
            ScalerStages.check(fs, scalerPath, LoadedModel::refuse);
            String got;
            try {
                got = ModelBundle.treeSha256(fs, scalerPath);
            } catch (IllegalStateException e) {
                throw refuse(scalerPath, e.getMessage());
            }
            if (!got.equalsIgnoreCase(scalerSha)) {
                throw refuse(scalerPath, "SHA-256 of the scaler files is " + got + " but bundle.json says scalerSha256 = "
                        + scalerSha + "; the scaler was modified or comes from another run");
            }

            List<String> vector = meta.containsKey("vector") ? (List<String>) require(meta, "vector", List.class, metaPath)
                    : features;
            List<MultiLayerNetwork> nets = new ArrayList<>();
            for (Map.Entry<String, byte[]> z : zips.entrySet()) {
                Path file = new Path(modelDir, z.getKey());
                MultiLayerNetwork net;
                try {
                    net = NetworkScorer.fromBytes(z.getValue());
                } catch (RuntimeException e) {
                    throw refuse(file, "not a DL4J network zip: " + e.getMessage());
                }
                long nIn = net.layerInputSize(0);
                if (nIn != vector.size()) {
                    throw refuse(file, "the network takes " + nIn + " inputs but bundle.json lists " + vector.size()
                            + (vector == features ? " features" : " vector elements"));
                }
                nets.add(net);
            }
            PipelineModel scaler = PipelineModel.load(scalerPath.toString());
            ScalerStages.checkLoaded(scaler, scalerPath, LoadedModel::refuse);
            LOG.info("bundle " + modelDir + " verified (" + manifest.files().size() + " files"
                    + (manifest.signed() ? ", signature valid" : ", unsigned") + ")");
            return new LoadedModel(fs.makeQualified(root).toString(), meta, List.copyOf(nets), scaler,
                    List.copyOf(features), label,
                    List.copyOf(ids), threshold, outputs, calibration);
        } catch (org.apache.hadoop.fs.ChecksumException e) {
            throw refuse(root, "a file does not match its Hadoop checksum (corrupt or modified): " + e.getMessage());
        } catch (java.io.FileNotFoundException e) {
            throw refuse(root, "a bundle file is missing: " + e.getMessage());
        } catch (IOException e) {
            throw new BadInputException("--model " + runDir + ": cannot read the bundle: " + e.getMessage(), e);
        }
    }

    /**
     * An ensemble's member zips in member order, keyed by their path under {@code model/}: bundle.json's
     * {@code ensemble.members} must list exactly the manifest's {@code members/} files, each with its
     * SHA-256, at least two.
     */
    @SuppressWarnings("unchecked")
    private static Map<String, byte[]> memberZips(FileSystem fs, Path modelDir, Map<String, Object> meta, Path metaPath,
                                                  BundleManifest manifest) throws IOException {
        if (!(meta.get("ensemble") instanceof Map<?, ?> e) || !(e.get("members") instanceof List<?> listed)
                || listed.size() < 2) {
            throw refuse(metaPath, "the bundle has members/ but no ensemble.members list of at least two networks");
        }
        Map<String, byte[]> zips = new java.util.LinkedHashMap<>();
        for (int k = 1; k <= listed.size(); k++) {
            if (!(listed.get(k - 1) instanceof Map<?, ?> m) || !ModelBundle.memberFile(k).equals(m.get("file"))
                    || !(m.get("sha256") instanceof String sha)) {
                throw refuse(metaPath, "ensemble.members[" + (k - 1) + "] must be {file = " + ModelBundle.memberFile(k)
                        + ", sha256 = ...}; got " + listed.get(k - 1));
            }
            byte[] zip = readAll(fs, new Path(modelDir, ModelBundle.memberFile(k)));
            String actual = ModelBundle.sha256(zip);
            if (!actual.equalsIgnoreCase(sha)) {
                throw refuse(new Path(modelDir, ModelBundle.memberFile(k)), "SHA-256 is " + actual
                        + " but bundle.json says " + sha + "; the member was modified or comes from another run");
            }
            zips.put(ModelBundle.memberFile(k), zip);
        }
        for (String f : manifest.files()) {
            if (f.startsWith("members/") && !zips.containsKey(f)) {
                throw refuse(new Path(modelDir, f), "a network in the manifest that bundle.json's ensemble.members "
                        + "does not list; the bundle was altered");
            }
        }
        return zips;
    }

    /** The only network of a single-network bundle (refused for an ensemble, which needs all of its members). */
    public MultiLayerNetwork network() {
        if (networks.size() != 1) {
            throw new IllegalStateException("an ensemble of " + networks.size() + " networks has no single network; "
                    + "use networks()");
        }
        return networks.get(0);
    }

    private static String relative(String underRun) {
        return underRun.substring(ModelBundle.DIR.length() + 1);
    }

    private static byte[] readAll(FileSystem fs, Path p) throws IOException {
        try (var in = fs.open(p)) {
            return in.readAllBytes();
        }
    }

    private static Object require(Map<String, Object> meta, String key, Class<?> type, Path where) {
        Object v = meta.get(key);
        if (!type.isInstance(v)) {
            throw refuse(where, key + " must be a " + type.getSimpleName().toLowerCase() + "; got " + v);
        }
        return v;
    }

    private static BadInputException refuse(Path file, String why) {
        return new BadInputException("--model: refusing the bundle: " + file + ": " + why);
    }

    /**
     * How scoring reads the bundle's feature columns: its categorical columns as strings; an empty
     * cell passes only where the saved pipeline fills it (an imputed numeric column, a categorical
     * column not in the training job's {@code data.required}). {@link ColumnRules#STRICT} for a
     * bundle of numeric columns only.
     */
    @SuppressWarnings("unchecked")
    public ColumnRules columnRules() {
        if (!meta.containsKey("categorical")) {
            return ColumnRules.STRICT;
        }
        List<String> categorical = (List<String>) meta.get("categorical");
        List<String> imputed = (List<String>) meta.get("imputed");
        List<String> required = new ArrayList<>((List<String>) meta.get("required"));
        for (String f : features) {
            if (!categorical.contains(f) && !imputed.contains(f) && !required.contains(f)) {
                required.add(f);
            }
        }
        return new ColumnRules(categorical, required, imputed.isEmpty() ? ColumnRules.Impute.NONE
                : ColumnRules.Impute.MEDIAN, 0, false);
    }

    /**
     * Raw input rows (the bundle's feature columns) scored: {@code keep} + {@link Columns#SCORE}.
     * With a scaler {@link ScalerPlan} replays exactly, the network inputs are computed from the raw
     * columns inside the scoring function (the same numbers, without the pipeline's vector columns);
     * otherwise the bundle's pipeline is applied first.
     */
    public Dataset<Row> score(Dataset<Row> rows, List<String> keep) {
        Optional<ScalerPlan> plan = ScalerPlan.of(scaler(), rows.schema());
        int width = (int) networks().get(0).layerInputSize(0);
        if (plan.isEmpty() || plan.get().size() != width) {
            LOG.info("scaler applied as a Spark pipeline (no exact plan for its stages)");
            List<Column> needed = new ArrayList<>();
            keep.forEach(c -> needed.add(Columns.ref(c)));
            needed.add(col(Columns.FEATURES));
            Dataset<Row> scaled = scaler().transform(rows).select(needed.toArray(new Column[0]));
            return NetworkScorer.score(scaled, networks(), outputColumns()).drop(Columns.FEATURES);
        }
        ScalerPlan p = plan.get();
        Set<String> needed = new LinkedHashSet<>(keep);
        needed.addAll(p.inputs());
        Dataset<Row> narrow = rows.select(needed.stream().map(Columns::ref).toArray(Column[]::new));
        int[] at = p.inputs().stream().mapToInt(c -> narrow.schema().fieldIndex(c)).toArray();
        NetworkScorer.RowFeatures features = (row, into, offset) -> {
            double[] raw = new double[at.length];
            for (int i = 0; i < at.length; i++) {
                raw[i] = row.getDouble(at[i]);
            }
            p.apply(raw, into, offset);
        };
        return NetworkScorer.score(narrow, keep, width, features, networks(), outputColumns());
    }
}
