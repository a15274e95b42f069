package jp.mimamori.integrity.tiles;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import jp.mimamori.core.internal.io.BoundedFiles;
import jp.mimamori.core.internal.io.ConfinedFiles;
import jp.mimamori.core.internal.io.DurableFiles;
import jp.mimamori.integrity.checkpoint.Checkpoint;
import jp.mimamori.integrity.checkpoint.NoteFormatException;
import jp.mimamori.integrity.checkpoint.SignedNote;
import jp.mimamori.integrity.merkle.Merkle;
import jp.mimamori.integrity.merkle.MerkleAccumulator;

/**
 * Publishes a log as C2SP {@code tlog-tiles} into a folder that a static web server can serve: entry bundles
 * ({@code tile/entries/N}), hash tiles ({@code tile/L/N}), partial ones ({@code .p/W}) for every published size,
 * and the signed {@code checkpoint}. Both log backends publish through it: the file backend from
 * {@code records.log}, the PostgreSQL backend's integrator from its sequenced records.
 *
 * <pre>{@code
 * TileWriter w = TileWriter.open(tiles, TileWriter.publishedSize(tiles));
 * for (byte[] record : newRecords) w.append(record);
 * SignedNote cp = signer.signNote(new Checkpoint(origin, w.size(), w.root(), List.of()).body(), now);
 * w.publish(cp.encode());                    // tiles and bundles first, durably, then the checkpoint
 * }</pre>
 *
 * <p>Files are written atomically (temporary file, force, rename), their folders forced before the checkpoint
 * that needs them is replaced, so a crash leaves the previous checkpoint with every tile it names. A full tile
 * once written never changes. An entry longer than 65,535 bytes cannot be published (bundles length-prefix entries
 * with 16 bits). Layout: docs/FORMATS.md, "Tiles".
 *
 * <p>Not thread-safe: one writer (the log's writer or its integrator) per folder.
 */
public final class TileWriter {
    /** Largest entry a bundle can hold. */
    public static final int MAX_ENTRY = 0xFFFF;

    private final Path dir;
    private final MerkleAccumulator acc;
    private final List<List<byte[]>> partial = new ArrayList<>();
    private final List<byte[]> bundle = new ArrayList<>();
    private final Map<String, byte[]> pending = new LinkedHashMap<>();
    private long size;
    private long flushed;

    private TileWriter(Path dir, long size, MerkleAccumulator acc) {
        this.dir = dir;
        this.size = size;
        this.flushed = size;
        this.acc = acc;
    }

    /**
     * The tree size of the folder's {@code checkpoint} as written (its signature is not checked here: the writer
     * only learns where to continue), or 0 when there is none.
     *
     * @throws IOException if the checkpoint cannot be read or parsed
     */
    public static long publishedSize(Path dir) throws IOException {
        Path cp = dir.resolve("checkpoint");
        if (!ConfinedFiles.isRegularFile(dir, cp)) {
            return 0;
        }
        try {
            SignedNote n = SignedNote.parse(BoundedFiles.read(dir, cp, SignedNote.MAX_BYTES));
            return Checkpoint.parseBody(n.text()).size();
        } catch (NoteFormatException e) {
            throw new IOException(cp + ": " + e.getMessage(), e);
        }
    }

    /**
     * Opens the tile folder {@code dir} (created if missing) to continue after its first {@code size} entries,
     * whose tiles and bundles must be there (the partial ones of that size included); anything published beyond
     * {@code size} is overwritten by later appends.
     *
     * @throws IOException if a tile or bundle needed to continue is missing or malformed
     */
    public static TileWriter open(Path dir, long size) throws IOException {
        Objects.requireNonNull(dir, "dir");
        if (size < 0) {
            throw new IllegalArgumentException("size: must be >= 0, was " + size);
        }
        Files.createDirectories(dir);
        if (size == 0) {
            return new TileWriter(dir, 0, new MerkleAccumulator());
        }
        try (TileReader r = new TileReader(dir, size)) {
            List<byte[]> range = new ArrayList<>();
            long start = 0;
            for (int h = 62; h >= 0; h--) {
                if ((size >>> h & 1) == 1) {
                    range.add(r.range(start, start + (1L << h)));
                    start += 1L << h;
                }
            }
            TileWriter w = new TileWriter(dir, size, MerkleAccumulator.restore(size, range));
            for (int l = 0; l <= TilePaths.MAX_LEVEL; l++) {
                long hashes = (long) l * TilePaths.HEIGHT >= 63 ? 0 : size >>> (TilePaths.HEIGHT * l);
                if (hashes == 0) {
                    break;
                }
                int width = (int) (hashes % TilePaths.WIDTH);
                List<byte[]> p = w.level(l);
                if (width > 0) {
                    byte[][] t = r.tile(l, hashes / TilePaths.WIDTH);
                    p.addAll(Arrays.asList(t));
                }
            }
            int bw = (int) (size % TilePaths.WIDTH);
            if (bw > 0) {
                List<byte[]> entries = r.bundle(size / TilePaths.WIDTH);
                for (int i = 0; i < bw; i++) {
                    if (!Arrays.equals(Merkle.leafHash(entries.get(i)), w.partial.get(0).get(i))) {
                        throw new IOException(TilePaths.bundle(size / TilePaths.WIDTH, bw) + ": entry " + i
                                + " does not hash to its level-0 tile hash");
                    }
                }
                w.bundle.addAll(entries);
            }
            return w;
        }
    }

    private List<byte[]> level(int l) {
        while (partial.size() <= l) {
            partial.add(new ArrayList<>(TilePaths.WIDTH));
        }
        return partial.get(l);
    }

    /** Entries published or appended so far. */
    public long size() {
        return size;
    }

    /** The RFC 9162 root of the entries so far. */
    public byte[] root() {
        return acc.root();
    }

    /** Appends one entry (a record's canonical bytes); its leaf hash is {@code SHA-256(0x00 || entry)}. */
    public void append(byte[] entry) {
        append(entry, Merkle.leafHash(entry));
    }

    /**
     * Appends one entry whose RFC 9162 leaf hash the caller already computed ({@code SHA-256(0x00 || entry)};
     * {@link TileLog#verify} recomputes it, so a wrong one is found, never published as valid).
     *
     * @throws IllegalArgumentException if the entry is empty or longer than {@value #MAX_ENTRY} bytes, or the hash
     *                                  is not 32 bytes
     */
    public void append(byte[] entry, byte[] leafHash) {
        if (entry.length == 0 || entry.length > MAX_ENTRY) {
            throw new IllegalArgumentException("entry: " + entry.length + " bytes at index " + size
                    + "; a C2SP entry bundle holds entries of 1 to 65,535 bytes");
        }
        if (leafHash.length != Merkle.HASH_LENGTH) {
            throw new IllegalArgumentException("leafHash: must be 32 bytes");
        }
        acc.append(leafHash);
        size++;
        bundle.add(entry.clone());
        if (bundle.size() == TilePaths.WIDTH) {
            pending.put(TilePaths.bundle(size / TilePaths.WIDTH - 1, TilePaths.WIDTH), encodeBundle(bundle));
            bundle.clear();
        }
        addHash(0, leafHash.clone());
    }

    private void addHash(int l, byte[] h) {
        List<byte[]> p = level(l);
        p.add(h);
        if (p.size() < TilePaths.WIDTH) {
            return;
        }
        long t = (size >>> (TilePaths.HEIGHT * l)) / TilePaths.WIDTH - 1;
        pending.put(TilePaths.tile(l, t, TilePaths.WIDTH), concat(p));
        byte[] up = TileReader.perfectRoot(p, 0, TilePaths.WIDTH);
        p.clear();
        addHash(l + 1, up);
    }

    /**
     * Writes every tile and bundle the current size needs (full ones completed since the last flush, and the
     * partial ones of this size) durably. Does not touch the checkpoint.
     */
    public void flush() throws IOException {
        if (flushed == size && pending.isEmpty()) {
            return;
        }
        Map<String, byte[]> files = new LinkedHashMap<>(pending);
        for (int l = 0; l < partial.size(); l++) {
            List<byte[]> p = partial.get(l);
            if (!p.isEmpty()) {
                long t = (size >>> (TilePaths.HEIGHT * l)) / TilePaths.WIDTH;
                files.put(TilePaths.tile(l, t, p.size()), concat(p));
            }
        }
        if (!bundle.isEmpty()) {
            files.put(TilePaths.bundle(size / TilePaths.WIDTH, bundle.size()), encodeBundle(bundle));
        }
        Set<Path> folders = new LinkedHashSet<>();
        for (Map.Entry<String, byte[]> e : files.entrySet()) {
            Path target = TilePaths.resolve(dir, e.getKey());
            Path folder = target.getParent();
            Files.createDirectories(folder);
            Path tmp = folder.resolve("." + target.getFileName() + ".tmp");
            DurableFiles.writeSynced(tmp, e.getValue());
            DurableFiles.moveAtomic(tmp, target, false);
            folders.add(folder);
        }
        // New folders must survive a crash too: force each folder and its parents up to the tile folder.
        Set<Path> all = new LinkedHashSet<>();
        for (Path f : folders) {
            for (Path p = f; p != null && p.startsWith(dir); p = p.getParent()) {
                all.add(p);
            }
        }
        for (Path p : all) {
            DurableFiles.syncDirectory(p);
        }
        pending.clear();
        flushed = size;
    }

    /**
     * Flushes, then publishes {@code signedCheckpoint} (a signed note whose checkpoint names exactly this
     * writer's size and root) as the folder's {@code checkpoint}, atomically and durably.
     *
     * @throws IllegalArgumentException if the note is not a checkpoint of this size and root
     */
    public void publish(byte[] signedCheckpoint) throws IOException {
        Checkpoint c;
        try {
            c = Checkpoint.parseBody(SignedNote.parse(signedCheckpoint).text());
        } catch (NoteFormatException e) {
            throw new IllegalArgumentException("signedCheckpoint: " + e.getMessage(), e);
        }
        if (c.size() != size || !Arrays.equals(c.rootHash(), root())) {
            throw new IllegalArgumentException("signedCheckpoint: names size " + c.size() + " and root "
                    + c.rootHex() + ", but the tiles hold " + size + " entries with another root");
        }
        flush();
        DurableFiles.replace(dir.resolve("checkpoint"), signedCheckpoint.clone());
    }

    private static byte[] concat(List<byte[]> hashes) {
        byte[] out = new byte[hashes.size() * Merkle.HASH_LENGTH];
        for (int i = 0; i < hashes.size(); i++) {
            System.arraycopy(hashes.get(i), 0, out, i * Merkle.HASH_LENGTH, Merkle.HASH_LENGTH);
        }
        return out;
    }

    private static byte[] encodeBundle(List<byte[]> entries) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] e : entries) {
            out.write(e.length >>> 8);
            out.write(e.length & 0xFF);
            out.writeBytes(e);
        }
        return out.toByteArray();
    }

    @Override
    public String toString() {
        return "TileWriter[" + dir.getFileName() + ", size " + size + "]";
    }
}
