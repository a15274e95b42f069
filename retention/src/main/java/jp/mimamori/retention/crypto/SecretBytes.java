package jp.mimamori.retention.crypto;

import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;

/**
 * Secret key material: compares in constant time, never shows itself in {@code toString}, has no content
 * {@code hashCode}, and is zeroed by {@link #destroy()}. Access to the bytes is deliberate ({@link #copy()}).
 */
public final class SecretBytes implements AutoCloseable {
    private static final SecureRandom RANDOM = new SecureRandom();
    private final byte[] bytes;
    private volatile boolean destroyed;

    private SecretBytes(byte[] bytes) {
        this.bytes = bytes;
    }

    /** Fresh random bytes from {@link SecureRandom}. */
    public static SecretBytes random(int length) {
        if (length < 16 || length > 64) {
            throw new IllegalArgumentException("length: must be 16..64 bytes, was " + length);
        }
        byte[] b = new byte[length];
        RANDOM.nextBytes(b);
        return new SecretBytes(b);
    }

    /** Copies {@code bytes} (the caller should zero its own copy). */
    public static SecretBytes copyOf(byte[] bytes) {
        if (bytes == null || bytes.length < 16 || bytes.length > 64) {
            throw new IllegalArgumentException("bytes: must be 16..64 bytes");
        }
        return new SecretBytes(bytes.clone());
    }

    /** Number of bytes. */
    public int length() {
        return bytes.length;
    }

    /** A copy of the secret; zero it when done. */
    public byte[] copy() {
        if (destroyed) {
            throw new IllegalStateException("secret: already destroyed");
        }
        return bytes.clone();
    }

    /** Constant-time comparison. */
    public boolean equalsSecret(SecretBytes other) {
        return other != null && MessageDigest.isEqual(bytes, other.bytes) && !destroyed && !other.destroyed;
    }

    /** Zeroes the bytes; afterwards {@link #copy()} fails. */
    public void destroy() {
        Arrays.fill(bytes, (byte) 0);
        destroyed = true;
    }

    /** Whether {@link #destroy()} ran. */
    public boolean isDestroyed() {
        return destroyed;
    }

    @Override
    public void close() {
        destroy();
    }

    @Override
    public boolean equals(Object o) {
        return this == o;
    }

    @Override
    public int hashCode() {
        return System.identityHashCode(this);
    }

    @Override
    public String toString() {
        return "SecretBytes[" + bytes.length + " bytes, redacted]";
    }
}
