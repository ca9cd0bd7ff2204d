package dev.fulcrum.bundle;

import dev.fulcrum.error.BadInputException;
import dev.fulcrum.features.CopyColumns;
import dev.fulcrum.features.DropColumns;
import dev.fulcrum.features.MissingIndicator;
import dev.fulcrum.features.PiecewiseLinearModel;
import dev.fulcrum.features.TargetEncoderModel;
import dev.fulcrum.report.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.Transformer;
import org.apache.spark.ml.feature.ImputerModel;
import org.apache.spark.ml.feature.OneHotEncoderModel;
import org.apache.spark.ml.feature.RobustScalerModel;
import org.apache.spark.ml.feature.StringIndexerModel;
import org.apache.spark.ml.feature.StandardScalerModel;
import org.apache.spark.ml.feature.VectorAssembler;

/**
 * The saved scaler's shape, checked before Spark ML reads it. {@code PipelineModel.load} calls
 * {@code Class.forName} (running static initialisers) on whatever class each stage's metadata names
 * and then that class's reader, so a class list is the only thing between a bundle and arbitrary
 * code; Spark ML's own stages include {@code SQLTransformer}, which runs the SQL it was saved with
 * (Java methods through {@code java_method}, row filters through {@code WHERE}). Hence an explicit
 * list of the exact stages Fulcrum writes, and a walk of the tree that admits only the files Spark
 * would read for them.
 */
public final class ScalerStages {
    /** The saved root: always one flat pipeline, never nested. */
    public static final String ROOT = PipelineModel.class.getName();

    /**
     * Every stage class {@code features.FeatureScaling} puts in a bundle's pipeline. A new kind of
     * stage is admitted only by adding it here, after checking that loading and applying it runs
     * nothing the bundle chose. StringIndexerModel, OneHotEncoderModel and ImputerModel (categorical
     * and missing values) read only their params and a Parquet table of labels / category sizes /
     * surrogates; {@link MissingIndicator} has only params, and {@link PiecewiseLinearModel} and
     * {@link TargetEncoderModel} only params (bin edges, per-level values: double-array params in the
     * metadata JSON).
     */
    public static final Set<String> ALLOWED = Set.of(
            VectorAssembler.class.getName(),
            StringIndexerModel.class.getName(),
            OneHotEncoderModel.class.getName(),
            ImputerModel.class.getName(),
            MissingIndicator.class.getName(),
            PiecewiseLinearModel.class.getName(),
            TargetEncoderModel.class.getName(),
            StandardScalerModel.class.getName(),
            RobustScalerModel.class.getName(),
            DropColumns.class.getName(),
            CopyColumns.class.getName());

    /** The allowed stages that save fitted values as Parquet under {@code data/}; the others have only metadata. */
    public static final Set<String> WITH_DATA = Set.of(
            StringIndexerModel.class.getName(),
            OneHotEncoderModel.class.getName(),
            ImputerModel.class.getName(),
            StandardScalerModel.class.getName(),
            RobustScalerModel.class.getName());

    private static final String METADATA = "metadata";
    private static final String DATA = "data";
    private static final String STAGES = "stages";
    private static final String SUCCESS = "_SUCCESS";
    private static final String PART = "part-00000";

    private ScalerStages() {
    }

    /**
     * Checks the saved pipeline under {@code scaler} without instantiating anything: root and stage
     * metadata name allowed classes, the stage directories are exactly those the root lists, and no
     * other file or directory is present (Spark reads every visible file of a metadata or data
     * directory).
     *
     * @param refuse builds the exception for a file and the reason
     */
    public static void check(FileSystem fs, Path scaler, BiFunction<Path, String, BadInputException> refuse)
            throws IOException {
        if (!fs.isDirectory(scaler)) {
            throw refuse.apply(scaler, "missing (the saved scaler pipeline)");
        }
        expectChildren(fs, scaler, Set.of(METADATA, STAGES), Set.of(), refuse);
        Map<String, Object> root = metadata(fs, new Path(scaler, METADATA), refuse);
        Path rootMeta = new Path(new Path(scaler, METADATA), PART);
        if (!ROOT.equals(root.get("class"))) {
            throw refuse.apply(rootMeta, "the scaler must be a " + ROOT + "; got class " + root.get("class"));
        }
        List<String> uids = stageUids(root, rootMeta, refuse);
        Path stages = new Path(scaler, STAGES);
        Set<String> dirs = new HashSet<>();
        List<Path> stageDirs = new ArrayList<>();
        for (int i = 0; i < uids.size(); i++) {
            // Spark's SharedReadWrite.getStagePath: index zero-padded to the digits of the stage count
            String name = String.format("%0" + Integer.toString(uids.size()).length() + "d", i) + "_" + uids.get(i);
            dirs.add(name);
            stageDirs.add(new Path(stages, name));
        }
        expectChildren(fs, stages, dirs, Set.of(), refuse);
        for (int i = 0; i < uids.size(); i++) {
            Path dir = stageDirs.get(i);
            Path meta = new Path(new Path(dir, METADATA), PART);
            Map<String, Object> m = metadata(fs, new Path(dir, METADATA), refuse);
            String cls = String.valueOf(m.get("class"));
            if (!ALLOWED.contains(cls)) {
                throw refuse.apply(meta, "stage class " + cls + " is not one Fulcrum writes (allowed: "
                        + new java.util.TreeSet<>(ALLOWED) + "); the bundle was not written by Fulcrum or was tampered with");
            }
            if (!uids.get(i).equals(m.get("uid"))) {
                throw refuse.apply(meta, "uid " + m.get("uid") + " does not match " + uids.get(i)
                        + " listed by the pipeline's metadata");
            }
            boolean data = WITH_DATA.contains(cls);
            expectChildren(fs, dir, data ? Set.of(METADATA, DATA) : Set.of(METADATA), Set.of(), refuse);
            if (data) {
                for (FileStatus f : list(fs, new Path(dir, DATA))) {
                    String n = f.getPath().getName();
                    boolean ok = f.isFile() && (n.equals(SUCCESS) || n.startsWith("part-") && n.endsWith(".parquet"));
                    if (!ok) {
                        throw refuse.apply(f.getPath(), "unexpected " + (f.isFile() ? "file" : "directory")
                                + " in a stage's data directory (only part-*.parquet and _SUCCESS belong there)");
                    }
                }
            }
        }
    }

    /** After Spark ML read the pipeline: every stage object is of an allowed class (belt and braces). */
    public static void checkLoaded(PipelineModel model, Path scaler, BiFunction<Path, String, BadInputException> refuse) {
        for (Transformer t : model.stages()) {
            if (!ALLOWED.contains(t.getClass().getName())) {
                throw refuse.apply(scaler, "loaded stage " + t.uid() + " is a " + t.getClass().getName()
                        + ", not a class Fulcrum writes; the files changed while they were read");
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static List<String> stageUids(Map<String, Object> root, Path where,
                                          BiFunction<Path, String, BadInputException> refuse) {
        Object params = root.get("paramMap");
        Object uids = params instanceof Map<?, ?> p ? p.get("stageUids") : null;
        if (!(uids instanceof List<?> l) || l.isEmpty() || !l.stream().allMatch(u -> u instanceof String s
                && s.matches("[A-Za-z0-9_]+"))) {
            throw refuse.apply(where, "paramMap.stageUids must be a non-empty list of stage ids (letters, digits, '_'); got "
                    + uids);
        }
        return (List<String>) uids;
    }

    /** The one JSON line of {@code dir/part-00000}; the directory holds nothing but it and {@code _SUCCESS}. */
    private static Map<String, Object> metadata(FileSystem fs, Path dir,
                                                BiFunction<Path, String, BadInputException> refuse) throws IOException {
        expectChildren(fs, dir, Set.of(), Set.of(PART, SUCCESS), refuse);
        Path part = new Path(dir, PART);
        if (!fs.isFile(part)) {
            throw refuse.apply(part, "missing (Spark ML stage metadata)");
        }
        String text;
        try (var in = fs.open(part)) {
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
        }
        if (text.isEmpty() || text.contains("\n")) {
            throw refuse.apply(part, "must hold exactly one JSON line (Spark ML metadata)");
        }
        try {
            return Json.read(text);
        } catch (IllegalArgumentException e) {
            throw refuse.apply(part, e.getMessage());
        }
    }

    /**
     * Every visible child of {@code dir} must be one of the named directories or files; the named
     * directories must exist (a named file may be absent, e.g. {@code _SUCCESS}).
     */
    private static void expectChildren(FileSystem fs, Path dir, Set<String> dirs, Set<String> files,
                                       BiFunction<Path, String, BadInputException> refuse) throws IOException {
        Set<String> seen = new HashSet<>();
        for (FileStatus f : list(fs, dir)) {
            String n = f.getPath().getName();
            boolean ok = f.isDirectory() ? dirs.contains(n) : files.contains(n);
            if (!ok) {
                throw refuse.apply(f.getPath(), "unexpected " + (f.isDirectory() ? "directory" : "file")
                        + " in the saved scaler; expected only " + new java.util.TreeSet<>(union(dirs, files)));
            }
            seen.add(n);
        }
        for (String d : dirs) {
            if (!seen.contains(d)) {
                throw refuse.apply(new Path(dir, d), "missing (part of the saved scaler)");
            }
        }
    }

    /** Children except Hadoop's {@code .<name>.crc} side files (the local file system's own checksums). */
    private static List<FileStatus> list(FileSystem fs, Path dir) throws IOException {
        List<FileStatus> out = new ArrayList<>();
        for (FileStatus f : fs.listStatus(dir)) {
            if (!BundleManifest.isChecksumFile(f.getPath().getName())) {
                out.add(f);
            }
        }
        return out;
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> u = new HashSet<>(a);
        u.addAll(b);
        return u;
    }
}
