package dev.fulcrum.registry;

import dev.fulcrum.error.BadInputException;
import dev.fulcrum.error.IoFailureException;
import dev.fulcrum.io.AtomicDirectory;
import dev.fulcrum.report.Json;
import dev.fulcrum.bundle.ModelLocator;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileContext;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.FileUtil;
import org.apache.hadoop.fs.Options;
import org.apache.hadoop.fs.Path;

/** See the package documentation. Versions are {@code v0001, v0002, ...} in registration order. */
public final class ModelRegistry {
    public static final String LOCK = ".lock";
    private final FileSystem fs;
    private final Path root;
    private final Configuration hadoop;

    public ModelRegistry(String dir, Configuration hadoop) {
        Path p = new Path(dir);
        this.fs = AtomicDirectory.fileSystem(p, hadoop, "registry.dir");
        this.root = fs.makeQualified(p);
        this.hadoop = hadoop;
    }

    /** An exclusive lock on one model; close() releases it. */
    public final class Lock implements AutoCloseable {
        private final Path path;

        private Lock(Path path) {
            this.path = path;
        }

        @Override
        public void close() {
            try {
                fs.delete(path, false);
            } catch (IOException ignored) {
                // a leftover lock names a dead process and is detected as stale
            }
        }
    }

    /**
     * Takes {@code <dir>/<model>/.lock} (created exclusively). A held lock fails fast naming its
     * owner; a stale one (owner process gone on this host, or older than {@code stale}) is broken.
     */
    public Lock lock(String model, Duration stale) {
        Path lock = new Path(modelDir(model), LOCK);
        for (int attempt = 0; attempt < 2; attempt++) {
            try {
                fs.mkdirs(modelDir(model));
                Map<String, Object> owner = new LinkedHashMap<>();
                owner.put("pid", ProcessHandle.current().pid());
                owner.put("host", host());
                owner.put("since", Instant.now().toString());
                createExclusive(lock, Json.write(owner).getBytes(StandardCharsets.UTF_8));
                return new Lock(lock);
            } catch (org.apache.hadoop.fs.FileAlreadyExistsException e) {
                Map<String, Object> held = readLock(lock);
                String why = staleReason(held, lock, stale);
                if (why == null) {
                    throw new BadInputException("registry: model '" + model + "' is being retrained by pid "
                            + held.get("pid") + " on " + held.get("host") + " since " + held.get("since") + " (lock "
                            + lock + "); wait for that run to finish");
                }
                org.slf4j.LoggerFactory.getLogger(ModelRegistry.class).warn("breaking stale lock " + lock + ": " + why);
                try {
                    fs.delete(lock, false);
                } catch (IOException d) {
                    throw new IoFailureException("registry: cannot remove stale lock " + lock + ": " + d.getMessage(), d);
                }
            } catch (IOException e) {
                throw new IoFailureException("registry: cannot create lock " + lock + ": " + e.getMessage(), e);
            }
        }
        throw new BadInputException("registry: lock " + lock + " was taken again while breaking a stale one; retry");
    }

    /** O_EXCL on a local disk (Hadoop's local create checks, then opens); create(overwrite=false) elsewhere. */
    private void createExclusive(Path p, byte[] bytes) throws IOException {
        if (fs instanceof org.apache.hadoop.fs.LocalFileSystem || fs instanceof org.apache.hadoop.fs.RawLocalFileSystem) {
            try {
                java.nio.file.Files.write(java.nio.file.Paths.get(p.toUri()), bytes, java.nio.file.StandardOpenOption.CREATE_NEW,
                        java.nio.file.StandardOpenOption.WRITE);
            } catch (java.nio.file.FileAlreadyExistsException e) {
                throw new org.apache.hadoop.fs.FileAlreadyExistsException(p.toString());
            }
            return;
        }
        try (FSDataOutputStream out = fs.create(p, false)) {
            out.write(bytes);
        }
    }

    private Map<String, Object> readLock(Path lock) {
        try (var in = fs.open(lock)) {
            return Json.read(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException | IllegalArgumentException e) {
            return Map.of(); // unreadable (e.g. half-written by a crashed run): judged by its age
        }
    }

    private String staleReason(Map<String, Object> held, Path lock, Duration stale) {
        Object pid = held.get("pid");
        if (host().equals(held.get("host")) && pid instanceof Number n
                && !ProcessHandle.of(n.longValue()).map(ProcessHandle::isAlive).orElse(false)) {
            return "process " + n + " on this host is gone";
        }
        try {
            long age = System.currentTimeMillis() - fs.getFileStatus(lock).getModificationTime();
            if (age > stale.toMillis()) {
                return "older than " + stale.toMinutes() + " minutes";
            }
        } catch (IOException e) {
            return null;
        }
        return null;
    }

    private static String host() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "unknown";
        }
    }

    public Path modelDir(String model) {
        return new Path(root, model);
    }

    /** The champion version's name, or null when the model has none yet. */
    public String champion(String model) {
        Path p = new Path(modelDir(model), ModelLocator.CHAMPION);
        try {
            if (!fs.exists(p)) {
                return null;
            }
            try (var in = fs.open(p)) {
                return new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
            }
        } catch (IOException e) {
            throw new IoFailureException("registry: cannot read " + p + ": " + e.getMessage(), e);
        }
    }

    /**
     * Copies a published run's {@code model/} bundle (network, scaler, bundle.json, provenance.json)
     * and {@code metrics.json} in as the next version, built aside and renamed into place.
     */
    public String register(String model, String runDir) {
        String version;
        try {
            Path dir = modelDir(model);
            fs.mkdirs(dir);
            int next = 1;
            for (FileStatus s : fs.listStatus(dir)) {
                String n = s.getPath().getName();
                if (s.isDirectory() && n.matches("v\\d{4,}")) {
                    next = Math.max(next, Integer.parseInt(n.substring(1)) + 1);
                }
            }
            version = String.format("v%04d", next);
        } catch (IOException e) {
            throw new IoFailureException("registry: cannot list " + modelDir(model) + ": " + e.getMessage(), e);
        }
        AtomicDirectory v = AtomicDirectory.start(new Path(modelDir(model), version).toString(), hadoop,
                AtomicDirectory.Temp.FIXED, false, "registry.dir");
        try {
            Path run = new Path(runDir);
            FileSystem runFs = run.getFileSystem(hadoop);
            copy(runFs, new Path(run, "model"), new Path(v.temp(), "model"));
            copy(runFs, new Path(run, "metrics.json"), new Path(v.temp(), "metrics.json"));
            v.writeText("source", run + "\n");
            v.publish();
            return version;
        } catch (IOException e) {
            throw new IoFailureException("registry: cannot register " + runDir + " as " + model + ": " + e.getMessage(), e);
        } finally {
            v.abandon();
        }
    }

    private void copy(FileSystem from, Path src, Path dst) throws IOException {
        if (!FileUtil.copy(from, src, fs, dst, false, hadoop)) {
            throw new IOException("copy " + src + " -> " + dst + " failed");
        }
    }

    /** Points CHAMPION at {@code version}: a temporary file renamed over the old pointer (atomic). */
    public void promote(String model, String version) {
        Path dir = modelDir(model);
        Path tmp = new Path(dir, ".CHAMPION-" + version);
        try {
            if (!fs.exists(new Path(dir, version))) {
                throw new BadInputException("registry: cannot promote " + model + "/" + version + ": no such version");
            }
            writeText(tmp, version + "\n");
            FileContext.getFileContext(dir.toUri(), hadoop).rename(tmp, new Path(dir, ModelLocator.CHAMPION),
                    Options.Rename.OVERWRITE);
        } catch (IOException e) {
            throw new IoFailureException("registry: cannot move " + dir + "/CHAMPION to " + version + ": " + e.getMessage(), e);
        }
    }

    /** Writes a small text file (a pointer, a report) in the registry. */
    public void writeText(Path p, String text) {
        try (FSDataOutputStream out = fs.create(p, true)) {
            out.write(text.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IoFailureException("registry: cannot write " + p + ": " + e.getMessage(), e);
        }
    }
}
