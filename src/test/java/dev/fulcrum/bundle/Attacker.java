package dev.fulcrum.bundle;

import dev.fulcrum.report.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;

/**
 * What someone who can write the bundle's storage, has Fulcrum's code but not the key, does after
 * editing files: drops Hadoop's .crc side files and recomputes every checksum Fulcrum stores.
 */
final class Attacker {
    private Attacker() {
    }

    static void dropCrcFiles(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.filter(f -> f.getFileName().toString().endsWith(".crc")).toList()) {
                Files.delete(p);
            }
        }
    }

    /** Rewrites bundle.json's networkSha256 / scalerSha256 for the files as they are now. */
    static void fixBundleJson(Path model) throws IOException {
        dropCrcFiles(model);
        Path bundle = model.resolve("bundle.json");
        Map<String, Object> m = Json.read(Files.readString(bundle));
        m.put("networkSha256", ModelBundle.sha256(Files.readAllBytes(model.resolve("network.zip"))));
        m.put("scalerSha256", ModelBundle.treeSha256(org.apache.hadoop.fs.FileSystem.getLocal(new Configuration()),
                new org.apache.hadoop.fs.Path(model.resolve("scaler").toString())));
        Files.writeString(bundle, Json.write(m));
    }

    /** {@link #fixBundleJson} and a new (unsigned) manifest: everything but a signature. */
    static void reseal(Path model) throws IOException {
        fixBundleJson(model);
        rewriteManifest(model);
    }

    /** A manifest listing the files as they are now; an existing signature is left alone. */
    static void rewriteManifest(Path model) throws IOException {
        dropCrcFiles(model);
        BundleManifest.write(org.apache.hadoop.fs.FileSystem.getLocal(new Configuration()),
                new org.apache.hadoop.fs.Path(model.toString()), BundleKeys.none());
        dropCrcFiles(model);
    }

    /** The stage metadata files of a saved scaler, in stage order. */
    static List<Path> stageMetadata(Path model) throws IOException {
        try (Stream<Path> s = Files.walk(model.resolve("scaler/stages"))) {
            return s.filter(p -> p.getFileName().toString().equals("part-00000")
                    && p.getParent().getFileName().toString().equals("metadata")).sorted().toList();
        }
    }
}
