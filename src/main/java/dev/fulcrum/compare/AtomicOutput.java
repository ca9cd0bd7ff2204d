package dev.fulcrum.compare;

import dev.fulcrum.error.BadInputException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * {@code <dir>/<id>/} built under the hidden sibling {@code <dir>/.tmp-<id>} and renamed into
 * place when complete, on any Hadoop FileSystem. Unlike a train run it never moves
 * {@code <dir>/latest}: a comparison publishes no model.
 */
final class AtomicOutput {
    private final FileSystem fs;
    private final Path temp;
    private final Path target;

    private AtomicOutput(FileSystem fs, Path temp, Path target) {
        this.fs = fs;
        this.temp = temp;
        this.target = target;
    }

    static AtomicOutput start(String dir, String id, Configuration hadoop) {
        try {
            Path parent = new Path(dir);
            FileSystem fs = parent.getFileSystem(hadoop);
            parent = fs.makeQualified(parent);
            Path target = new Path(parent, id);
            if (fs.exists(target)) {
                throw new BadInputException("output.dir: " + target + " already exists; wait a second and rerun");
            }
            Path temp = new Path(parent, ".tmp-" + id);
            fs.delete(temp, true);
            if (!fs.mkdirs(temp)) {
                throw new BadInputException("output.dir: cannot create " + temp);
            }
            return new AtomicOutput(fs, temp, target);
        } catch (IOException e) {
            throw new BadInputException("output.dir: cannot write under " + dir + ": " + e.getMessage(), e);
        }
    }

    /** A path inside the (still temporary) directory. */
    String path(String relative) {
        return new Path(temp, relative).toString();
    }

    String finalPath() {
        return target.toString();
    }

    void writeText(String relative, String text) {
        try (FSDataOutputStream out = fs.create(new Path(temp, relative), true)) {
            out.write(text.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new BadInputException("output.dir: cannot write " + relative + " in " + temp + ": " + e.getMessage(), e);
        }
    }

    void delete(String relative) {
        try {
            fs.delete(new Path(temp, relative), true);
        } catch (IOException ignored) {
            // best effort: scratch files inside the temporary directory
        }
    }

    void publish() {
        try {
            if (!fs.rename(temp, target)) {
                throw new IOException("rename " + temp + " -> " + target + " failed");
            }
        } catch (IOException e) {
            throw new BadInputException("output.dir: cannot publish " + target + ": " + e.getMessage(), e);
        }
    }

    void abandon() {
        try {
            fs.delete(temp, true);
        } catch (IOException ignored) {
            // best effort: a hidden .tmp- directory is never read as a result
        }
    }
}
