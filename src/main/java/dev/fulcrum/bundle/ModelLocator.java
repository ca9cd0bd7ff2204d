package dev.fulcrum.bundle;

import dev.fulcrum.error.BadInputException;
import dev.fulcrum.bundle.ModelBundle;
import dev.fulcrum.io.AtomicDirectory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Turns a user's {@code --model} into a run directory holding {@code model/bundle.json}, trying in
 * order: a run directory; an output directory whose {@code latest} names a run; a model name in
 * the file-based registry ({@code <registry>/<name>/CHAMPION} naming a version directory).
 */
public final class ModelLocator {
    public static final String CHAMPION = "CHAMPION";

    private ModelLocator() {
    }

    /** @return the qualified run (or registry version) directory */
    public static String resolve(String model, String registryDir, Configuration hadoop) {
        try {
            Path p = new Path(model);
            FileSystem fs = AtomicDirectory.fileSystem(p, hadoop, "--model");
            if (fs.exists(new Path(p, ModelBundle.META))) {
                return fs.makeQualified(p).toString();
            }
            Path latest = new Path(p, "latest");
            if (fs.exists(latest)) {
                Path run = new Path(p, readLine(fs, latest));
                if (fs.exists(new Path(run, ModelBundle.META))) {
                    return fs.makeQualified(run).toString();
                }
                throw new BadInputException("--model: " + latest + " names " + run + ", which has no "
                        + ModelBundle.META);
            }
            if (registryDir != null && !model.contains("/")) {
                Path champion = new Path(new Path(registryDir, model), CHAMPION);
                FileSystem rfs = AtomicDirectory.fileSystem(champion, hadoop, "--registry");
                if (rfs.exists(champion)) {
                    Path version = new Path(champion.getParent(), readLine(rfs, champion));
                    if (rfs.exists(new Path(version, ModelBundle.META))) {
                        return rfs.makeQualified(version).toString();
                    }
                    throw new BadInputException("--model: " + champion + " names version " + version
                            + ", which has no " + ModelBundle.META);
                }
            }
            throw new BadInputException("--model: " + model + " is not a run directory (no " + ModelBundle.META
                    + "), an output directory with a 'latest' file, or a model in registry " + registryDir
                    + " (no " + registryDir + "/" + model + "/" + CHAMPION + ")");
        } catch (IOException e) {
            throw new BadInputException("--model: cannot read " + model + ": " + e.getMessage(), e);
        }
    }

    private static String readLine(FileSystem fs, Path p) throws IOException {
        try (var in = fs.open(p)) {
            String s = new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
            if (s.isEmpty() || s.contains("/") || s.contains("..")) {
                throw new BadInputException("--model: " + p + " must hold one run or version name; got '" + s + "'");
            }
            return s;
        }
    }
}
