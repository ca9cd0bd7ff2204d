package dev.fulcrum.jobs;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.apache.hadoop.fs.permission.FsPermission;

/**
 * Hadoop's local file system with a small disk mounted at one directory: once {@code free} bytes
 * have been written under it (by every stream together), a write there fails as the real local file
 * system fails on ENOSPC, with an {@code FSError} around {@code IOException("No space left on device")}.
 * Installed as {@code fs.file.impl} in the session's Hadoop conf, so Spark's writers, the model bundle,
 * checkpoints and Fulcrum's own files all meet the full disk, as they would on a real one.
 */
public final class SmallDisk extends LocalFileSystem {
    private static volatile String mount = null;
    private static final AtomicLong FREE = new AtomicLong();
    private static volatile String fullAt = null;

    public SmallDisk() {
        super(new Limited());
    }

    /** Mounts a disk of {@code bytes} at {@code dir}; {@link #unmount} restores the plain local file system. */
    public static void mount(Configuration hadoop, Path dir, long bytes) {
        mount = dir.toAbsolutePath().toString() + "/";
        FREE.set(bytes);
        hadoop.set("fs.file.impl", SmallDisk.class.getName());
        hadoop.setBoolean("fs.file.impl.disable.cache", true); // else the cached plain instance keeps serving file://
    }

    /**
     * Mounts a disk at {@code dir} with room for everything but the first file whose path contains
     * {@code fragment}: the disk fills up exactly there (e.g. in a Spark task writing the scaler).
     */
    public static void mountFullAt(Configuration hadoop, Path dir, String fragment) {
        mount(hadoop, dir, Long.MAX_VALUE);
        fullAt = fragment;
    }

    public static void unmount(Configuration hadoop) {
        fullAt = null;
        hadoop.unset("fs.file.impl");
        hadoop.unset("fs.file.impl.disable.cache");
        mount = null;
    }

    private static final class Limited extends RawLocalFileSystem {
        @Override
        protected OutputStream createOutputStream(org.apache.hadoop.fs.Path f, boolean append) throws IOException {
            return limited(f, super.createOutputStream(f, append));
        }

        @Override
        protected OutputStream createOutputStreamWithMode(org.apache.hadoop.fs.Path f, boolean append,
                                                          FsPermission permission) throws IOException {
            return limited(f, super.createOutputStreamWithMode(f, append, permission));
        }

        private OutputStream limited(org.apache.hadoop.fs.Path f, OutputStream out) {
            String m = mount;
            String file = pathToFile(f).getAbsolutePath();
            if (m == null || !file.startsWith(m)) {
                return out;
            }
            String full = fullAt;
            if (full != null && file.contains(full)) {
                FREE.set(0);
            }
            return new FilterOutputStream(out) {
                @Override
                public void write(int b) throws IOException {
                    take(1);
                    out.write(b);
                }

                @Override
                public void write(byte[] b, int off, int len) throws IOException {
                    take(len);
                    out.write(b, off, len);
                }
            };
        }
    }

    private static void take(long n) {
        if (FREE.addAndGet(-n) < 0) {
            FREE.set(0);
            throw org.apache.hadoop.fs.FsErrors.of(new IOException("No space left on device"));
        }
    }
}
