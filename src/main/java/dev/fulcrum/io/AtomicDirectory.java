package dev.fulcrum.io;

import dev.fulcrum.error.BadInputException;
import dev.fulcrum.error.IoFailureException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * A directory built under a hidden sibling ({@code <parent>/.tmp-<name>[-<suffix>]}) and renamed
 * to {@code <parent>/<name>} only when complete, so a reader never sees a half-written result and
 * a failed writer leaves the previous one untouched. The rename of a directory is atomic on HDFS
 * and on local disks; on object stores it is the best the FileSystem API offers.
 *
 * <p>Every storage failure becomes an {@link IoFailureException} naming the path and the
 * operation (exit code 3); a target that already exists where the caller forbids it is bad input.
 */
public final class AtomicDirectory {
    private final FileSystem fs;
    private final Path temp;
    private final Path target;
    private final String what;
    private boolean published;

    private AtomicDirectory(FileSystem fs, Path temp, Path target, String what) {
        this.fs = fs;
        this.temp = temp;
        this.target = target;
        this.what = what;
    }

    /** How the hidden temporary directory is named and whether an existing one is reused. */
    public enum Temp {
        /** {@code .tmp-<name>}: one writer per target; a leftover of a crashed writer is cleared. */
        FIXED,
        /** {@code .tmp-<name>-<uuid>}: concurrent writers of one target never share a temp dir. */
        UNIQUE
    }

    /**
     * Starts a new directory: clears a leftover temporary directory of the same name (FIXED) and
     * creates an empty one.
     *
     * @param what the config key or option that named the location, for error messages
     * @throws BadInputException when the target exists and {@code mayExist} is false
     */
    public static AtomicDirectory start(String target, Configuration hadoop, Temp temp, boolean mayExist, String what) {
        Path t = new Path(target);
        FileSystem fs = fileSystem(t, hadoop, what);
        try {
            t = fs.makeQualified(t);
            if (!mayExist && fs.exists(t)) {
                throw new BadInputException(what + ": " + t + " already exists; choose another name or remove it");
            }
            Path tmp = new Path(t.getParent(), ".tmp-" + t.getName()
                    + (temp == Temp.UNIQUE ? "-" + UUID.randomUUID() : ""));
            fs.delete(tmp, true);
            if (!fs.mkdirs(tmp)) {
                throw new BadInputException(what + ": cannot create " + tmp + " (not a writable directory?)");
            }
            return new AtomicDirectory(fs, tmp, t, what);
        } catch (org.apache.hadoop.fs.ParentNotDirectoryException | org.apache.hadoop.fs.FileAlreadyExistsException
                 | java.nio.file.AccessDeniedException | org.apache.hadoop.security.AccessControlException e) {
            // the path itself is wrong (under a regular file, not ours to write): the user fixes the setting
            throw new BadInputException(what + ": cannot create a directory at " + t + ": " + e.getMessage(), e);
        } catch (IOException e) {
            BadInputException host = unknownHost(what, t, e);
            if (host != null) {
                throw host;
            }
            throw new IoFailureException(what + ": cannot create a directory next to " + t + ": " + e.getMessage(), e);
        }
    }

    /** Reopens the temporary directory of an interrupted writer (e.g. a run resumed after a crash). */
    public static AtomicDirectory reopen(String temp, String target, Configuration hadoop, String what) {
        Path tmp = new Path(temp);
        FileSystem fs = fileSystem(tmp, hadoop, what);
        return new AtomicDirectory(fs, fs.makeQualified(tmp), fs.makeQualified(new Path(target)), what);
    }

    /** The file system the directory lives on. */
    public FileSystem fileSystem() {
        return fs;
    }

    /** The temporary directory while it is being written. */
    public Path temp() {
        return temp;
    }

    /** Where it will be once published. */
    public Path target() {
        return target;
    }

    /** A path inside the (still temporary) directory, as a string Spark and DL4J accept. */
    public String path(String relative) {
        return new Path(temp, relative).toString();
    }

    /** Writes a UTF-8 text file inside the temporary directory. */
    public void writeText(String relative, String text) {
        try (FSDataOutputStream out = fs.create(new Path(temp, relative), true)) {
            out.write(text.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IoFailureException(what + ": cannot write " + new Path(temp, relative) + ": " + e.getMessage(), e);
        }
    }

    /** Reads a UTF-8 text file of the temporary directory. */
    public String readText(String relative) {
        try (var in = fs.open(new Path(temp, relative))) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IoFailureException(what + ": cannot read " + new Path(temp, relative) + ": " + e.getMessage(), e);
        }
    }

    /** A new file inside the temporary directory; the caller closes it. */
    public OutputStream create(String relative) {
        try {
            return fs.create(new Path(temp, relative), true);
        } catch (IOException e) {
            throw new IoFailureException(what + ": cannot create " + new Path(temp, relative) + ": " + e.getMessage(), e);
        }
    }

    /** Removes scratch files inside the temporary directory (best effort: they are never published alone). */
    public void delete(String relative) {
        try {
            fs.delete(new Path(temp, relative), true);
        } catch (IOException ignored) {
            // scratch inside a hidden directory; whatever is left goes with the directory
        }
    }

    /**
     * Moves the files of subdirectory {@code sub} up into the directory itself and removes
     * {@code sub}: a Spark writer's part files end up directly in the published directory, as in
     * any Spark output, although Spark wrote them to a fresh path.
     */
    public void flatten(String sub) {
        Path dir = new Path(temp, sub);
        try {
            for (var f : fs.listStatus(dir)) {
                if (!fs.rename(f.getPath(), new Path(temp, f.getPath().getName()))) {
                    throw new IOException("rename " + f.getPath() + " returned false");
                }
            }
            fs.delete(dir, true);
        } catch (IOException e) {
            throw new IoFailureException(what + ": cannot move the files of " + dir + " up: " + e.getMessage(), e);
        }
    }

    /** Renames the finished directory into place; fails when the target appeared meanwhile. */
    public void publish() {
        rename(false);
    }

    /** Like {@link #publish} but first removes an existing target (an explicit overwrite). */
    public void publishReplacing() {
        rename(true);
    }

    private void rename(boolean replace) {
        try {
            if (replace) {
                fs.delete(target, true);
            }
            if (!fs.rename(temp, target)) {
                throw new IOException("rename " + temp + " -> " + target + " returned false"
                        + (fs.exists(target) ? " (the target was created concurrently)" : ""));
            }
            published = true;
        } catch (IOException e) {
            throw new IoFailureException(what + ": cannot publish " + target + ": " + e.getMessage(), e);
        }
    }

    /** Removes the temporary directory of a failed writer; a published directory is never touched. */
    public void abandon() {
        if (published) {
            return;
        }
        try {
            fs.delete(temp, true);
        } catch (IOException ignored) {
            // a hidden .tmp- directory is never read as a result
        }
    }

    /** The file system of {@code p}; an unusable URI (unknown scheme or host) is the user's to fix. */
    public static FileSystem fileSystem(Path p, Configuration hadoop, String what) {
        try {
            return p.getFileSystem(hadoop);
        } catch (IOException | IllegalArgumentException e) {
            BadInputException host = unknownHost(what, p, e);
            throw host != null ? host : new BadInputException(what + ": cannot use " + p + ": " + e.getMessage(), e);
        }
    }

    /**
     * The one-line error for a path whose host does not resolve (a typo in an {@code hdfs://} or
     * {@code s3a://} URI), or null when {@code e} is about something else. Bad input, not an I/O
     * failure: retrying the same URI cannot succeed.
     */
    public static BadInputException unknownHost(String what, Object path, Throwable e) {
        String host = dev.fulcrum.error.Failures.unknownHost(e);
        return host == null ? null
                : new BadInputException(what + " " + path + ": unknown host '" + host + "'; check the URI", e);
    }

    /**
     * The one-line error for a write that ran out of space under {@code path}, or null when {@code e}
     * is about something else.
     */
    public static IoFailureException noSpace(String what, Object path, Throwable e) {
        return !dev.fulcrum.error.Failures.noSpace(e) ? null
                : new IoFailureException(what + " " + path + ": no space left on device; free space there or choose "
                + "another location (the partial output was removed)", e);
    }
}
