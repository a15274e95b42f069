package jp.mimamori.integrity.tiles;

import java.io.Closeable;
import java.io.IOException;
import java.lang.ref.Cleaner;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import jp.mimamori.core.internal.io.BoundedFiles;
import jp.mimamori.core.internal.io.ConfinedFiles;
import jp.mimamori.integrity.merkle.Merkle;

/**
 * Reads the tiles of a tree of {@code size} entries from a tile folder: a hash of any level, the RFC 9162 hash of
 * any subtree range computed from the tiles (as C2SP tlog-tiles clients do), and entry bundles. Every file is read
 * with its exact expected length as the limit and never through a link: the folders holding tiles are opened
 * without following links ({@link ConfinedFiles#openFolder}) and the most recently used of them kept open, so a
 * tile read opens one file relative to its open folder instead of walking down from the tile folder. Recently read
 * tiles are cached, keyed by level and index. Nothing cached is evidence: every proof built from it is checked
 * against the signed root by {@link TileLog}.
 *
 * <p>Thread-safe (the caches are synchronized). {@link #close()} closes the open folders; a reader that is
 * never closed has them closed once it is unreachable.
 */
final class TileReader implements Closeable {
    private static final int CACHE = 1024;
    /** Folders of tiles kept open (a 10 M-entry log has 40 folders of level-0 tiles, 40 of bundles). */
    private static final int FOLDERS = 128;
    private static final Cleaner CLEANER = Cleaner.create();

    private final Path dir;
    private final long size;
    private final Map<Long, byte[][][]> cache = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, byte[][][]> e) {
            return size() > CACHE;
        }
    };
    /** Most tiles whose upper subtrees (groups of 16 hashes and more) are kept: about 1 KiB each. */
    private static final int SUMMARIES = 1 << 16;
    /** Lowest height kept in a summary: below it, at most 15 hashes are computed from the tile. */
    private static final int SUMMARY_FROM = 4;
    /** Per tile (level, index): the roots of its aligned groups of 2^4 … 2^8 hashes, 31 hashes in one array. */
    private final Map<Long, byte[][]> summaries = new java.util.concurrent.ConcurrentHashMap<>();
    /** Recently read tiles' hashes, without their subtrees (a proof reads its bottom tile once). */
    private final Map<Long, byte[][]> raw = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, byte[][]> e) {
            return size() > CACHE;
        }
    };
    /** Right-edge ranges ({@code to == size}) already computed: only O(log n) of them exist. */
    private final Map<Long, byte[]> rightEdge = new java.util.concurrent.ConcurrentHashMap<>();
    private final OpenFolders folders;
    private final Cleaner.Cleanable cleanable;

    TileReader(Path dir, long size) {
        this.dir = dir;
        this.size = size;
        this.folders = new OpenFolders(dir);
        this.cleanable = CLEANER.register(this, folders);
    }

    long size() {
        return size;
    }

    /** Closes the folders held open; reading afterwards fails with an {@link IOException}. */
    @Override
    public void close() {
        cleanable.clean();
    }

    /** The cache key of tile {@code n} of {@code level} (the width follows from the size). */
    private static long key(int level, long n) {
        return (long) level << 56 | n;
    }

    /** The hashes of tile {@code n} at {@code level} as the tree of this size has it (full or partial). */
    byte[][] tile(int level, long n) throws IOException {
        return expanded(level, n)[0];
    }

    /** The tile's hashes, from the cache or read (without computing its subtrees). */
    private byte[][] tileHashes(int level, long n) throws IOException {
        int width = TilePaths.width(level, n, size);
        if (width == 0) {
            throw new IOException("tile " + level + "/" + n + " is beyond the tree of " + size + " entries");
        }
        long key = key(level, n);
        synchronized (cache) {
            byte[][][] hit = cache.get(key);
            if (hit != null) {
                return hit[0];
            }
            byte[][] r = raw.get(key);
            if (r != null) {
                return r;
            }
        }
        String rel = TilePaths.tile(level, n, width);
        byte[] b = read(rel, width * Merkle.HASH_LENGTH);
        if (b.length != width * Merkle.HASH_LENGTH) {
            throw new IOException(rel + ": " + b.length + " bytes, not the " + width * Merkle.HASH_LENGTH
                    + " of " + width + " hashes");
        }
        byte[][] t = new byte[width][];
        for (int i = 0; i < width; i++) {
            t[i] = java.util.Arrays.copyOfRange(b, i * Merkle.HASH_LENGTH, (i + 1) * Merkle.HASH_LENGTH);
        }
        synchronized (cache) {
            raw.put(key, t);
        }
        return t;
    }

    /**
     * The roots of the tile's aligned groups of 16, 32, … 256 hashes (element {@code h - 4} for groups of
     * {@code 2^h}), computed once per tile and kept for up to 65,536 tiles, so that a proof through a tile seen
     * before hashes at most 15 of its hashes again.
     */
    private byte[][] summary(int level, long n) throws IOException {
        long key = key(level, n);
        byte[][] s = summaries.get(key);
        if (s == null) {
            byte[][][] t = expanded(level, n);
            s = new byte[TilePaths.HEIGHT - SUMMARY_FROM + 1][];
            for (int h = SUMMARY_FROM; h <= TilePaths.HEIGHT; h++) {
                byte[] packed = new byte[t[h].length * Merkle.HASH_LENGTH];
                for (int i = 0; i < t[h].length; i++) {
                    System.arraycopy(t[h][i], 0, packed, i * Merkle.HASH_LENGTH, Merkle.HASH_LENGTH);
                }
                s[h - SUMMARY_FROM] = packed;
            }
            if (summaries.size() < SUMMARIES) {
                summaries.put(key, s);
            }
        }
        return s;
    }

    /**
     * Tile {@code n} of {@code level} with the perfect subtrees inside it: element {@code h} holds the roots of the
     * complete aligned groups of {@code 2^h} hashes (element 0 the tile's hashes), computed once per cached tile.
     */
    private byte[][][] expanded(int level, long n) throws IOException {
        long key = key(level, n);
        synchronized (cache) {
            byte[][][] hit = cache.get(key);
            if (hit != null) {
                return hit;
            }
        }
        byte[][][] t = new byte[TilePaths.HEIGHT + 1][][];
        t[0] = tileHashes(level, n);
        for (int h = 1; h <= TilePaths.HEIGHT; h++) {
            t[h] = new byte[t[h - 1].length / 2][];
            for (int i = 0; i < t[h].length; i++) {
                t[h][i] = Merkle.nodeHash(t[h - 1][2 * i], t[h - 1][2 * i + 1]);
            }
        }
        synchronized (cache) {
            cache.put(key, t);
        }
        return t;
    }

    /** The file {@code rel} (a tile path) read whole, at most {@code max} bytes, in its open folder. */
    private byte[] read(String rel, int max) throws IOException {
        int slash = rel.lastIndexOf('/');
        OpenFolders.Handle h = null;
        try {
            h = folders.acquire(rel.substring(0, slash));
            return BoundedFiles.read(h.folder, rel.substring(slash + 1), max);
        } catch (NoSuchFileException e) {
            throw new NoSuchFileException(rel + " (missing from the tile folder)");
        } catch (BoundedFiles.TooLargeException e) {
            throw new IOException(rel + ": longer than the " + max + " bytes it must hold");
        } finally {
            if (h != null) {
                folders.release(h);
            }
        }
    }

    /**
     * The folders of a tile folder held open, most recently used first; one evicted or closed while a read uses it
     * is closed when that read ends. The cleaning action of its {@link TileReader}.
     */
    private static final class OpenFolders implements Runnable {
        private final Path dir;
        private final LinkedHashMap<String, Handle> open = new LinkedHashMap<>(16, 0.75f, true);
        private boolean closed;

        /** One open folder and the reads using it. */
        static final class Handle {
            final ConfinedFiles.Folder folder;
            int users;
            boolean dropped;

            Handle(ConfinedFiles.Folder folder) {
                this.folder = folder;
            }
        }

        OpenFolders(Path dir) {
            this.dir = dir;
        }

        /** The open folder {@code rel} (relative to the tile folder), opened without following links if need be. */
        Handle acquire(String rel) throws IOException {
            synchronized (this) {
                checkOpen();
                Handle h = open.get(rel);
                if (h != null) {
                    h.users++;
                    return h;
                }
            }
            ConfinedFiles.Folder f = ConfinedFiles.openFolder(dir, TilePaths.resolve(dir, rel));
            synchronized (this) {
                Handle h = closed ? null : open.get(rel);
                if (closed || h != null) {
                    quietly(f);
                    checkOpen();
                    h.users++;
                    return h;
                }
                h = new Handle(f);
                h.users = 1;
                open.put(rel, h);
                for (Iterator<Handle> it = open.values().iterator(); open.size() > FOLDERS && it.hasNext(); ) {
                    Handle old = it.next();
                    it.remove();
                    drop(old);
                }
                return h;
            }
        }

        void release(Handle h) {
            synchronized (this) {
                h.users--;
                if (h.dropped && h.users == 0) {
                    quietly(h.folder);
                }
            }
        }

        private void drop(Handle h) {
            h.dropped = true;
            if (h.users == 0) {
                quietly(h.folder);
            }
        }

        private void checkOpen() throws IOException {
            if (closed) {
                throw new IOException(dir + ": the tile reader is closed");
            }
        }

        private static void quietly(ConfinedFiles.Folder f) {
            try {
                f.close();
            } catch (IOException e) {
                // a folder handle that fails to close is gone either way
            }
        }

        /** Closes every folder (those in use once their reads end). */
        @Override
        public synchronized void run() {
            closed = true;
            for (Handle h : open.values()) {
                drop(h);
            }
            open.clear();
        }
    }

    /** Hash {@code index} of {@code level}: {@code MTH(D[index·256^level : (index+1)·256^level])}. */
    byte[] hash(int level, long index) throws IOException {
        return tileHashes(level, index / TilePaths.WIDTH)[(int) (index % TilePaths.WIDTH)];
    }

    /** The leaf hash of entry {@code index}. */
    byte[] leaf(long index) throws IOException {
        return hash(0, index);
    }

    /** {@code MTH(D[from:to])} for a range inside the tree, computed from the tiles. */
    byte[] range(long from, long to) throws IOException {
        long n = to - from;
        if (n <= 0 || from < 0 || to > size) {
            throw new IllegalArgumentException("range: [" + from + ", " + to + ") is not inside [0, " + size + ")");
        }
        if (Long.bitCount(n) == 1 && from % n == 0) {
            int h = Long.numberOfTrailingZeros(n);
            int level = h / TilePaths.HEIGHT;
            int r = h % TilePaths.HEIGHT;
            long first = from >>> (TilePaths.HEIGHT * level);
            long tile = first / TilePaths.WIDTH;
            int at = (int) (first % TilePaths.WIDTH);
            if (r >= SUMMARY_FROM) {
                byte[] packed = summary(level, tile)[r - SUMMARY_FROM];
                int i = (at >> r) * Merkle.HASH_LENGTH;
                if (i + Merkle.HASH_LENGTH > packed.length) {
                    throw new IOException("tile " + level + "/" + tile + " has no complete group at " + at);
                }
                return java.util.Arrays.copyOfRange(packed, i, i + Merkle.HASH_LENGTH);
            }
            byte[][][] cached;
            synchronized (cache) {
                cached = cache.get(key(level, tile));
            }
            if (cached != null) {
                return cached[r][at >> r];
            }
            return perfectRoot(tileHashes(level, tile), at, 1 << r);
        }
        if (to == size) {
            byte[] hit = rightEdge.get(from);
            if (hit != null) {
                return hit;
            }
        }
        long k = Long.highestOneBit(n - 1);
        byte[] out = Merkle.nodeHash(range(from, from + k), range(from + k, to));
        if (to == size) {
            rightEdge.put(from, out);
        }
        return out;
    }

    /** The RFC 9162 root of the tree of this size (the empty-tree hash for 0). */
    byte[] root() throws IOException {
        return size == 0 ? Merkle.emptyRoot() : range(0, size);
    }

    /** The entries of bundle {@code n}, as many as the tree of this size has in it. */
    List<byte[]> bundle(long n) throws IOException {
        int width = TilePaths.width(0, n, size);
        if (width == 0) {
            throw new IOException("bundle " + n + " is beyond the tree of " + size + " entries");
        }
        String rel = TilePaths.bundle(n, width);
        byte[] b = read(rel, width * (2 + TileWriter.MAX_ENTRY));
        List<byte[]> out = new ArrayList<>(width);
        int p = 0;
        while (p < b.length) {
            if (b.length - p < 2) {
                throw new IOException(rel + ": cut inside an entry's length");
            }
            int len = (b[p] & 0xFF) << 8 | (b[p + 1] & 0xFF);
            p += 2;
            if (b.length - p < len) {
                throw new IOException(rel + ": entry " + out.size() + " is cut short");
            }
            byte[] e = new byte[len];
            System.arraycopy(b, p, e, 0, len);
            out.add(e);
            p += len;
        }
        if (out.size() != width) {
            throw new IOException(rel + ": holds " + out.size() + " entries, not " + width);
        }
        return out;
    }

    /** The root of the perfect tree over {@code count} (a power of two) hashes from {@code at}. */
    static byte[] perfectRoot(byte[][] hashes, int at, int count) {
        if (count == 1) {
            return hashes[at];
        }
        byte[][] level = new byte[count / 2][];
        for (int i = 0; i < level.length; i++) {
            level[i] = Merkle.nodeHash(hashes[at + 2 * i], hashes[at + 2 * i + 1]);
        }
        return perfectRoot(level, 0, level.length);
    }

    /** The root of the perfect tree over {@code count} (a power of two) hashes of a list from {@code at}. */
    static byte[] perfectRoot(List<byte[]> hashes, int at, int count) {
        return perfectRoot(hashes.subList(at, at + count).toArray(new byte[0][]), 0, count);
    }
}
