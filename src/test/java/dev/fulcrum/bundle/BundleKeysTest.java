package dev.fulcrum.bundle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fulcrum.error.BadInputException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.security.alias.CredentialProvider;
import org.apache.hadoop.security.alias.CredentialProviderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where the signing key comes from and what a signature is (no Spark). */
class BundleKeysTest {
    static final String KEY = "0123456789abcdef0123456789abcdef-key";
    static final byte[] MANIFEST = "{\"files\":{}}\n".getBytes(StandardCharsets.UTF_8);

    @TempDir
    Path tmp;

    @Test
    void theSignatureIsAnHmacSha256OfTheExactManifestBytes() throws Exception {
        String sig = BundleKeys.of(KEY).sign(MANIFEST);
        Mac mac = Mac.getInstance("HmacSHA256"); // the JDK's, as an independent reference
        mac.init(new SecretKeySpec(KEY.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        assertThat(sig).matches("hmac-sha256 [0-9a-f]{16} [0-9a-f]{64}\n")
                .endsWith(" " + HexFormat.of().formatHex(mac.doFinal(MANIFEST)) + "\n");
        assertThat(BundleKeys.of(KEY).verify(MANIFEST, sig)).isNull();
        byte[] edited = MANIFEST.clone();
        edited[3] ^= 1;
        assertThat(BundleKeys.of(KEY).verify(edited, sig)).contains("does not match the manifest");
        String flipped = sig.substring(0, sig.length() - 2) + (sig.charAt(sig.length() - 2) == '0' ? '1' : '0') + "\n";
        assertThat(BundleKeys.of(KEY).verify(MANIFEST, flipped)).contains("does not match the manifest");
        assertThat(BundleKeys.of(KEY + "x").verify(MANIFEST, sig)).contains("signed with key");
        assertThat(BundleKeys.of(KEY).verify(MANIFEST, "garbage")).contains("not a Fulcrum signature");
        assertThat(sig).doesNotContain(KEY);
    }

    @Test
    void theKeyComesFromTheHadoopConfThenTheEnvironmentAndMustBeLongEnough() {
        Configuration none = new Configuration(false);
        assertThat(BundleKeys.configured(none, Map.of()).present()).isFalse();
        BundleKeys env = BundleKeys.configured(none, Map.of(BundleKeys.ENV, KEY));
        assertThat(env.present()).isTrue();
        assertThat(env.describe()).contains("environment variable " + BundleKeys.ENV).doesNotContain(KEY);
        String sig = env.sign(MANIFEST);
        Configuration conf = new Configuration(false);
        conf.set(BundleKeys.CONF, KEY);
        assertThat(BundleKeys.configured(conf, Map.of(BundleKeys.ENV, "z".repeat(40))).verify(MANIFEST, sig)).isNull();
        assertThatThrownBy(() -> BundleKeys.configured(none, Map.of(BundleKeys.ENV, "short")))
                .isInstanceOf(BadInputException.class)
                .hasMessage("environment variable FULCRUM_BUNDLE_KEY must be at least 32 characters; got 5; "
                        + "generate one with: openssl rand -base64 32");
        assertThatThrownBy(() -> BundleKeys.configured(none, Map.of(BundleKeys.ENV_PREVIOUS, KEY)))
                .isInstanceOf(BadInputException.class).hasMessageContaining("set the current key too");
    }

    @Test
    void aHadoopCredentialProviderHoldsTheKey() throws Exception {
        Configuration conf = new Configuration(false);
        conf.set(CredentialProviderFactory.CREDENTIAL_PROVIDER_PATH, "jceks://file" + tmp.resolve("fulcrum.jceks"));
        CredentialProvider store = CredentialProviderFactory.getProviders(conf).get(0);
        store.createCredentialEntry(BundleKeys.CONF, KEY.toCharArray());
        store.flush();
        Configuration reader = new Configuration(false);
        reader.set(CredentialProviderFactory.CREDENTIAL_PROVIDER_PATH, "jceks://file" + tmp.resolve("fulcrum.jceks"));
        assertThat(reader.get(BundleKeys.CONF)).isNull(); // not in the conf in clear
        BundleKeys keys = BundleKeys.configured(reader, Map.of());
        assertThat(keys.describe()).contains("Hadoop credential/conf " + BundleKeys.CONF);
        assertThat(keys.verify(MANIFEST, BundleKeys.of(KEY).sign(MANIFEST))).isNull();
    }
}
