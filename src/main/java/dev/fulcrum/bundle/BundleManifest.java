package dev.fulcrum.bundle;

import dev.fulcrum.error.BadInputException;
import dev.fulcrum.error.IoFailureException;
import dev.fulcrum.report.Json;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.BiFunction;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code model/manifest.json}: the SHA-256 and length of every file of the bundle (paths relative
 * to {@code model/}, so copies and renames keep it valid; Hadoop's {@code .crc} side files left
 * out, they are the file system's business). With a key configured, {@code model/manifest.sig}
 * holds an HMAC-SHA256 of the manifest's exact bytes ({@link BundleKeys}).
 *
 * <p>Without a signature the manifest only detects changes made without recomputing it (accidents,
 * partial copies, an edit of one file); anyone who can write the bundle can also write a matching
 * manifest. That is what the signature is for: see docs/security.md.
 */
public final class BundleManifest {
    private static final Logger LOG = LoggerFactory.getLogger(BundleManifest.class);
    public static final String FILE = "manifest.json";
    public static final String SIGNATURE = "manifest.sig";
    public static final String FORMAT = "fulcrum-manifest/1";
    /** Files every bundle has; a manifest without them is not a bundle's. */
    static final List<String> REQUIRED = List.of("bundle.json", "network.zip", "provenance.json",
            "scaler/metadata/part-00000");
    /** Files every ensemble bundle has: its members replace network.zip. */
    static final List<String> REQUIRED_ENSEMBLE = List.of("bundle.json", "provenance.json",
            "scaler/metadata/part-00000", "members/member-01.zip", "members/member-02.zip");
    /** Files every segmentation bundle ({@link SegBundle}) has: it has no scaler. */
    static final List<String> REQUIRED_SEGMENTATION = List.of("bundle.json", "network.zip", "provenance.json");

    /** One file's checksum. */
    public record Entry(String sha256, long length) {
    }

    private final Path dir;
    private final Map<String, Entry> files;
    private final boolean signed;

    private BundleManifest(Path dir, Map<String, Entry> files, boolean signed) {
        this.dir = dir;
        this.files = files;
        this.signed = signed;
    }

    /** Hadoop's checksum side file of another file ({@code .<name>.crc}), written and read by the file system itself. */
    static boolean isChecksumFile(String name) {
        return name.startsWith(".") && name.endsWith(".crc");
    }

    /** True when the signature was checked with a configured key. */
    public boolean signed() {
        return signed;
    }

    /** The listed files, relative to {@code model/}. */
    public Set<String> files() {
        return files.keySet();
    }

    /**
     * Lists every file now under {@code modelDir}, writes the manifest, and signs it when
     * {@code keys} has a key. Call it last: a file written afterwards makes the bundle invalid.
     */
    public static void write(FileSystem fs, Path modelDir, BundleKeys keys) {
        try {
            Map<String, Entry> files = new TreeMap<>();
            for (Map.Entry<String, Path> f : list(fs, modelDir).entrySet()) {
                try (InputStream in = fs.open(f.getValue())) {
                    files.put(f.getKey(), digest(in));
                }
            }
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("format", FORMAT);
            m.put("algorithm", "SHA-256");
            Map<String, Object> listed = new LinkedHashMap<>();
            files.forEach((k, e) -> listed.put(k, Map.of("sha256", e.sha256(), "length", e.length())));
            m.put("files", listed);
            byte[] bytes = Json.write(m).getBytes(StandardCharsets.UTF_8);
            writeBytes(fs, new Path(modelDir, FILE), bytes);
            if (keys.present()) {
                writeBytes(fs, new Path(modelDir, SIGNATURE), keys.sign(bytes).getBytes(StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw new IoFailureException("cannot write " + new Path(modelDir, FILE) + ": " + e.getMessage(), e);
        }
    }

    /**
     * Reads the manifest and checks its signature: always when a key is configured and the bundle
     * is signed; a missing signature or key is refused under {@code requireSigned}, else logged.
     *
     * @param refuse builds the exception for a file and the reason
     */
    @SuppressWarnings("unchecked")
    public static BundleManifest read(FileSystem fs, Path modelDir, BundleKeys keys, boolean requireSigned,
                                      BiFunction<Path, String, BadInputException> refuse) throws IOException {
        return read(fs, modelDir, keys, requireSigned, refuse, REQUIRED);
    }

    /** {@link #read} for a bundle kind whose files every bundle of it has are {@code required}. */
    static BundleManifest read(FileSystem fs, Path modelDir, BundleKeys keys, boolean requireSigned,
                               BiFunction<Path, String, BadInputException> refuse, List<String> required)
            throws IOException {
        Path file = new Path(modelDir, FILE);
        Path sig = new Path(modelDir, SIGNATURE);
        if (!fs.isFile(file)) {
            throw refuse.apply(file, "missing: the bundle predates manifests (written before Fulcrum verified every "
                    + "bundle file) or was tampered with; retrain the model (fulcrum train / fulcrum retrain) to get a "
                    + "verifiable bundle");
        }
        byte[] bytes = readAll(fs, file);
        if (requireSigned && !keys.present()) {
            throw refuse.apply(sig, "--require-signed needs the signing key to verify with: set the environment variable "
                    + BundleKeys.ENV + " or the Hadoop credential " + BundleKeys.CONF);
        }
        boolean signed = false;
        if (fs.exists(sig)) {
            if (keys.present()) {
                String why = keys.verify(bytes, new String(readAll(fs, sig), StandardCharsets.UTF_8));
                if (why != null) {
                    throw refuse.apply(sig, why + "; do not use this bundle unless you know where it comes from "
                            + "(or retrain it with the current key)");
                }
                signed = true;
            } else {
                LOG.warn(sig + " is present but no key is configured, so the signature is NOT checked; set "
                        + BundleKeys.ENV + " or " + BundleKeys.CONF + " to verify it");
            }
        } else if (requireSigned) {
            throw refuse.apply(sig, "missing: the bundle is not signed (trained without " + BundleKeys.ENV + " / "
                    + BundleKeys.CONF + "); retrain with the key set, or drop --require-signed");
        } else if (keys.present()) {
            LOG.warn(modelDir + " is not signed although a key is configured; accepted because --require-signed "
                    + "is not set");
        }
        Map<String, Object> m;
        try {
            m = Json.read(new String(bytes, StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            throw refuse.apply(file, e.getMessage());
        }
        if (!FORMAT.equals(m.get("format")) || !(m.get("files") instanceof Map<?, ?> listed)) {
            throw refuse.apply(file, "must be a " + FORMAT + " with a 'files' object; got format " + m.get("format"));
        }
        Map<String, Entry> files = new TreeMap<>();
        for (Map.Entry<?, ?> e : listed.entrySet()) {
            String rel = String.valueOf(e.getKey());
            if (!(e.getValue() instanceof Map<?, ?> v) || !(v.get("sha256") instanceof String sha)
                    || !sha.matches("[0-9a-f]{64}") || !(v.get("length") instanceof Number len)
                    || rel.startsWith("/") || rel.contains("\\") || List.of(rel.split("/", -1)).stream()
                    .anyMatch(s -> s.isEmpty() || s.equals(".") || s.equals(".."))) {
                throw refuse.apply(file, "entry '" + rel + "' must be a relative path with {sha256: 64 hex digits, "
                        + "length}; got " + e.getValue());
            }
            files.put(rel, new Entry(sha, len.longValue()));
        }
        for (String r : required) {
            if (!files.containsKey(r)) {
                throw refuse.apply(file, "does not list " + r + ", which every bundle has; the manifest was edited");
            }
        }
        return new BundleManifest(modelDir, files, signed);
    }

    /** Checks bytes already read (so what is verified is exactly what is used). */
    public void verifyBytes(String rel, byte[] bytes, BiFunction<Path, String, BadInputException> refuse) {
        Entry want = files.get(rel);
        Path where = new Path(dir, rel);
        if (want == null) {
            throw refuse.apply(where, "not listed in " + FILE);
        }
        Entry got;
        try {
            got = digest(new java.io.ByteArrayInputStream(bytes));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        compare(where, want, got, refuse);
    }

    /**
     * Every file under the bundle directory is listed and matches, and every listed file exists;
     * {@code skip} names files the caller verified with {@link #verifyBytes}.
     */
    public void verifyFiles(FileSystem fs, Set<String> skip, BiFunction<Path, String, BadInputException> refuse)
            throws IOException {
        Map<String, Path> present = list(fs, dir);
        for (Map.Entry<String, Path> f : present.entrySet()) {
            if (!files.containsKey(f.getKey())) {
                throw refuse.apply(f.getValue(), "not listed in " + FILE + ": a file was added to the bundle after it "
                        + "was written; remove it, or retrain");
            }
        }
        for (Map.Entry<String, Entry> e : files.entrySet()) {
            Path p = present.get(e.getKey());
            if (p == null) {
                throw refuse.apply(new Path(dir, e.getKey()), "missing, but listed in " + FILE
                        + " (an incomplete copy of the bundle?)");
            }
            if (skip.contains(e.getKey())) {
                continue;
            }
            try (InputStream in = fs.open(p)) {
                compare(p, e.getValue(), digest(in), refuse);
            }
        }
    }

    private static void compare(Path where, Entry want, Entry got, BiFunction<Path, String, BadInputException> refuse) {
        if (want.length() != got.length() || !MessageDigest.isEqual(want.sha256().getBytes(StandardCharsets.US_ASCII),
                got.sha256().getBytes(StandardCharsets.US_ASCII))) {
            throw refuse.apply(where, "SHA-256 " + got.sha256() + " (" + got.length() + " bytes) does not match "
                    + FILE + " (" + want.sha256() + ", " + want.length() + " bytes); the file was modified after the "
                    + "bundle was written");
        }
    }

    /** Files under {@code dir} by relative path, without the manifest, its signature and .crc side files. */
    private static Map<String, Path> list(FileSystem fs, Path dir) throws IOException {
        String base = fs.makeQualified(dir).toUri().getPath();
        if (!base.endsWith("/")) {
            base = base + "/";
        }
        Map<String, Path> out = new TreeMap<>();
        RemoteIterator<LocatedFileStatus> it = fs.listFiles(dir, true);
        while (it.hasNext()) {
            Path p = fs.makeQualified(it.next().getPath());
            String path = p.toUri().getPath();
            if (!path.startsWith(base)) {
                throw new IOException("listing " + dir + " returned " + p + ", which is outside it");
            }
            String rel = path.substring(base.length());
            if (isChecksumFile(p.getName()) || rel.equals(FILE) || rel.equals(SIGNATURE)) {
                continue;
            }
            out.put(rel, p);
        }
        return out;
    }

    private static Entry digest(InputStream in) throws IOException {
        MessageDigest md;
        try {
            md = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        byte[] buf = new byte[1 << 16];
        long n = 0;
        for (int r; (r = in.read(buf)) > 0; ) {
            md.update(buf, 0, r);
            n += r;
        }
        return new Entry(HexFormat.of().formatHex(md.digest()), n);
    }

    private static byte[] readAll(FileSystem fs, Path p) throws IOException {
        try (InputStream in = fs.open(p)) {
            return in.readAllBytes();
        }
    }

    private static void writeBytes(FileSystem fs, Path p, byte[] bytes) throws IOException {
        try (FSDataOutputStream out = fs.create(p, true)) {
            out.write(bytes);
        }
    }
}
