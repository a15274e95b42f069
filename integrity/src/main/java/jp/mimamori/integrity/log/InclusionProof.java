package jp.mimamori.integrity.log;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;

/**
 * An RFC 9162 inclusion proof: the sibling hashes from leaf {@code index} up to the root of a tree of
 * {@code treeSize} leaves.
 *
 * <p>Immutable and thread-safe: the hashes are copied in and out, and equality is by content.
 *
 * @param index    the leaf's zero-based index
 * @param treeSize size of the tree the proof is for
 * @param path     sibling hashes, leaf to root, 32 bytes each
 */
public record InclusionProof(long index, long treeSize, List<byte[]> path) {
    /** Validates and copies. */
    public InclusionProof {
        if (index < 0 || index >= treeSize) {
            throw new IllegalArgumentException("index: must be in [0, treeSize), was " + index + " of " + treeSize);
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
        return o instanceof InclusionProof p && p.index == index && p.treeSize == treeSize && samePath(p.path, path);
    }

    @Override
    public int hashCode() {
        return pathHash(index, treeSize, path);
    }

    @Override
    public String toString() {
        return "InclusionProof[index=" + index + ", treeSize=" + treeSize + ", path=" + hex(path) + "]";
    }

    /** Content hash of two sizes and a path, shared with {@link ConsistencyProof}. */
    static int pathHash(long a, long b, List<byte[]> path) {
        int h = Long.hashCode(a) * 31 + Long.hashCode(b);
        for (byte[] x : path) {
            h = h * 31 + Arrays.hashCode(x);
        }
        return h;
    }

    /** The path's hashes as lowercase hex, for {@code toString}. */
    static List<String> hex(List<byte[]> path) {
        return path.stream().map(HexFormat.of()::formatHex).toList();
    }

    static boolean samePath(List<byte[]> x, List<byte[]> y) {
        if (x.size() != y.size()) {
            return false;
        }
        for (int i = 0; i < x.size(); i++) {
            if (!Arrays.equals(x.get(i), y.get(i))) {
                return false;
            }
        }
        return true;
    }
}
