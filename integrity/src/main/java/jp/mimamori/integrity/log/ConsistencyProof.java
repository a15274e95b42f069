package jp.mimamori.integrity.log;

import java.util.List;
import java.util.Objects;

/**
 * An RFC 9162 consistency proof between a tree of {@code fromSize} leaves and one of {@code toSize}.
 *
 * <p>Immutable and thread-safe: the hashes are copied in and out, and equality is by content.
 *
 * @param fromSize the older tree's size
 * @param toSize   the newer tree's size
 * @param path     proof hashes, 32 bytes each
 */
public record ConsistencyProof(long fromSize, long toSize, List<byte[]> path) {
    /** Validates and copies. */
    public ConsistencyProof {
        if (fromSize < 0 || fromSize > toSize) {
            throw new IllegalArgumentException("fromSize: must be in [0, toSize], was " + fromSize + " of " + toSize);
        }
        path = List.copyOf(Objects.requireNonNull(path, "path")).stream().map(byte[]::clone).toList();
    }

    /** The {@code path} component, as a copy: the proof keeps its own hashes. */
    @Override
    public List<byte[]> path() {
        return path.stream().map(byte[]::clone).toList();
    }

    /** Equal when every field and every hash of the path are equal (content, not identity). */
    @Override
    public boolean equals(Object o) {
        return o instanceof ConsistencyProof p && p.fromSize == fromSize && p.toSize == toSize && InclusionProof.samePath(p.path, path);
    }

    @Override
    public int hashCode() {
        return InclusionProof.pathHash(fromSize, toSize, path);
    }

    @Override
    public String toString() {
        return "ConsistencyProof[fromSize=" + fromSize + ", toSize=" + toSize + ", path=" + InclusionProof.hex(path)
                + "]";
    }

}
