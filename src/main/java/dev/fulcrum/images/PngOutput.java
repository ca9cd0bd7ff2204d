package dev.fulcrum.images;

import dev.fulcrum.error.BadInputException;
import dev.fulcrum.error.IoFailureException;
import dev.fulcrum.io.AtomicDirectory;
import java.io.IOException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/** The directory of PNG files a Spark job publishes at once (temporary sibling, then rename). */
final class PngOutput {
    private PngOutput() {
    }

    /**
     * Starts {@code outDir}: an existing empty directory is taken over; an existing non-empty one
     * (or a file) is refused unless {@code replace}, in which case it stays readable until the new
     * one is complete.
     *
     * @param what the option that named the directory, for messages
     */
    static AtomicDirectory start(String outDir, Configuration hadoop, boolean replace, String what, String... subdirs) {
        Path target = new Path(outDir);
        FileSystem fs = AtomicDirectory.fileSystem(target, hadoop, what);
        try {
            if (!replace && fs.exists(target)) {
                FileStatus st = fs.getFileStatus(target);
                if (!st.isDirectory() || fs.listStatus(target).length > 0) {
                    throw new BadInputException(what + ": " + fs.makeQualified(target) + " already exists and is "
                            + (st.isDirectory() ? "not empty" : "a file") + "; choose another directory or remove it");
                }
            }
        } catch (IOException e) {
            throw new IoFailureException(what + ": cannot check " + target + ": " + e.getMessage(), e);
        }
        AtomicDirectory dir = AtomicDirectory.start(outDir, hadoop, AtomicDirectory.Temp.FIXED, true, what);
        try {
            for (String s : subdirs) {
                if (!dir.fileSystem().mkdirs(new Path(dir.temp(), s))) {
                    throw new IOException("mkdirs returned false");
                }
            }
        } catch (IOException e) {
            dir.abandon();
            throw new IoFailureException(what + ": cannot create the subdirectories of " + dir.temp() + ": "
                    + e.getMessage(), e);
        }
        return dir;
    }

    /**
     * A file system of its own for one task's writes, without the local file system's {@code .crc}
     * side files (a data set others browse should hold only its PNGs); the caller closes it. Not the
     * cached instance: switching checksums off there would change it for every writer in the JVM.
     */
    static FileSystem openForTask(Path root, Configuration conf) throws IOException {
        FileSystem fs = FileSystem.newInstance(root.toUri(), conf);
        fs.setWriteChecksum(false);
        return fs;
    }

    /** Writes one file (a task retry overwrites its own earlier attempt). */
    static void write(FileSystem fs, Path file, byte[] bytes) throws IOException {
        try (FSDataOutputStream out = fs.create(file, true)) {
            out.write(bytes);
        }
    }

    /** Publishes, replacing an existing (empty or, when allowed, previous) target. */
    static void publish(AtomicDirectory dir) {
        dir.publishReplacing();
    }

    /** A failure of the Spark job that wrote into {@code dir}, as the one-line error when it is a full disk. */
    static RuntimeException failure(AtomicDirectory dir, String what, RuntimeException e) {
        IoFailureException full = AtomicDirectory.noSpace(what, dir.target(), e);
        return full != null ? full : e;
    }

    /** Whether {@code id} can be a file name on every Hadoop file system. */
    static String checkFileName(String id) {
        if (id == null || id.isEmpty() || id.equals(".") || id.equals("..") || id.contains("/") || id.contains("\\")
                || id.contains(":") || id.startsWith(".") || id.startsWith("_")) {
            throw new BadInputException("image id \"" + id + "\" cannot be a file name (empty, '.'/'_' first, or "
                    + "holding '/', '\\' or ':'); rename the image");
        }
        return id;
    }
}
