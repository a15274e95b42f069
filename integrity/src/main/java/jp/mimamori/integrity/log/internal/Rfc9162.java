package jp.mimamori.integrity.log.internal;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * RFC 9162 §2.1 hashing with a reusable digest: leaf = SHA-256(0x00 || d), node = SHA-256(0x01 || l || r).
 * Not thread-safe; one instance per thread. Used on the append and proof hot paths where a fresh
 * {@link MessageDigest} per hash would cost more than the hash.
 */
public final class Rfc9162 {
    private final MessageDigest md;

    /** A hasher with its own SHA-256 digest. */
    public Rfc9162() {
        try {
            md = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java platform", e);
        }
    }

    private static final ThreadLocal<Rfc9162> LOCAL = ThreadLocal.withInitial(Rfc9162::new);

    /** This thread's hasher. */
    public static Rfc9162 local() {
        return LOCAL.get();
    }

    /** The leaf hash of {@code data}. */
    public byte[] leaf(byte[] data, int off, int len) {
        md.update((byte) 0);
        md.update(data, off, len);
        return md.digest();
    }

    /** The leaf hash of {@code data}. */
    public byte[] leaf(byte[] data) {
        return leaf(data, 0, data.length);
    }

    /** The interior node hash of two children. */
    public byte[] node(byte[] left, byte[] right) {
        md.update((byte) 1);
        md.update(left);
        md.update(right);
        return md.digest();
    }

    /** The root of the empty tree, SHA-256 of the empty string. */
    public byte[] empty() {
        return md.digest();
    }
}
