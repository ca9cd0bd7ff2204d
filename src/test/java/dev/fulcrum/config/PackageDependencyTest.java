package dev.fulcrum.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** config depends on the stages, never the reverse: the stage packages read no HOCON. */
class PackageDependencyTest {
    private static final List<String> STAGES = List.of("data", "sampling", "features", "loss", "train", "eval", "report");

    @Test
    void stagePackagesImportNeitherConfigNorTypesafeConfig() throws IOException {
        List<String> offenders = new ArrayList<>();
        for (String stage : STAGES) {
            try (Stream<Path> files = Files.walk(Path.of("src/main/java/dev/fulcrum", stage))) {
                for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                    for (String line : Files.readAllLines(f)) {
                        if (line.startsWith("import dev.fulcrum.config.") || line.startsWith("import com.typesafe.config.")) {
                            offenders.add(f + ": " + line);
                        }
                    }
                }
            }
        }
        assertThat(offenders).isEmpty();
    }
}
