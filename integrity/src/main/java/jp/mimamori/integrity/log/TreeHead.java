package jp.mimamori.integrity.log;

import java.util.HexFormat;
import java.util.Objects;

/**
 * A tree size and the RFC 9162 root hash of the log's first {@code size} records.
 *
 * <p>Immutable and thread-safe.
 *
 * @param size     number of records
 * @param rootHash 32-byte root hash
 */
public record TreeHead(long size, byte[] rootHash) {
    /** Validates and copies. */
    public TreeHead {
        if (size < 0) {
            throw new IllegalArgumentException("size: must be >= 0, was " + size);
        }
        Objects.requireNonNull(rootHash, "rootHash");
        if (rootHash.length != 32) {
            throw new IllegalArgumentException("rootHash: must be 32 bytes, was " + rootHash.length);
        }
        rootHash = rootHash.clone();
    }

    /** The {@code rootHash} component, as a copy: the record keeps its own. */
    @Override
    public byte[] rootHash() {
        return rootHash.clone();
    }

    /** The root as lowercase hex. */
    public String rootHex() {
        return HexFormat.of().formatHex(rootHash);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TreeHead t && t.size == size && java.util.Arrays.equals(t.rootHash, rootHash);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(size) * 31 + java.util.Arrays.hashCode(rootHash);
    }

    @Override
    public String toString() {
        return "TreeHead[size=" + size + ", root=" + rootHex() + "]";
    }
}
