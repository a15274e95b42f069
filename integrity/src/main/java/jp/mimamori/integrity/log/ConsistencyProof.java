package jp.mimamori.integrity.log;

import java.util.List;
import java.util.Objects;

/**
 * An RFC 9162 consistency proof between a tree of {@code fromSize} leaves and one of {@code toSize}.
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
}
