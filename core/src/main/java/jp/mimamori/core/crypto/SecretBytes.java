package jp.mimamori.core.crypto;

import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Objects;
import javax.security.auth.Destroyable;

/**
 * Secret key material, shaped after Tink's {@code SecretBytes}: immutable, its length is {@link #size()}, its
 * bytes come out only through the deliberate {@link #toByteArray()} (a copy the caller wipes), two secrets
 * compare only in constant time ({@link #equalsSecretBytes}), and nothing leaks through {@code equals},
 * {@code hashCode} (both identity) or {@code toString} ({@code SecretBytes[32 bytes]}). {@link #destroy()}
 * zeroes it; any access afterwards is an {@link IllegalStateException}.
 *
 * <pre>{@code
 * SecretBytes key = SecretBytes.copyOf(seed);
 * java.util.Arrays.fill(seed, (byte) 0);       // the caller wipes its own copy
 * try (SecretBytes k = SecretBytes.random(32)) {
 *     byte[] raw = k.toByteArray();
 *     try { ... } finally { java.util.Arrays.fill(raw, (byte) 0); }
 * }
 * }</pre>
 *
 * <p>Thread-safe for reading; {@code destroy()} while another thread reads is the caller's race to avoid.
 */
public final class SecretBytes implements Destroyable, AutoCloseable {
    private static final SecureRandom RANDOM = new SecureRandom();

    private final byte[] bytes;
    private volatile boolean destroyed;

    private SecretBytes(byte[] bytes) {
        this.bytes = bytes;
    }

    /**
     * A copy of {@code bytes} (the caller keeps, and should wipe, its own array).
     *
     * @throws IllegalArgumentException if {@code bytes} is empty
     */
    public static SecretBytes copyOf(byte[] bytes) {
        Objects.requireNonNull(bytes, "bytes");
        if (bytes.length == 0) {
            throw new IllegalArgumentException("bytes: must not be empty");
        }
        return new SecretBytes(bytes.clone());
    }

    /** {@code n} fresh random bytes from a shared {@link SecureRandom}. */
    public static SecretBytes random(int n) {
        return random(n, RANDOM);
    }

    /** {@code n} random bytes from {@code random}. */
    public static SecretBytes random(int n, SecureRandom random) {
        if (n <= 0) {
            throw new IllegalArgumentException("n: must be positive, was " + n);
        }
        byte[] b = new byte[n];
        Objects.requireNonNull(random, "random").nextBytes(b);
        return new SecretBytes(b);
    }

    /** Length in bytes (known even after {@link #destroy()}). */
    public int size() {
        return bytes.length;
    }

    /**
     * A copy of the secret; wipe it when done ({@code Arrays.fill(copy, (byte) 0)}).
     *
     * @throws IllegalStateException if destroyed
     */
    public byte[] toByteArray() {
        return live().clone();
    }

    private byte[] live() {
        if (destroyed) {
            throw new IllegalStateException("secret has been destroyed");
        }
        return bytes;
    }

    /**
     * Whether both secrets hold the same bytes, compared in constant time (lengths may leak).
     *
     * @throws IllegalStateException if either is destroyed
     */
    public boolean equalsSecretBytes(SecretBytes other) {
        Objects.requireNonNull(other, "other");
        return MessageDigest.isEqual(live(), other.live());
    }

    /** {@code SecretBytes[N bytes]}: never the contents. */
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

    /** Same as {@link #destroy()}, for try-with-resources. */
    @Override
    public void close() {
        destroy();
    }
}
