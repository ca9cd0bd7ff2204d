package dev.fulcrum.jobs;

import dev.fulcrum.error.BadInputException;
import dev.fulcrum.error.IoFailureException;
import dev.fulcrum.io.AtomicDirectory;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import org.apache.hadoop.conf.Configuration;
import java.util.UUID;
import org.apache.hadoop.fs.ChecksumFileSystem;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileContext;
import org.apache.hadoop.fs.Options;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * A run's output directory: an {@link AtomicDirectory} ({@code <dir>/.tmp-<run-id>} renamed to
 * {@code <dir>/<run-id>} when complete) plus the {@code <dir>/latest} pointer (a one-line file
 * naming the run id), which moves only after that rename. A failed run therefore never leaves a
 * half-written model where the last good one was.
 */
public final class RunDirectory {
    private static final String TEMP_PREFIX = ".tmp-";
    private final AtomicDirectory dir;
    private final String runId;

    private RunDirectory(AtomicDirectory dir, String runId) {
        this.dir = dir;
        this.runId = runId;
    }

    public static RunDirectory start(String outputDir, String runId, Configuration hadoop) {
        AtomicDirectory.fileSystem(new Path(outputDir), hadoop, "output.dir"); // a bad URI is named as the user wrote it
        Path target = new Path(outputDir, runId);
        return new RunDirectory(AtomicDirectory.start(target.toString(), hadoop, AtomicDirectory.Temp.FIXED, false,
                "output.dir"), runId);
    }

    /**
     * Reopens the temporary directory of an interrupted run for {@code fulcrum train --resume}.
     *
     * @param dir the run's temporary directory ({@code <output.dir>/.tmp-<run-id>}) or the path the run
     *            would have been published to ({@code <output.dir>/<run-id>})
     */
    public static RunDirectory reopen(String dir, Configuration hadoop) {
        Path p = new Path(dir);
        FileSystem fs = AtomicDirectory.fileSystem(p, hadoop, "--resume");
        p = fs.makeQualified(p);
        String name = p.getName();
        String runId = name.startsWith(TEMP_PREFIX) ? name.substring(TEMP_PREFIX.length()) : name;
        Path temp = new Path(p.getParent(), TEMP_PREFIX + runId);
        Path target = new Path(p.getParent(), runId);
        try {
            if (fs.exists(target) && !fs.exists(temp)) {
                throw new BadInputException("--resume: run " + target + " is already complete; nothing to resume");
            }
            if (!fs.isDirectory(temp)) {
                throw new BadInputException("--resume: no interrupted run at " + temp
                        + "; pass <output.dir>/.tmp-<run-id> (kept when a run fails after its first checkpoint)");
            }
        } catch (IOException e) {
            throw new IoFailureException("--resume: cannot read " + dir + ": " + e.getMessage(), e);
        }
        return new RunDirectory(AtomicDirectory.reopen(temp.toString(), target.toString(), hadoop, "--resume"), runId);
    }

    /** The atomic directory underneath, for writers that take one (e.g. the model bundle). */
    public AtomicDirectory directory() {
        return dir;
    }

    /** The temporary directory while the run is in progress (what {@code --resume} takes). */
    public String tempPath() {
        return dir.temp().toString();
    }

    /** Reads a text file of the (temporary) run directory. */
    public String readText(String relative) {
        return dir.readText(relative);
    }

    public String runId() {
        return runId;
    }

    /** A path inside the (still temporary) run directory, as a string Spark and DL4J accept. */
    public String path(String relative) {
        return dir.path(relative);
    }

    /** Where the run will be once published. */
    public String finalPath() {
        return dir.target().toString();
    }

    public FileSystem fileSystem() {
        return dir.fileSystem();
    }

    public void writeText(String relative, String text) {
        dir.writeText(relative, text);
    }

    public OutputStream create(String relative) {
        return dir.create(relative);
    }

    /** Removes scratch files inside the (still temporary) run directory. */
    public void delete(String relative) {
        dir.delete(relative);
    }

    /** Renames the finished run into place, then points {@code latest} at it. */
    public void publish() {
        dir.publish();
        Path latest = new Path(dir.target().getParent(), "latest");
        try {
            replacePointer(dir.fileSystem(), latest, runId, dir.fileSystem().getConf());
        } catch (IOException e) {
            throw new IoFailureException("output.dir: run " + runId + " is published but " + latest
                    + " could not be moved to it: " + e.getMessage(), e);
        }
    }

    /** Renames the finished run into place and leaves {@code latest} as it is (a run whose model was refused). */
    public void publishKeepingLatest() {
        dir.publish();
    }

    /**
     * Replaces a one-line pointer file in one atomic step, so concurrent publishers of one output dir
     * leave it naming one of them and a reader never finds it missing or half-written. The old
     * delete-then-rename left a window without {@code latest}, and on the local file system the data
     * file and its {@code .crc} side file were renamed separately: two publishers interleaving left
     * one run's id under the other's checksum (a ChecksumException on the next read). Written without
     * a side file; where the store cannot rename over a file atomically, FileContext's
     * rename-with-overwrite is the primitive HDFS offers for it.
     */
    static void replacePointer(FileSystem fs, Path pointer, String value, Configuration hadoop) throws IOException {
        FileSystem raw = fs instanceof ChecksumFileSystem c ? c.getRawFileSystem() : fs;
        Path tmp = new Path(pointer.getParent(), "." + pointer.getName() + "-" + UUID.randomUUID());
        try {
            try (FSDataOutputStream out = raw.create(tmp, true)) {
                out.write((value + "\n").getBytes(StandardCharsets.UTF_8));
            }
            if (fs instanceof ChecksumFileSystem c) {
                // a side file of an older layout would no longer match; without one, reads are unchecked
                raw.delete(c.getChecksumFile(pointer), false);
            }
            if (raw instanceof RawLocalFileSystem) {
                if (!raw.rename(tmp, pointer)) { // rename(2): replaces the target atomically
                    throw new IOException("rename " + tmp + " -> " + pointer + " returned false");
                }
            } else {
                FileContext.getFileContext(raw.getUri(), hadoop).rename(tmp, pointer, Options.Rename.OVERWRITE);
            }
        } finally {
            raw.delete(tmp, false); // gone after a successful rename
        }
    }

    /** Removes the temporary directory of a failed run; a published run is never touched. */
    public void abandon() {
        dir.abandon();
    }

    /** The run id {@code latest} names under an output dir, or null. */
    public static String latest(String outputDir, Configuration hadoop) {
        try {
            Path p = new Path(outputDir, "latest");
            FileSystem fs = p.getFileSystem(hadoop);
            if (!fs.exists(p)) {
                return null;
            }
            try (var in = fs.open(p)) {
                return new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
            }
        } catch (IOException e) {
            return null;
        }
    }
}
