package jp.mimamori.integrity.testutil;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;
import jp.mimamori.core.error.CryptoException;
import jp.mimamori.core.internal.io.DurableFiles;
import jp.mimamori.integrity.keys.SigningKey;
import jp.mimamori.integrity.manifest.ManifestFormatException;
import jp.mimamori.integrity.manifest.ManifestSignature;
import jp.mimamori.integrity.manifest.SegmentManifest;
import jp.mimamori.integrity.manifest.SignedManifest;
import jp.mimamori.integrity.manifest.UnitIndex;
import jp.mimamori.integrity.media.internal.Chunker;
import jp.mimamori.integrity.media.internal.MediaFormatException;
import jp.mimamori.integrity.media.internal.MediaUnit;
import jp.mimamori.integrity.media.internal.MpegTsDemuxer;
import jp.mimamori.integrity.merkle.Merkle;
import jp.mimamori.integrity.seal.CameraChain;
import jp.mimamori.integrity.seal.ManifestSink;
import jp.mimamori.integrity.seal.SegmentLog;
import jp.mimamori.integrity.seal.SegmentSealer;
import jp.mimamori.integrity.store.internal.StoreLayout;

/**
 * Test support, not the product (the recorder module's store v2 is): the folder layout of the segment manifest
 * v1 vectors and of clip folders ({@link StoreLayout}, one file per unit), written through the real
 * {@link CameraChain} so integrity's own tests exercise sealing and the verifier without the recorder module.
 *
 * <p>Stateless apart from the folder, so one instance may be shared between threads, but each camera has one
 * writer: open one {@link jp.mimamori.integrity.seal.CameraChain} per camera in one process and seal through it.
 * A second open of a camera's chain, from this process or another, fails while the first is open (a file lock,
 * see {@link jp.mimamori.integrity.seal.CameraChain}); two writers would fork the chain.
 *
 * <pre>{@code
 * FolderStore store = FolderStore.at(Path.of("store"));
 * try (CameraChain chain = store.openChain("cam-01", key)) {
 *     for (Path f : ffmpegSegments) store.sealFile(chain, f, startOf(f));
 * }
 * store.exportClip("cam-01", 3, 10, 24, Path.of("clip"));   // frames 10..24 of segment 3, with proofs
 * }</pre>
 */
public final class FolderStore {
    private final Path root;
    private int chunkSize = Chunker.DEFAULT_SIZE;

    private FolderStore(Path root) {
        this.root = root;
    }

    /** The store at {@code root} (created on first write). */
    public static FolderStore at(Path root) {
        return new FolderStore(Objects.requireNonNull(root, "root"));
    }

    /** The chunk size for files that are not MPEG-TS (default 1 MiB). */
    public FolderStore withChunkSize(int size) {
        if (size < 1) {
            throw new IllegalArgumentException("chunkSize: must be >= 1");
        }
        this.chunkSize = size;
        return this;
    }

    /** The store's folder. */
    public Path root() {
        return root;
    }

    /** Opens a camera's chain in this store, recovering from the newest stored manifest where needed. */
    public CameraChain openChain(String camera, SigningKey key) throws IOException {
        return openChain(camera, key, SegmentLog.none());
    }

    /**
     * Opens (or continues) a camera's chain that records every segment it seals in the evidence log
     * ({@code segment.sealed}, after the segment's files are durable and before the chain state is committed).
     */
    public CameraChain openChain(String camera, SigningKey key, SegmentLog log) throws IOException {
        return openChain(camera, key, List.of(), log);
    }

    /** Opens a camera's chain whose signature files carry {@code certChain} (DER, leaf first; G13). */
    public CameraChain openChain(String camera, SigningKey key, List<byte[]> certChain, SegmentLog log)
            throws IOException {
        Path camDir = StoreLayout.camera(root, camera);
        Files.createDirectories(camDir);
        ManifestSink sink = this::writeManifest;
        return CameraChain.open(camera, key, certChain, camDir.resolve(StoreLayout.CHAIN), sink.thenLog(log),
                newestSealed(camera));
    }

    /** The newest well-formed manifest stored for a camera, if any. */
    public Optional<SignedManifest> newestSealed(String camera) throws IOException {
        Path camDir = StoreLayout.camera(root, camera);
        if (!Files.isDirectory(camDir)) {
            return Optional.empty();
        }
        List<Path> dirs;
        try (Stream<Path> s = Files.list(camDir)) {
            dirs = s.filter(p -> StoreLayout.SEGMENT_DIR.matcher(p.getFileName().toString()).matches())
                    .sorted().toList();
        }
        for (int i = dirs.size() - 1; i >= 0; i--) {
            Path m = dirs.get(i).resolve(StoreLayout.MANIFEST);
            Path s = dirs.get(i).resolve(StoreLayout.SIGNATURE);
            if (Files.isRegularFile(m) && Files.isRegularFile(s)) {
                try {
                    byte[] bytes = Files.readAllBytes(m);
                    return Optional.of(new SignedManifest(bytes, SegmentManifest.parse(bytes),
                            ManifestSignature.parse(Files.readAllBytes(s))));
                } catch (ManifestFormatException | IllegalArgumentException e) {
                    // A damaged newest manifest: fall back to the one before it.
                }
            }
        }
        return Optional.empty();
    }

    private void writeManifest(SignedManifest m, UnitIndex units) throws IOException {
        Path dir = StoreLayout.segment(root, m.manifest().camera(), m.manifest().sequence());
        Files.createDirectories(dir);
        DurableFiles.syncDirectory(dir.resolve(StoreLayout.UNITS));
        DurableFiles.replace(dir.resolve(StoreLayout.UNITS_INDEX), units.encode());
        DurableFiles.replace(dir.resolve(StoreLayout.SIGNATURE), m.signature().encode());
        // The manifest is written last: its presence marks the segment sealed.
        DurableFiles.replace(dir.resolve(StoreLayout.MANIFEST), m.bytes());
    }

    /**
     * Seals one recorded file as the chain's next segment: MPEG-TS files (by content) as access units with
     * capture time {@code start + (PTS − first PTS)}, any other file as fixed-size chunks captured at
     * {@code start}. The unit files are copied into the segment folder byte for byte.
     */
    public SignedManifest sealFile(CameraChain chain, Path file, Instant start)
            throws IOException, CryptoException {
        byte[] data = Files.readAllBytes(file);
        List<MediaUnit> units = null;
        boolean ts = false;
        if (data.length > 0 && (data[0] & 0xFF) == 0x47 && data.length % MpegTsDemuxer.PACKET == 0) {
            try {
                units = MpegTsDemuxer.split(data).units();
                ts = true;
            } catch (MediaFormatException e) {
                units = null;
            }
        }
        if (units == null) {
            units = Chunker.chunks(data.length, chunkSize);
        }
        if (units.isEmpty()) {
            throw new IllegalArgumentException("file " + file.getFileName() + ": empty; a segment needs a unit");
        }
        long startUs = Math.addExact(Math.multiplyExact(start.getEpochSecond(), 1_000_000L), start.getNano() / 1000);
        SegmentSealer sealer = chain.begin(ts ? SegmentManifest.KIND_TS : SegmentManifest.KIND_CHUNK);
        Path unitDir = StoreLayout.segment(root, chain.camera(), sealer.sequence()).resolve(StoreLayout.UNITS);
        Files.createDirectories(unitDir);
        long firstPts = -1;
        long lastUs = startUs;
        for (int i = 0; i < units.size(); i++) {
            MediaUnit u = units.get(i);
            long us = startUs;
            if (ts && u.hasPts()) {
                if (firstPts < 0) {
                    firstPts = u.pts();
                }
                long delta = (u.pts() - firstPts) & ((1L << 33) - 1); // 33-bit PTS wraps
                if (delta > (1L << 32)) {
                    delta -= 1L << 33; // a frame shown before the first one (B-frame reordering)
                }
                us = startUs + delta * 100 / 9;
            } else if (ts) {
                us = lastUs;
            }
            lastUs = us;
            writeDurably(unitDir.resolve(StoreLayout.unitName(i, ts)), data, (int) u.offset(), u.length());
            sealer.unit(data, (int) u.offset(), u.length(), us);
        }
        return sealer.close();
    }

    /**
     * Seals units held in memory as the chain's next segment, writing each unit file as it is sealed.
     *
     * @param kind      {@link SegmentManifest#KIND_TS} or {@link SegmentManifest#KIND_CHUNK}
     * @param units     the units, in recording order, at least one
     * @param captureUs their capture times, microseconds since the epoch
     */
    public SignedManifest sealUnits(CameraChain chain, String kind, List<byte[]> units, long[] captureUs)
            throws IOException, CryptoException {
        if (units.isEmpty() || units.size() != captureUs.length) {
            throw new IllegalArgumentException("units: need at least one, and one capture time per unit");
        }
        boolean ts = SegmentManifest.KIND_TS.equals(kind);
        SegmentSealer sealer = chain.begin(kind);
        Path unitDir = StoreLayout.segment(root, chain.camera(), sealer.sequence()).resolve(StoreLayout.UNITS);
        Files.createDirectories(unitDir);
        for (int i = 0; i < units.size(); i++) {
            byte[] u = units.get(i);
            writeDurably(unitDir.resolve(StoreLayout.unitName(i, ts)), u, 0, u.length);
            sealer.unit(u, 0, u.length, captureUs[i]);
        }
        return sealer.close();
    }

    private static void writeDurably(Path p, byte[] data, int off, int len) throws IOException {
        try (FileChannel ch = FileChannel.open(p, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(data, off, len);
            while (b.hasRemaining()) {
                ch.write(b);
            }
            ch.force(false);
        }
    }

    /**
     * Exports units {@code from..to} (inclusive) of a stored segment into {@code out} as a clip folder: the
     * manifest and signature unchanged, a unit index listing only those units with their RFC 9162 inclusion
     * proofs, and the unit files. It verifies without the rest of the segment. Copies bytes; never re-encodes
     * (K3-2-4).
     */
    public Path exportClip(String camera, long sequence, int from, int to, Path out)
            throws IOException, ManifestFormatException {
        Path seg = StoreLayout.segment(root, camera, sequence);
        UnitIndex idx = UnitIndex.parse(Files.readAllBytes(seg.resolve(StoreLayout.UNITS_INDEX)));
        if (idx.firstIndex() != 0 || idx.units().size() != idx.unitCount()) {
            throw new IllegalArgumentException("segment " + sequence + ": not a whole segment");
        }
        if (from < 0 || to < from || to >= idx.units().size()) {
            throw new IllegalArgumentException("from/to: must satisfy 0 <= from <= to < " + idx.units().size());
        }
        List<byte[]> leaves = new ArrayList<>(idx.units().size());
        for (int i = 0; i < idx.units().size(); i++) {
            leaves.add(Merkle.leafHash(idx.leaf(i)));
        }
        List<Path> unitFiles;
        try (Stream<Path> s = Files.list(seg.resolve(StoreLayout.UNITS))) {
            unitFiles = s.sorted().toList();
        }
        Files.createDirectories(out.resolve(StoreLayout.UNITS));
        List<UnitIndex.Entry> entries = new ArrayList<>();
        for (int i = from; i <= to; i++) {
            UnitIndex.Entry e = idx.units().get(i);
            entries.add(new UnitIndex.Entry(e.captureUs(), e.hash(), e.length(), Merkle.inclusionProof(leaves, i)));
            Path src = unitFiles.get(i);
            Files.copy(src, out.resolve(StoreLayout.UNITS).resolve(src.getFileName()));
        }
        Files.copy(seg.resolve(StoreLayout.MANIFEST), out.resolve(StoreLayout.MANIFEST));
        Files.copy(seg.resolve(StoreLayout.SIGNATURE), out.resolve(StoreLayout.SIGNATURE));
        Files.write(out.resolve(StoreLayout.UNITS_INDEX),
                new UnitIndex(camera, sequence, idx.unitCount(), from, entries).encode());
        return out;
    }
}
