package jp.mimamori.integrity.log;

import java.util.List;
import java.util.Objects;

/**
 * An RFC 9162 inclusion proof: the sibling hashes from leaf {@code index} up to the root of a tree of
 * {@code treeSize} leaves.
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
}
