package jp.mimamori.integrity.log.internal;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.List;

/**
 * The Merkle tree of the log, stored on disk: one {@link MappedArray} per level, where level {@code k} holds
 * the hash of every complete, aligned subtree of {@code 2^k} leaves ({@code level-00} is the leaf hashes).
 * Only complete nodes are ever stored, so a node once written never changes; the right edge of a tree whose
 * size is not a power of two is computed from at most {@code log2(n)} stored nodes.
 *
 * <p>An inclusion proof reads one stored node per level: about 24 memory reads and a few hashes for ten
 * million leaves, with nothing but the mapped pages in memory. Files are named {@code level-KK.hashes}.
 *
 * <p>Threading: one writer ({@link #appendLeaf}); readers ({@link #node}, proofs) may run concurrently for
 * sizes the writer already published.
 */
public final class TreeStore implements Closeable {
    /** Hashes per mapped chunk (2 MiB). */
    static final int CHUNK = 1 << 16;
    private static final int MAX_LEVELS = 63;

    private final Path dir;
    private final List<MappedArray> levels = new CopyOnWriteArrayList<>();
    /** Number of leaves the writer has added (the writer's view; readers pass their own size). */
    private long size;
    /** The writer's right edge. */
    private final Frontier frontier;

    /**
     * Opens the stored tree in {@code dir}, trusting its first {@code size} leaves (the caller's checkpointed
     * tree state says they were forced to disk); anything beyond is overwritten by later appends.
     */
    public TreeStore(Path dir, long size) throws IOException {
        this.dir = dir;
        Files.createDirectories(dir);
        this.size = size;
        for (int k = 0; k < MAX_LEVELS && (k == 0 || (size >> k) > 0); k++) {
            level(k).mapUpTo(size >> k);
        }
        this.frontier = Frontier.of(size, this::node);
    }

    private MappedArray level(int k) throws IOException {
        while (levels.size() <= k) {
            int n = levels.size();
            levels.add(new MappedArray(dir.resolve(String.format("level-%02d.hashes", n)), 32, CHUNK));
        }
        return levels.get(k);
    }

    /** Leaves added so far by the writer. */
    public long size() {
        return size;
    }

    /** Adds one leaf hash and every node it completes. Writer thread only. */
    public void appendLeaf(byte[] leafHash) throws IOException {
        frontier.append(leafHash, (k, idx, h) -> level(k).put(idx, h, 0));
        size++;
    }

    /** The writer's current root. Writer thread only. */
    public byte[] root() {
        return frontier.root();
    }

    /** Stored node {@code index} at {@code level} (must be complete at a published size). */
    public byte[] node(int level, long index) throws IOException {
        byte[] out = new byte[32];
        levels.get(level).get(index, out, 0);
        return out;
    }

    /** The leaf hash at {@code index}. */
    public byte[] leaf(long index) throws IOException {
        return node(0, index);
    }

    /** MTH(D[start:end]) for {@code end - start >= 1}, from stored complete subtrees. */
    public byte[] subtreeHash(long start, long end, Rfc9162 h) throws IOException {
        long n = end - start;
        if (Long.bitCount(n) == 1 && start % n == 0) {
            return node(Long.numberOfTrailingZeros(n), start >> Long.numberOfTrailingZeros(n));
        }
        long k = Long.highestOneBit(n - 1);
        return h.node(subtreeHash(start, start + k, h), subtreeHash(start + k, end, h));
    }

    /** The root of the first {@code treeSize} leaves. */
    public byte[] rootAt(long treeSize, Rfc9162 h) throws IOException {
        return treeSize == 0 ? h.empty() : subtreeHash(0, treeSize, h);
    }

    /** RFC 9162 §2.1.3.1 PATH(m, D[0:n]) as a list of sibling hashes, leaf to root. */
    public List<byte[]> inclusionPath(long index, long treeSize, Rfc9162 h) throws IOException {
        List<byte[]> out = new ArrayList<>(64);
        path(index, 0, treeSize, out, h);
        return out;
    }

    private void path(long m, long start, long end, List<byte[]> out, Rfc9162 h) throws IOException {
        long n = end - start;
        if (n <= 1) {
            return;
        }
        long k = Long.highestOneBit(n - 1);
        if (m - start < k) {
            path(m, start, start + k, out, h);
            out.add(subtreeHash(start + k, end, h));
        } else {
            path(m, start + k, end, out, h);
            out.add(subtreeHash(start, start + k, h));
        }
    }

    /** RFC 9162 §2.1.4.1 PROOF(m, D[0:n]) for {@code 0 < m <= n}. */
    public List<byte[]> consistencyPath(long m, long treeSize, Rfc9162 h) throws IOException {
        List<byte[]> out = new ArrayList<>(64);
        if (m > 0 && m < treeSize) {
            subproof(m, 0, treeSize, true, out, h);
        }
        return out;
    }

    private void subproof(long m, long start, long end, boolean b, List<byte[]> out, Rfc9162 h)
            throws IOException {
        long n = end - start;
        if (m == n) {
            if (!b) {
                out.add(subtreeHash(start, end, h));
            }
            return;
        }
        long k = Long.highestOneBit(n - 1);
        if (m <= k) {
            subproof(m, start, start + k, b, out, h);
            out.add(subtreeHash(start + k, end, h));
        } else {
            subproof(m - k, start + k, end, false, out, h);
            out.add(subtreeHash(start, start + k, h));
        }
    }

    /** Forces every level to disk (before a tree-state checkpoint names this size). */
    public void force() {
        for (MappedArray a : levels) {
            a.force();
        }
    }

    @Override
    public void close() throws IOException {
        for (MappedArray a : levels) {
            a.close();
        }
    }
}
