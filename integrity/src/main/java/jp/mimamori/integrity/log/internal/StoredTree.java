package jp.mimamori.integrity.log.internal;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import jp.mimamori.core.internal.io.ConfinedFiles;

/**
 * The stored tree ({@code tree/level-KK.hashes}) opened read-only for readers that must write nothing and take no
 * lock: the read-only {@code LogReader} serving proofs and the verifier comparing the cache with the tree it
 * recomputes. Files are read with positional reads (never mapped, so a file shorter than its tree state says is an
 * {@link IOException}, never a fault), never through a link. Only the first {@code size} leaves (the tree state's)
 * are trusted to have been written; a node beyond is an error.
 *
 * <p>Not thread-safe for {@link #sequential}; {@link #node} may be called from any thread.
 */
public final class StoredTree implements Closeable {
    private final Path logDir;
    private final Path treeDir;
    private final long size;
    private final List<FileChannel> levels = new ArrayList<>();

    /** Opens the levels a tree of {@code size} leaves has, under {@code logDir/tree}. */
    public StoredTree(Path logDir, long size) {
        this.logDir = logDir;
        this.treeDir = logDir.resolve("tree");
        this.size = size;
    }

    /** Leaves covered. */
    public long size() {
        return size;
    }

    private synchronized FileChannel level(int k) throws IOException {
        while (levels.size() <= k) {
            levels.add(null);
        }
        FileChannel c = levels.get(k);
        if (c == null) {
            c = ConfinedFiles.open(logDir, treeDir.resolve(String.format("level-%02d.hashes", k)));
            levels.set(k, c);
        }
        return c;
    }

    /** Stored node {@code index} of {@code level} (a complete subtree of {@code 2^level} leaves). */
    public byte[] node(int level, long index) throws IOException {
        if (level < 0 || level > 62 || index < 0 || index >= (size >> level)) {
            throw new IOException("node " + index + " of level " + level + " is not in the stored tree of " + size);
        }
        ByteBuffer b = ByteBuffer.allocate(32);
        FileChannel c = level(level);
        long at = index * 32;
        if (c.size() < at + 32) {
            throw new IOException(String.format("tree/level-%02d.hashes", level) + " ends before node " + index);
        }
        RecordFile.readFully(c, b, at);
        return b.array();
    }

    /** {@code MTH(D[from:to])} from stored complete subtrees (O(log n) nodes). */
    public byte[] range(long from, long to) throws IOException {
        long n = to - from;
        if (Long.bitCount(n) == 1 && from % n == 0) {
            return node(Long.numberOfTrailingZeros(n), from >> Long.numberOfTrailingZeros(n));
        }
        long k = Long.highestOneBit(n - 1);
        return Rfc9162.local().node(range(from, from + k), range(from + k, to));
    }

    /**
     * A sequential reader of level {@code level} from node 0 on, through a buffer (the verifier compares nodes in
     * the order it completes them, so each level is read once, front to back).
     */
    public Sequential sequential(int level) {
        return new Sequential(level);
    }

    /** Reads one level front to back. Not thread-safe. */
    public final class Sequential {
        private final int level;
        private final ByteBuffer buf = ByteBuffer.allocate(1 << 16);
        private long bufStart = -1;

        private Sequential(int level) {
            this.level = level;
        }

        /** Node {@code index}, or null when the file ends before it. */
        public byte[] node(long index) throws IOException {
            long at = index * 32;
            if (bufStart < 0 || at < bufStart || at + 32 > bufStart + buf.limit()) {
                FileChannel c = level(level);
                long len = c.size();
                if (len < at + 32) {
                    return null;
                }
                buf.clear();
                buf.limit((int) Math.min(buf.capacity(), len - at));
                RecordFile.readFully(c, buf, at);
                bufStart = at;
            }
            byte[] out = new byte[32];
            buf.get((int) (at - bufStart), out);
            return out;
        }
    }

    @Override
    public synchronized void close() throws IOException {
        for (FileChannel c : levels) {
            if (c != null) {
                c.close();
            }
        }
    }
}
