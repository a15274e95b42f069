package jp.mimamori.integrity.log.internal;

import jp.mimamori.integrity.merkle.Merkle;

/**
 * RFC 9162 §2.1 hashing for the log's storage code, delegating to {@link Merkle} (leaf = SHA-256(0x00 || d),
 * node = SHA-256(0x01 || l || r)). An instance is passed through the tree walks so the call sites stay short.
 */
public final class Rfc9162 {
    private static final Rfc9162 INSTANCE = new Rfc9162();

    /** A hasher. */
    public Rfc9162() {}

    /** The shared hasher (stateless; {@link Merkle} keeps one digest per thread). */
    public static Rfc9162 local() {
        return INSTANCE;
    }

    /** The leaf hash of {@code data[off..off+len)}. */
    public byte[] leaf(byte[] data, int off, int len) {
        return Merkle.leafHash(data, off, len);
    }

    /** The leaf hash of {@code data}. */
    public byte[] leaf(byte[] data) {
        return Merkle.leafHash(data);
    }

    /** The interior node hash of two children. */
    public byte[] node(byte[] left, byte[] right) {
        return Merkle.nodeHash(left, right);
    }

    /** The root of the empty tree. */
    public byte[] empty() {
        return Merkle.emptyRoot();
    }
}
