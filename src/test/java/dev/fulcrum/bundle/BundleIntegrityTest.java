package dev.fulcrum.bundle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fulcrum.SparkTestSession;
import dev.fulcrum.error.BadInputException;
import dev.fulcrum.registry.ModelRegistry;
import dev.fulcrum.report.Json;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 12 cases 2 and 3: every bundle file is checked against the manifest, the checksums in
 * bundle.json are mandatory, and with a key the manifest cannot be rewritten unnoticed. Each test
 * tampers with a copy of a real bundle the way the issue reports (or an attacker would).
 */
class BundleIntegrityTest {
    static final String KEY = "k".repeat(16) + "-test-key-0123456789";
    static final String OTHER_KEY = "o".repeat(16) + "-other-key-0123456789";

    @TempDir
    static Path shared;
    @TempDir
    Path tmp;

    static Dataset<Row> rows;
    static Path unsigned;
    static Path signed;
    static Path otherNetwork;

    @BeforeAll
    static void writeBundles() {
        Configuration hadoop = SparkTestSession.get().sparkContext().hadoopConfiguration();
        rows = BundleFixture.rows(120);
        var scaler = BundleFixture.scaler(rows);
        unsigned = Path.of(URI.create(BundleFixture.write(shared.resolve("unsigned").toString(), scaler, hadoop)));
        signed = Path.of(URI.create(BundleFixture.write(shared.resolve("signed").toString(), scaler, hadoop,
                BundleKeys.of(KEY))));
        otherNetwork = Path.of(URI.create(BundleFixture.write(shared.resolve("other").toString(), scaler,
                BundleFixture.network(43), hadoop, BundleKeys.none())));
    }

    private static Configuration conf(String key) {
        Configuration c = new Configuration(SparkTestSession.get().sparkContext().hadoopConfiguration());
        if (key != null) {
            c.set(BundleKeys.CONF, key);
        }
        return c;
    }

    private int copies;

    private Path copy(Path run) throws IOException {
        Path dst = tmp.resolve("copy-" + run.getFileName() + "-" + copies++);
        try (Stream<Path> s = Files.walk(run)) {
            for (Path p : (Iterable<Path>) s::iterator) {
                Files.copy(p, dst.resolve(run.relativize(p).toString()));
            }
        }
        return dst;
    }

    private static AbstractThrowableAssert<?, ? extends Throwable> refused(Path run, String key, boolean requireSigned) {
        return assertThatThrownBy(() -> LoadedModel.load(run.toString(), conf(key), requireSigned))
                .isInstanceOf(BadInputException.class).hasMessageStartingWith("--model: refusing the bundle: ");
    }

    private static void editThreshold(Path run, double t) throws IOException {
        Path bundle = run.resolve("model/bundle.json");
        Map<String, Object> m = Json.read(Files.readString(bundle));
        m.put("threshold", t);
        Files.writeString(bundle, Json.write(m));
        Files.delete(run.resolve("model/.bundle.json.crc")); // what made the edit pass
    }

    @Test
    void aSignedBundleRoundTripsScoresAndSurvivesARegistryCopy() throws Exception {
        LoadedModel m = LoadedModel.load(signed.toString(), conf(KEY), true);
        assertThat(m.score(rows, List.of("id")).count()).isEqualTo(120);
        assertThat(signed.resolve("model/manifest.sig")).isRegularFile();
        assertThat(unsigned.resolve("model/manifest.sig")).doesNotExist();
        Map<String, Object> manifest = Json.read(Files.readString(signed.resolve("model/manifest.json")));
        @SuppressWarnings("unchecked")
        Map<String, Map<String, Object>> files = (Map<String, Map<String, Object>>) manifest.get("files");
        assertThat(files).containsKeys("bundle.json", "network.zip", "provenance.json", "scaler/metadata/part-00000",
                "scaler/metadata/_SUCCESS");
        assertThat(files.keySet()).noneMatch(f -> f.endsWith(".crc") || f.startsWith("manifest"));
        // an independent recomputation of one entry
        byte[] zip = Files.readAllBytes(signed.resolve("model/network.zip"));
        assertThat(files.get("network.zip")).containsEntry("sha256", ModelBundle.sha256(zip))
                .containsEntry("length", zip.length);
        // every file of the tree is listed: the walk here and the manifest agree
        try (Stream<Path> s = Files.walk(signed.resolve("model"))) {
            assertThat(s.filter(Files::isRegularFile).map(p -> signed.resolve("model").relativize(p).toString())
                    .filter(n -> !n.endsWith(".crc") && !n.startsWith("manifest.")).sorted())
                    .containsExactlyElementsOf(files.keySet().stream().sorted().toList());
        }

        Path run = copy(signed);
        Files.writeString(run.resolve("metrics.json"), "{}\n"); // a run's, outside the bundle
        ModelRegistry registry = new ModelRegistry(tmp.resolve("registry").toString(), conf(KEY));
        String version = registry.register("fraud", run.toString());
        LoadedModel copy = LoadedModel.load(registry.modelDir("fraud") + "/" + version, conf(KEY), true);
        assertThat(copy.threshold()).isEqualTo(m.threshold());
    }

    @Test
    void aThresholdEditedInBundleJsonIsRefusedOnceItsCrcIsGone() throws Exception {
        for (Path run : List.of(copy(unsigned), copy(signed))) {
            editThreshold(run, 0.999);
            refused(run, KEY, false).hasMessageContaining("model/bundle.json")
                    .hasMessageContaining("does not match manifest.json");
        }
    }

    @Test
    void aSwappedNetworkWithItsShaRewrittenInBundleJsonIsRefused() throws Exception {
        Path run = copy(unsigned);
        Files.copy(otherNetwork.resolve("model/network.zip"), run.resolve("model/network.zip"),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Attacker.fixBundleJson(run.resolve("model"));
        refused(run, null, false).hasMessageContaining("does not match manifest.json");
        // and the swap alone (bundle.json untouched) is refused at network.zip
        Path run2 = tmp.resolve("swap-only");
        Files.move(copy(unsigned), run2);
        Files.copy(otherNetwork.resolve("model/network.zip"), run2.resolve("model/network.zip"),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Attacker.dropCrcFiles(run2);
        refused(run2, null, false).hasMessageContaining("model/network.zip").hasMessageContaining("manifest.json");
    }

    @Test
    void aDeletedChecksumKeyIsRefusedEvenWithAConsistentManifest() throws Exception {
        for (String key : List.of("scalerSha256", "networkSha256")) {
            Path run = tmp.resolve("no-" + key);
            Files.move(copy(unsigned), run);
            Path bundle = run.resolve("model/bundle.json");
            Map<String, Object> m = Json.read(Files.readString(bundle));
            m.remove(key);
            Files.writeString(bundle, Json.write(m));
            Attacker.dropCrcFiles(run);
            refused(run, null, false).hasMessageContaining("does not match manifest.json"); // the plain edit
            Attacker.rewriteManifest(run.resolve("model"));
            refused(run, null, false).hasMessageContaining(key + " must be a string; got null");
        }
    }

    @Test
    void aManifestRewrittenWithoutTheKeyPassesOnlyWhereNoSignatureIsRequired() throws Exception {
        Path run = copy(unsigned);
        editThreshold(run, 0.999);
        Attacker.rewriteManifest(run.resolve("model"));
        // What an unsigned bundle cannot protect against (docs/security.md): accepted...
        assertThat(LoadedModel.load(run.toString(), conf(null), false).threshold()).isEqualTo(0.999);
        assertThat(LoadedModel.load(run.toString(), conf(KEY), false).threshold()).isEqualTo(0.999);
        // ...unless a signature is required.
        refused(run, KEY, true).hasMessageContaining("manifest.sig: missing: the bundle is not signed")
                .hasMessageContaining("drop --require-signed");

        // A signed bundle: with the key configured the signature is always checked.
        Path s = copy(signed);
        editThreshold(s, 0.999);
        Attacker.rewriteManifest(s.resolve("model"));
        refused(s, KEY, false).hasMessageContaining("manifest.sig")
                .hasMessageContaining("the signature does not match the manifest");
        // Deleting the signature turns it into an unsigned bundle: refused under --require-signed.
        Files.delete(s.resolve("model/manifest.sig"));
        refused(s, KEY, true).hasMessageContaining("not signed");
    }

    @Test
    void aWrongKeyIsRefusedAndThePreviousKeyVerifiesDuringARotation() throws Exception {
        refused(signed, OTHER_KEY, false).hasMessageContaining("signed with key ")
                .hasMessageContaining("a wrong key, or a bundle signed before a key rotation");
        refused(signed, OTHER_KEY, true).hasMessageContaining("signed with key ");
        Configuration rotating = conf(OTHER_KEY);
        rotating.set(BundleKeys.CONF_PREVIOUS, KEY);
        assertThat(LoadedModel.load(signed.toString(), rotating, true).threshold()).isEqualTo(0.5);
    }

    @Test
    void requireSignedWithoutAConfiguredKeyIsRefusedSayingHowToSetOne() {
        refused(signed, null, true).hasMessageContaining("--require-signed needs the signing key")
                .hasMessageContaining(BundleKeys.ENV).hasMessageContaining(BundleKeys.CONF);
    }

    @Test
    void anExtraFileInTheScalerIsRefusedListedInTheManifestOrNot() throws Exception {
        Path run = copy(unsigned);
        Path stageMeta = Attacker.stageMetadata(run.resolve("model")).get(0).getParent();
        Files.writeString(stageMeta.resolve("part-00001"), "{\"class\":\"org.apache.spark.ml.feature.SQLTransformer\"}\n");
        refused(run, null, false).hasMessageContaining("part-00001").hasMessageContaining("not listed in manifest.json");
        Attacker.rewriteManifest(run.resolve("model"));
        refused(run, null, false).hasMessageContaining("part-00001").hasMessageContaining("unexpected file");
        // anywhere in the bundle, not only in the scaler
        Path run2 = tmp.resolve("extra-top");
        Files.move(copy(unsigned), run2);
        Files.writeString(run2.resolve("model/notes.txt"), "hello\n");
        refused(run2, null, false).hasMessageContaining("model/notes.txt").hasMessageContaining("not listed");
    }

    @Test
    void aBundleWithoutAManifestOrWithAListedFileMissingIsRefused() throws Exception {
        Path run = copy(unsigned);
        Files.delete(run.resolve("model/manifest.json"));
        refused(run, null, false).hasMessageContaining("manifest.json: missing: the bundle predates manifests")
                .hasMessageContaining("retrain");
        Path run2 = tmp.resolve("no-provenance");
        Files.move(copy(unsigned), run2);
        Files.delete(run2.resolve("model/provenance.json"));
        refused(run2, null, false).hasMessageContaining("model/provenance.json: missing, but listed in manifest.json");
    }
}
