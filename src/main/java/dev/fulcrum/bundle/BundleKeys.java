package dev.fulcrum.bundle;

import dev.fulcrum.error.BadInputException;
import dev.fulcrum.error.IoFailureException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.apache.hadoop.conf.Configuration;

/**
 * The HMAC-SHA256 keys that sign bundle manifests. The current key signs what {@code train} writes
 * and verifies; the previous one (during a rotation) only verifies. Each is read first from the
 * Hadoop configuration through {@link Configuration#getPassword} (so a credential provider named
 * by {@code hadoop.security.credential.provider.path} is used, falling back to a plain conf entry),
 * then from the environment.
 *
 * <p>A key id (a hash of the key, not the key) goes into the signature file so a bundle signed
 * with another key is reported as such rather than as "tampered".
 */
public final class BundleKeys {
    public static final String ENV = "FULCRUM_BUNDLE_KEY";
    public static final String CONF = "fulcrum.bundle.key";
    public static final String ENV_PREVIOUS = "FULCRUM_BUNDLE_KEY_PREVIOUS";
    public static final String CONF_PREVIOUS = "fulcrum.bundle.key.previous";
    /** 32 characters of {@code openssl rand -base64 32} are 192 random bits; shorter keys are guessable. */
    public static final int MIN_LENGTH = 32;
    private static final String ALGORITHM = "HmacSHA256";

    private final Key current;
    private final Key previous;

    /** One key: its bytes, its public id and where it came from (for messages; never the value). */
    private record Key(byte[] bytes, String id, String source) {
    }

    private BundleKeys(Key current, Key previous) {
        this.current = current;
        this.previous = previous;
    }

    /** No key: bundles are written unsigned and signatures cannot be checked. */
    public static BundleKeys none() {
        return new BundleKeys(null, null);
    }

    /** The keys configured for this process (Hadoop credential / conf, then environment). */
    public static BundleKeys configured(Configuration hadoop) {
        return configured(hadoop, System.getenv());
    }

    static BundleKeys configured(Configuration hadoop, Map<String, String> env) {
        Key current = read(hadoop, env, CONF, ENV);
        Key previous = read(hadoop, env, CONF_PREVIOUS, ENV_PREVIOUS);
        if (current == null && previous != null) {
            throw new BadInputException(previous.source() + " is set but " + CONF + " / " + ENV
                    + " is not: the previous key only verifies during a rotation; set the current key too");
        }
        return new BundleKeys(current, previous);
    }

    /** A key given directly (tests, embedding callers). */
    public static BundleKeys of(String key) {
        return new BundleKeys(key(key.toCharArray(), "the given key"), null);
    }

    public boolean present() {
        return current != null;
    }

    /** Where the keys come from, for messages: names and ids, never values. */
    public String describe() {
        if (current == null) {
            return "no key (" + CONF + " / " + ENV + " unset)";
        }
        return "key " + current.id() + " from " + current.source()
                + (previous == null ? "" : " and previous key " + previous.id() + " from " + previous.source());
    }

    /** The signature file's content for {@code manifest}: {@code hmac-sha256 <key id> <hex>}. */
    public String sign(byte[] manifest) {
        if (current == null) {
            throw new IllegalStateException("no key to sign with");
        }
        return "hmac-sha256 " + current.id() + " " + HexFormat.of().formatHex(mac(current, manifest)) + "\n";
    }

    /**
     * @return null when {@code signature} is a valid signature of {@code manifest} by a configured
     *         key, else why not
     */
    public String verify(byte[] manifest, String signature) {
        String[] f = signature.strip().split(" ");
        if (f.length != 3 || !f[0].equals("hmac-sha256") || !f[2].matches("[0-9a-f]{64}")) {
            return "not a Fulcrum signature (expected 'hmac-sha256 <key id> <64 hex digits>')";
        }
        List<Key> keys = new ArrayList<>();
        keys.add(current);
        if (previous != null) {
            keys.add(previous);
        }
        for (Key k : keys) {
            if (k.id().equals(f[1])) {
                // constant time: an attacker timing the comparison learns nothing about the right MAC
                return MessageDigest.isEqual(mac(k, manifest), HexFormat.of().parseHex(f[2])) ? null
                        : "the signature does not match the manifest (the manifest was changed after signing)";
            }
        }
        return "signed with key " + f[1] + " but the configured " + describe()
                + " (a wrong key, or a bundle signed before a key rotation)";
    }

    private static Key read(Configuration hadoop, Map<String, String> env, String conf, String var) {
        char[] fromConf;
        try {
            fromConf = hadoop.getPassword(conf);
        } catch (IOException e) {
            throw new IoFailureException(conf + ": cannot read it from the Hadoop credential provider ("
                    + hadoop.get("hadoop.security.credential.provider.path") + "): " + e.getMessage(), e);
        }
        if (fromConf != null && fromConf.length > 0) {
            return key(fromConf, "Hadoop credential/conf " + conf);
        }
        String v = env.get(var);
        return v == null || v.isEmpty() ? null : key(v.toCharArray(), "environment variable " + var);
    }

    private static Key key(char[] chars, String source) {
        if (chars.length < MIN_LENGTH) {
            throw new BadInputException(source + " must be at least " + MIN_LENGTH + " characters; got "
                    + chars.length + "; generate one with: openssl rand -base64 32");
        }
        ByteBuffer b = StandardCharsets.UTF_8.encode(CharBuffer.wrap(chars));
        byte[] bytes = Arrays.copyOf(b.array(), b.limit());
        String id = ModelBundle.sha256(concat("fulcrum-bundle-key-id\0".getBytes(StandardCharsets.UTF_8), bytes))
                .substring(0, 16);
        return new Key(bytes, id, source);
    }

    private static byte[] mac(Key k, byte[] data) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(new SecretKeySpec(k.bytes(), ALGORITHM));
            return mac.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(ALGORITHM + " unavailable: " + e.getMessage(), e);
        }
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
