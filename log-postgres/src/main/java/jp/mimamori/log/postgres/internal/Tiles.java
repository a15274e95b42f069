package jp.mimamori.log.postgres.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import jp.mimamori.core.internal.io.BoundedFiles;
import jp.mimamori.core.internal.io.DurableFiles;
import jp.mimamori.integrity.merkle.Merkle;

/**
 * The C2SP tlog-tiles layout of a published log: paths, the integrator's writer and a reader for one tree size.
 *
 * <pre>
 * checkpoint                      the newest signed checkpoint (C2SP tlog-checkpoint)
 * tile/L/N                        a full hash tile: 256 hashes of 32 bytes, level L, index N
 * tile/L/N.p/W                    a partial hash tile of W hashes (1..255)
 * tile/entries/N[.p/W]            an entry bundle: 256 (or W) entries, each a big-endian u16 length and the bytes
 * </pre>
 *
 * Index {@code N} is written in groups of three digits, all but the last prefixed by {@code x}
 * ({@code 1234067} is {@code x001/x234/067}). Level-0 tiles hold leaf hashes; a hash at level {@code L} is the
 * root of the full level-{@code L-1} tile below it (the tree node of height {@code 8L}).
 *
 * <p>This is the PostgreSQL backend's own writer, kept until integrity's C2SP tile writer is available to it;
 * the layout is the same specification. Not thread-safe: a writer belongs to the one integrator, a reader to
 * its caller.
 */
public final class Tiles {
    private Tiles() {}

    /** Hashes (or entries) per full tile. */
    public static final int WIDTH = 256;
    /** Bytes of a hash. */
    public static final int HASH = Merkle.HASH_LENGTH;
    /** The checkpoint file's name. */
    public static final String CHECKPOINT = "checkpoint";
    /** The largest entry bundle: 256 entries of at most 65,535 bytes with their 2-byte lengths. */
    public static final int MAX_BUNDLE = WIDTH * (2 + 65_535);

    /** The path of tile {@code index} at {@code level} ("entries" is -1), full when {@code width} is 256. */
    public static Path path(Path root, int level, long index, int width) {
        StringBuilder sb = new StringBuilder("tile/").append(level < 0 ? "entries" : Integer.toString(level)).append('/');
        String n = Long.toString(index);
        int pad = (3 - n.length() % 3) % 3;
        n = "0".repeat(pad) + n;
        for (int i = 0; i < n.length(); i += 3) {
            if (i + 3 < n.length()) {
                sb.append('x').append(n, i, i + 3).append('/');
            } else {
                sb.append(n, i, i + 3);
            }
        }
        if (width < WIDTH) {
            sb.append(".p/").append(width);
        }
        return root.resolve(sb.toString());
    }

    /** {@code MTH} of a perfect run of {@code count} hashes (a power of two) from {@code hashes[from]}. */
    static byte[] perfect(List<byte[]> hashes, int from, int count) {
        if (count == 1) {
            return hashes.get(from);
        }
        int half = count / 2;
        return Merkle.nodeHash(perfect(hashes, from, half), perfect(hashes, from + half, half));
    }

    /** Splits an entry bundle into its entries; at most {@code expect} are read. */
    static List<byte[]> entries(byte[] bundle, int expect, Path where) throws IOException {
        List<byte[]> out = new ArrayList<>(expect);
        ByteBuffer b = ByteBuffer.wrap(bundle);
        while (out.size() < expect) {
            if (b.remaining() < 2) {
                throw new IOException(where + ": entry bundle ends after " + out.size() + " of " + expect + " entries");
            }
            int len = Short.toUnsignedInt(b.getShort());
            if (b.remaining() < len) {
                throw new IOException(where + ": entry " + out.size() + " is cut short");
            }
            byte[] e = new byte[len];
            b.get(e);
            out.add(e);
        }
        return out;
    }

    /**
     * The integrator's writer: appends leaf hashes and entries, and on {@link #flush()} writes every tile they
     * completed and the partial tiles at the new size, each atomically (temporary file, force, rename) and the
     * folders forced, so that a checkpoint written after {@code flush} only names tiles that are on disk.
     */
    public static final class Writer {
        private final Path root;
        private final List<List<byte[]>> levels = new ArrayList<>();
        private final List<Long> index = new ArrayList<>();
        private final ByteArrayOutputStream bundle = new ByteArrayOutputStream();
        private int bundleCount;
        private long bundleIndex;
        private final Map<Path, byte[]> pending = new LinkedHashMap<>();
        private long size;

        private Writer(Path root, long size) {
            this.root = root;
            this.size = size;
        }

        /** A writer for an empty log. */
        public static Writer empty(Path root) {
            return new Writer(root, 0);
        }

        /**
         * A writer continuing a log of {@code size} entries from its tiles: the partial tiles at that size (or
         * the full tiles covering it) are read back.
         *
         * @throws IOException if a tile that size needs is missing or damaged
         */
        public static Writer resume(Path root, long size) throws IOException {
            Writer w = new Writer(root, size);
            for (int level = 0; (size >>> (8 * level)) > 0; level++) {
                long n = size >>> (8 * level);
                long idx = n / WIDTH;
                int width = (int) (n % WIDTH);
                w.levels.add(new ArrayList<>());
                w.index.add(idx);
                if (width > 0) {
                    byte[] tile = readTile(root, level, idx, width, width * HASH);
                    for (int i = 0; i < width; i++) {
                        w.levels.get(level).add(Arrays.copyOfRange(tile, i * HASH, i * HASH + HASH));
                    }
                }
            }
            w.bundleIndex = size / WIDTH;
            int width = (int) (size % WIDTH);
            if (width > 0) {
                Path p = path(root, -1, w.bundleIndex, width);
                byte[] b = readTile(root, -1, w.bundleIndex, width, -1);
                List<byte[]> es = entries(b, width, p);
                for (byte[] e : es) {
                    w.bundle.write(e.length >>> 8);
                    w.bundle.write(e.length);
                    w.bundle.write(e, 0, e.length);
                }
                w.bundleCount = width;
            }
            return w;
        }

        /** Reads the tile at the width a reader of that size would, falling back to the full tile. */
        private static byte[] readTile(Path root, int level, long idx, int width, int hashBytes) throws IOException {
            Path partial = path(root, level, idx, width);
            Path full = path(root, level, idx, WIDTH);
            byte[] b;
            try {
                b = BoundedFiles.read(partial, MAX_BUNDLE);
            } catch (NoSuchFileException e) {
                b = BoundedFiles.read(full, MAX_BUNDLE);
            }
            if (hashBytes >= 0 && b.length < hashBytes) {
                throw new IOException(partial + ": " + b.length + " bytes, fewer than " + width + " hashes");
            }
            return b;
        }

        /** The number of entries appended. */
        public long size() {
            return size;
        }

        /** Appends one entry and its leaf hash. */
        public void append(byte[] leafHash, byte[] entry) {
            if (entry.length > 65_535) {
                throw new IllegalArgumentException("entry: " + entry.length + " bytes, more than 65535");
            }
            addHash(0, leafHash);
            bundle.write(entry.length >>> 8);
            bundle.write(entry.length);
            bundle.write(entry, 0, entry.length);
            bundleCount++;
            if (bundleCount == WIDTH) {
                pending.put(path(root, -1, bundleIndex, WIDTH), bundle.toByteArray());
                bundle.reset();
                bundleCount = 0;
                bundleIndex++;
            }
            size++;
        }

        private void addHash(int level, byte[] h) {
            while (levels.size() <= level) {
                levels.add(new ArrayList<>());
                index.add(0L);
            }
            List<byte[]> cur = levels.get(level);
            cur.add(h);
            if (cur.size() == WIDTH) {
                byte[] tile = new byte[WIDTH * HASH];
                for (int i = 0; i < WIDTH; i++) {
                    System.arraycopy(cur.get(i), 0, tile, i * HASH, HASH);
                }
                pending.put(path(root, level, index.get(level), WIDTH), tile);
                byte[] up = perfect(cur, 0, WIDTH);
                cur.clear();
                index.set(level, index.get(level) + 1);
                addHash(level + 1, up);
            }
        }

        /**
         * The compact range of the tree (its perfect subtree roots, largest first), for
         * {@code MerkleAccumulator.restore}.
         */
        public List<byte[]> compactRange() {
            List<byte[]> out = new ArrayList<>();
            for (int level = levels.size() - 1; level >= 0; level--) {
                List<byte[]> cur = levels.get(level);
                int pos = 0;
                for (int bit = 7; bit >= 0; bit--) {
                    int run = 1 << bit;
                    if ((cur.size() & run) != 0) {
                        out.add(perfect(cur, pos, run));
                        pos += run;
                    }
                }
            }
            return out;
        }

        /** Writes the completed tiles and the partial tiles at the current size, durably. */
        public void flush() throws IOException {
            for (int level = 0; level < levels.size(); level++) {
                List<byte[]> cur = levels.get(level);
                if (!cur.isEmpty()) {
                    byte[] tile = new byte[cur.size() * HASH];
                    for (int i = 0; i < cur.size(); i++) {
                        System.arraycopy(cur.get(i), 0, tile, i * HASH, HASH);
                    }
                    pending.put(path(root, level, index.get(level), cur.size()), tile);
                }
            }
            if (bundleCount > 0) {
                pending.put(path(root, -1, bundleIndex, bundleCount), bundle.toByteArray());
            }
            Set<Path> dirs = new LinkedHashSet<>();
            for (Map.Entry<Path, byte[]> e : pending.entrySet()) {
                Path target = e.getKey();
                Path dir = target.getParent();
                if (!Files.isDirectory(dir)) {
                    Path top = dir;
                    while (!Files.isDirectory(top.getParent())) {
                        top = top.getParent();
                    }
                    Files.createDirectories(dir);
                    for (Path d = dir; !d.equals(top.getParent()); d = d.getParent()) {
                        dirs.add(d.getParent());
                    }
                }
                Path tmp = dir.resolve("." + target.getFileName() + ".tmp");
                try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                        StandardOpenOption.TRUNCATE_EXISTING)) {
                    ByteBuffer b = ByteBuffer.wrap(e.getValue());
                    while (b.hasRemaining()) {
                        ch.write(b);
                    }
                    ch.force(false);
                }
                DurableFiles.moveAtomic(tmp, target, false);
                dirs.add(dir);
            }
            for (Path d : dirs) {
                DurableFiles.syncDirectory(d);
            }
            pending.clear();
        }
    }

    /**
     * Reads hashes and entries of the tree of one size from tiles, with a small cache of whole tiles; any
     * tile that is missing or too short is an {@link IOException} naming it.
     */
    public static final class Reader {
        private final Path root;
        private final long size;
        private final Map<Path, byte[]> cache = new LinkedHashMap<>(64, 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<Path, byte[]> eldest) {
                return size() > 64;
            }
        };

        /** A reader of the tree of {@code size} entries published under {@code root}. */
        public Reader(Path root, long size) {
            this.root = root;
            this.size = size;
        }

        /** The tree size read. */
        public long size() {
            return size;
        }

        private byte[] tile(int level, long idx, int width, int minBytes) throws IOException {
            Path p = path(root, level, idx, width);
            byte[] b = cache.get(p);
            if (b == null) {
                try {
                    b = BoundedFiles.read(p, MAX_BUNDLE);
                } catch (NoSuchFileException e) {
                    Path wider = wider(level, idx, width);
                    if (wider == null) {
                        throw new IOException(p + ": missing tile", e);
                    }
                    // A tile of a later tree holds this one as its prefix (C2SP: any wider tile will do).
                    b = BoundedFiles.read(wider, MAX_BUNDLE);
                }
                cache.put(p, b);
            }
            if (b.length < minBytes) {
                throw new IOException(p + ": " + b.length + " bytes, fewer than the " + minBytes + " it must hold");
            }
            return b;
        }

        /** The full tile, or the narrowest partial tile wider than {@code width}; null if none exists. */
        private Path wider(int level, long idx, int width) throws IOException {
            Path full = path(root, level, idx, WIDTH);
            if (Files.isRegularFile(full)) {
                return full;
            }
            if (width == WIDTH) {
                return null;
            }
            Path dir = path(root, level, idx, 1).getParent();
            for (int w = width + 1; w < WIDTH; w++) {
                Path p = dir.resolve(Integer.toString(w));
                if (Files.isRegularFile(p)) {
                    return p;
                }
            }
            return null;
        }

        /** The width of tile {@code idx} of a level holding {@code count} hashes at this size. */
        private static int width(long count, long idx) {
            return (int) Math.min(WIDTH, count - idx * WIDTH);
        }

        /** The hash at {@code level} (tree height {@code 8·level}), index {@code i}. */
        public byte[] hash(int level, long i) throws IOException {
            long count = size >>> (8 * level);
            if (i < 0 || i >= count) {
                throw new IllegalArgumentException("index: " + i + " is not in [0, " + count + ") at level " + level);
            }
            long idx = i / WIDTH;
            int w = width(count, idx);
            int off = (int) (i % WIDTH) * HASH;
            byte[] t = tile(level, idx, w, w * HASH);
            return Arrays.copyOfRange(t, off, off + HASH);
        }

        /** The leaf hash of entry {@code i}. */
        public byte[] leafHash(long i) throws IOException {
            return hash(0, i);
        }

        /** The entry {@code i}'s bytes as the entry bundle holds them. */
        public byte[] entry(long i) throws IOException {
            if (i < 0 || i >= size) {
                throw new IllegalArgumentException("index: " + i + " is not in [0, " + size + ")");
            }
            long idx = i / WIDTH;
            int w = width(size, idx);
            return entries(tile(-1, idx, w, 0), w, path(root, -1, idx, w)).get((int) (i % WIDTH));
        }

        /** All entries of bundle {@code idx} at this size. */
        public List<byte[]> bundle(long idx) throws IOException {
            int w = width(size, idx);
            return entries(tile(-1, idx, w, 0), w, path(root, -1, idx, w));
        }

        /** All hashes of hash tile {@code idx} at {@code level} at this size. */
        public List<byte[]> hashTile(int level, long idx) throws IOException {
            long count = size >>> (8 * level);
            int w = width(count, idx);
            byte[] t = tile(level, idx, w, w * HASH);
            List<byte[]> out = new ArrayList<>(w);
            for (int i = 0; i < w; i++) {
                out.add(Arrays.copyOfRange(t, i * HASH, i * HASH + HASH));
            }
            return out;
        }

        /** {@code MTH(D[from:to])} from tile hashes; {@code 0 <= from < to <= size}. */
        public byte[] range(long from, long to) throws IOException {
            long n = to - from;
            if (Long.bitCount(n) == 1 && from % n == 0) {
                int k = Long.numberOfTrailingZeros(n);
                int level = k / 8;
                int run = 1 << (k % 8);
                long first = from >>> (8 * level);
                if (run == 1) {
                    return hash(level, first);
                }
                List<byte[]> hs = new ArrayList<>(run);
                for (int i = 0; i < run; i++) {
                    hs.add(hash(level, first + i));
                }
                return perfect(hs, 0, run);
            }
            long k = Long.highestOneBit(n - 1);
            return Merkle.nodeHash(range(from, from + k), range(from + k, to));
        }

        /** The root of the tree of this size. */
        public byte[] root() throws IOException {
            return size == 0 ? Merkle.emptyRoot() : range(0, size);
        }

        /** A {@code Merkle.RangeHasher} over these tiles (I/O failures surface as {@link java.io.UncheckedIOException}). */
        public Merkle.RangeHasher hasher() {
            return (from, to) -> {
                try {
                    return range(from, to);
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            };
        }
    }
}
