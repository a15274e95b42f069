package jp.mimamori.integrity.log.internal;

import java.io.IOException;

/**
 * The right edge of an RFC 9162 tree being built leaf by leaf: one complete subtree hash per set bit of the size,
 * so the root of a tree of any size is known with {@code O(log n)} memory. The log's stored tree
 * ({@link TreeStore}) appends through it and stores each node it completes; the log verifier rebuilds the root
 * of a log of any length through it without holding the leaves.
 *
 * <p>Not thread-safe: one writer.
 */
public final class Frontier {
    private static final int MAX_LEVELS = 64;
    private final byte[][] nodes = new byte[MAX_LEVELS][];
    private long size;

    /** Receives each node a leaf completes, level 0 being the leaf itself. */
    @FunctionalInterface
    public interface Completed {
        /** Node {@code index} of {@code level} is complete. */
        void node(int level, long index, byte[] hash) throws IOException;
    }

    /** An empty tree. */
    public Frontier() {}

    /**
     * The edge of a stored tree of {@code size} leaves; {@code stored} reads the complete node of a level
     * ({@code (size >> level) - 1}) for every set bit of {@code size}.
     */
    public static Frontier of(long size, NodeReader stored) throws IOException {
        Frontier f = new Frontier();
        f.size = size;
        for (int k = 0; k < MAX_LEVELS && (size >> k) > 0; k++) {
            if (((size >> k) & 1) == 1) {
                f.nodes[k] = stored.node(k, (size >> k) - 1);
            }
        }
        return f;
    }

    /** Reads a stored node. */
    @FunctionalInterface
    public interface NodeReader {
        /** Node {@code index} of {@code level}. */
        byte[] node(int level, long index) throws IOException;
    }

    /** Leaves appended. */
    public long size() {
        return size;
    }

    /** Appends one leaf hash, telling {@code completed} every node it completes (the leaf first). */
    public void append(byte[] leafHash, Completed completed) throws IOException {
        byte[] h = leafHash;
        long idx = size;
        int k = 0;
        completed.node(0, idx, h);
        while ((idx & 1) == 1) {
            h = Rfc9162.local().node(nodes[k], h);
            nodes[k] = null;
            idx >>= 1;
            k++;
            completed.node(k, idx, h);
        }
        nodes[k] = h;
        size++;
    }

    /** Appends one leaf hash. */
    public void append(byte[] leafHash) {
        try {
            append(leafHash, (level, index, hash) -> { });
        } catch (IOException e) {
            throw new AssertionError(e); // the sink above does no I/O
        }
    }

    /** The root of the leaves appended so far (the empty tree's root for none). */
    public byte[] root() {
        if (size == 0) {
            return Rfc9162.local().empty();
        }
        byte[] acc = null;
        for (int k = 0; k < MAX_LEVELS; k++) {
            if (((size >> k) & 1) == 1) {
                acc = acc == null ? nodes[k] : Rfc9162.local().node(nodes[k], acc);
            }
        }
        return acc;
    }
}
