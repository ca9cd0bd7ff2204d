package dev.fulcrum.jobs;

import dev.fulcrum.error.BadInputException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * A run's output directory, built under a hidden temporary sibling ({@code <dir>/.tmp-<run-id>})
 * and renamed into place only when complete; {@code <dir>/latest} (a one-line file naming the run
 * id) moves only after that rename. A failed run therefore never leaves a half-written model
 * where the last good one was. Works on any Hadoop FileSystem.
 */
public final class RunDirectory {
    private final FileSystem fs;
    private final Path parent;
    private final Path temp;
    private final Path finalPath;
    private final String runId;
    private boolean published;

    private RunDirectory(FileSystem fs, Path parent, String runId) {
        this.fs = fs;
        this.parent = parent;
        this.runId = runId;
        this.temp = new Path(parent, ".tmp-" + runId);
        this.finalPath = new Path(parent, runId);
    }

    public static RunDirectory start(String outputDir, String runId, Configuration hadoop) {
        try {
            Path parent = new Path(outputDir);
            FileSystem fs = parent.getFileSystem(hadoop);
            parent = fs.makeQualified(parent);
            RunDirectory run = new RunDirectory(fs, parent, runId);
            if (fs.exists(run.finalPath)) {
                throw new BadInputException("output.dir: run " + run.finalPath + " already exists; choose another job.name or wait a second");
            }
            fs.delete(run.temp, true);
            if (!fs.mkdirs(run.temp)) {
                throw new BadInputException("output.dir: cannot create " + run.temp);
            }
            return run;
        } catch (IOException e) {
            throw new BadInputException("output.dir: cannot write under " + outputDir + ": " + e.getMessage(), e);
        }
    }

    /**
     * Reopens the temporary directory of an interrupted run for {@code fulcrum train --resume}.
     *
     * @param dir the run's temporary directory ({@code <output.dir>/.tmp-<run-id>}) or the path the run
     *            would have been published to ({@code <output.dir>/<run-id>})
     */
    public static RunDirectory reopen(String dir, Configuration hadoop) {
        try {
            Path p = new Path(dir);
            FileSystem fs = p.getFileSystem(hadoop);
            p = fs.makeQualified(p);
            String name = p.getName();
            String runId = name.startsWith(".tmp-") ? name.substring(".tmp-".length()) : name;
            RunDirectory run = new RunDirectory(fs, p.getParent(), runId);
            if (fs.exists(run.finalPath) && !fs.exists(run.temp)) {
                throw new BadInputException("--resume: run " + run.finalPath + " is already complete; nothing to resume");
            }
            if (!fs.isDirectory(run.temp)) {
                throw new BadInputException("--resume: no interrupted run at " + run.temp
                        + "; pass <output.dir>/.tmp-<run-id> (kept when a run fails after its first checkpoint)");
            }
            return run;
        } catch (IOException e) {
            throw new BadInputException("--resume: cannot read " + dir + ": " + e.getMessage(), e);
        }
    }

    /** The temporary directory while the run is in progress (what {@code --resume} takes). */
    public String tempPath() {
        return temp.toString();
    }

    /** Reads a text file of the (temporary) run directory. */
    public String readText(String relative) {
        try (var in = fs.open(new Path(temp, relative))) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new BadInputException("--resume: cannot read " + relative + " in " + temp + ": " + e.getMessage(), e);
        }
    }

    public String runId() {
        return runId;
    }

    /** A path inside the (still temporary) run directory, as a string Spark and DL4J accept. */
    public String path(String relative) {
        return new Path(temp, relative).toString();
    }

    /** Where the run will be once published. */
    public String finalPath() {
        return finalPath.toString();
    }

    public FileSystem fileSystem() {
        return fs;
    }

    public void writeText(String relative, String text) {
        try (FSDataOutputStream out = fs.create(new Path(temp, relative), true)) {
            out.write(text.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new BadInputException("output.dir: cannot write " + relative + " in " + temp + ": " + e.getMessage(), e);
        }
    }

    public OutputStream create(String relative) throws IOException {
        return fs.create(new Path(temp, relative), true);
    }

    /** Renames the finished run into place, then points {@code latest} at it. */
    public void publish() {
        try {
            if (!fs.rename(temp, finalPath)) {
                throw new IOException("rename " + temp + " -> " + finalPath + " failed");
            }
            published = true;
            Path tmpLatest = new Path(parent, ".latest-" + runId);
            try (FSDataOutputStream out = fs.create(tmpLatest, true)) {
                out.write((runId + "\n").getBytes(StandardCharsets.UTF_8));
            }
            Path latest = new Path(parent, "latest");
            fs.delete(latest, false);
            if (!fs.rename(tmpLatest, latest)) {
                throw new IOException("rename " + tmpLatest + " -> " + latest + " failed");
            }
        } catch (IOException e) {
            throw new BadInputException("output.dir: cannot publish run " + runId + ": " + e.getMessage(), e);
        }
    }

    /** Removes the temporary directory of a failed run; a published run is never touched. */
    public void abandon() {
        if (published) {
            return;
        }
        try {
            fs.delete(temp, true);
        } catch (IOException ignored) {
            // best effort: the hidden .tmp- directory is never read as a run
        }
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
