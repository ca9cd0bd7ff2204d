package dev.fulcrum.bundle;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** Versions of Fulcrum and the libraries it ran with, and the git revision, for provenance. */
public final class Versions {
    private Versions() {
    }

    public static Map<String, Object> all() {
        Map<String, Object> m = new LinkedHashMap<>();
        Package p = Versions.class.getPackage();
        m.put("fulcrum", p != null && p.getImplementationVersion() != null ? p.getImplementationVersion() : "dev");
        m.put("spark", org.apache.spark.package$.MODULE$.SPARK_VERSION());
        m.put("java", System.getProperty("java.version"));
        m.put("dl4j", "1.0.0-M2");
        m.put("gitRevision", gitRevision());
        return m;
    }

    /** The checkout's HEAD when run from one (FULCRUM_GIT_REVISION wins), else "unknown". */
    static String gitRevision() {
        String env = System.getenv("FULCRUM_GIT_REVISION");
        if (env != null && !env.isBlank()) {
            return env;
        }
        try {
            Process p = new ProcessBuilder("git", "rev-parse", "HEAD").redirectErrorStream(true).start();
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                String line = r.readLine();
                return p.waitFor() == 0 && line != null && line.matches("[0-9a-f]{40}") ? line : "unknown";
            }
        } catch (Exception e) {
            return "unknown";
        }
    }
}
