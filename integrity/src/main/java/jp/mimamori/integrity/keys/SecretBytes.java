package jp.mimamori.integrity.keys;

import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Objects;
import javax.security.auth.Destroyable;

/**
 * Secret key material: the one place private key bytes live (modelled on Tink's {@code SecretBytes}).
 * Compares in constant time, prints as {@code SecretBytes[32 bytes]}, hashes by length only, and
 * {@link #destroy()} zeroes it; any access afterwards is an {@link IllegalStateException}.
 *
 * <pre>{@code
 * SecretBytes s = SecretBytes.copyOf(seed);
 * java.util.Arrays.fill(seed, (byte) 0);   // the caller wipes its own copy
 * ...
 * s.destroy();
 * }</pre>
 *
 * <p>Thread-safe for reading; {@code destroy()} while another thread signs is the caller's race to avoid.
 */
public final class SecretBytes implements Destroyable {
    private final byte[] bytes;
    private volatile boolean destroyed;

    private SecretBytes(byte[] bytes) {
        this.bytes = bytes;
    }

    /** A copy of {@code bytes} (the caller keeps, and should wipe, its own array). */
    public static SecretBytes copyOf(byte[] bytes) {
        Objects.requireNonNull(bytes, "bytes");
        return new SecretBytes(bytes.clone());
    }

    /** {@code n} random bytes from {@code random}. */
    public static SecretBytes random(int n, java.security.SecureRandom random) {
        if (n <= 0) {
            throw new IllegalArgumentException("n: must be positive");
        }
        byte[] b = new byte[n];
        random.nextBytes(b);
        return new SecretBytes(b);
    }

    /** Length in bytes. */
    public int size() {
        return bytes.length;
    }

    /** A copy of the secret; wipe it when done ({@code Arrays.fill(copy, (byte) 0)}). */
    public byte[] copyBytes() {
        return raw().clone();
    }

    /** The array itself, for this package's signers only (no copy on the hot path). */
    byte[] raw() {
        if (destroyed) {
            throw new IllegalStateException("secret has been destroyed");
        }
        return bytes;
    }

    /** Constant-time comparison of the contents (lengths may leak). */
    public boolean equalsConstantTime(SecretBytes other) {
        return other != null && MessageDigest.isEqual(raw(), other.raw());
    }

    /** Same as {@link #equalsConstantTime}; a destroyed secret equals only itself. */
    @Override
    public boolean equals(Object o) {
        if (o == this) {
            return true;
        }
        return o instanceof SecretBytes s && !destroyed && !s.destroyed && equalsConstantTime(s);
    }

    /** Depends on the length only, so it reveals nothing of the contents. */
    @Override
    public int hashCode() {
        return 31 * bytes.length + 7;
    }

    /** {@code SecretBytes[N bytes]} — never the contents. */
    @Override
    public String toString() {
        return "SecretBytes[" + bytes.length + " bytes" + (destroyed ? ", destroyed]" : "]");
    }

    /** Zeroes the bytes; later access throws {@link IllegalStateException}. Idempotent. */
    @Override
    public void destroy() {
        destroyed = true;
        Arrays.fill(bytes, (byte) 0);
    }

    /** Whether {@link #destroy()} was called. */
    @Override
    public boolean isDestroyed() {
        return destroyed;
    }
}
