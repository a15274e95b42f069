package jp.mimamori.recorder.store;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import jp.mimamori.core.error.InvalidDocumentException;
import jp.mimamori.integrity.manifest.ManifestFormatException;
import jp.mimamori.integrity.manifest.ManifestSignature;
import jp.mimamori.integrity.manifest.SegmentManifest;
import jp.mimamori.integrity.manifest.SignedManifest;
import jp.mimamori.integrity.manifest.UnitIndex;
import jp.mimamori.integrity.merkle.Merkle;
import jp.mimamori.integrity.store.internal.StoreLayout;
import jp.mimamori.integrity.verify.RecordingSource;
import jp.mimamori.recorder.store.internal.StoreV2;
import jp.mimamori.recorder.store.internal.StoreV2Source;
import jp.mimamori.retention.crypto.KeyEncryptionKey;

/**
 * Reads a store v2 folder without writing it (no lock taken, so it runs beside a recording {@link Recorder}):
 * the newest sealed manifest of a camera, and partial clips with their inclusion proofs. Reading an encrypted
 * segment decrypts only the cipher segments the requested units lie in. Not thread-safe; open one per thread.
 *
 * <pre>{@code
 * StoreReader r = StoreReader.open(Path.of("store"), Optional.of(kek));
 * r.exportClip("cam-01", 3, 10, 24, Path.of("clip"));   // units 10..24 of segment 3, with proofs
 * }</pre>
 */
public final class StoreReader {
    private final Path root;
    private final StoreV2 marker;
    private final Optional<KeyEncryptionKey> kek;

    private StoreReader(Path root, StoreV2 marker, Optional<KeyEncryptionKey> kek) {
        this.root = root;
        this.marker = marker;
        this.kek = kek;
    }

    /**
     * Opens the store at {@code folder} for reading.
     *
     * @throws IOException if it is not a store v2 (no readable {@code store.json})
     */
    public static StoreReader open(Path folder, Optional<KeyEncryptionKey> kek) throws IOException {
        Objects.requireNonNull(kek, "kek");
        try {
            return new StoreReader(folder, StoreV2.read(folder), kek);
        } catch (InvalidDocumentException e) {
            throw new IOException("store.json: " + e.getMessage(), e);
        }
    }

    /** Whether the store keeps its segments encrypted. */
    public boolean encrypted() {
        return marker.encrypted();
    }

    /** The newest well-formed sealed manifest of {@code camera}, if any. */
    public Optional<SignedManifest> newestSealed(String camera) throws IOException {
        for (RecordingSource.Camera c : source().cameras()) {
            if (!c.camera().equals(camera)) {
                continue;
            }
            List<RecordingSource.Segment> segs = c.segments();
            for (int i = segs.size() - 1; i >= 0; i--) {
                RecordingSource.Segment s = segs.get(i);
                if (s.folderSequence().isEmpty() || !s.hasManifest()) {
                    continue;
                }
                try {
                    byte[] bytes = s.manifest(SegmentManifest.MAX_BYTES);
                    return Optional.of(new SignedManifest(bytes, SegmentManifest.parse(bytes),
                            ManifestSignature.parse(s.signature(16 * 1024))));
                } catch (ManifestFormatException | IllegalArgumentException | IOException e) {
                    // A damaged manifest: the one before it.
                }
            }
        }
        return Optional.empty();
    }

    private StoreV2Source source() {
        return new StoreV2Source(root, marker, kek);
    }

    /**
     * Exports units {@code from..to} (inclusive) of a sealed segment into {@code out} as a clip folder: the
     * manifest and signature unchanged, a unit index ({@code units.json}) listing only those units with their
     * RFC 9162 inclusion proofs, and the unit files ({@code units/}), plaintext bytes exactly as recorded. It
     * verifies without the rest of the segment. Copies bytes; never re-encodes (K3-2-4).
     *
     * @throws IllegalArgumentException if the range is not within the segment
     * @throws IOException              if the segment cannot be read (or decrypted)
     */
    public Path exportClip(String camera, long sequence, int from, int to, Path out) throws IOException {
        RecordingSource.Segment seg = segment(camera, sequence);
        UnitIndex idx;
        try {
            idx = seg.unitIndex();
        } catch (ManifestFormatException e) {
            throw new IOException("segment " + sequence + ": " + e.getMessage(), e);
        }
        if (from < 0 || to < from || to >= idx.units().size()) {
            throw new IllegalArgumentException("from/to: must satisfy 0 <= from <= to < " + idx.units().size());
        }
        RecordingSource.Units units = seg.units(idx);
        if (!(units instanceof RecordingSource.Units.Contiguous c)) {
            String why = units instanceof RecordingSource.Units.Unreadable u ? u.reason().en() : "unreadable";
            throw new IOException("segment " + sequence + ": " + why);
        }
        List<byte[]> leaves = new ArrayList<>(idx.units().size());
        for (int i = 0; i < idx.units().size(); i++) {
            leaves.add(Merkle.leafHash(idx.leaf(i)));
        }
        long[] offsets = c.offsets();
        Files.createDirectories(out.resolve(StoreLayout.UNITS));
        List<UnitIndex.Entry> entries = new ArrayList<>();
        ByteBuffer buf = ByteBuffer.allocate(64 * 1024);
        try (RecordingSource.Bytes bytes = c.bytes()) {
            for (int i = from; i <= to; i++) {
                UnitIndex.Entry e = idx.units().get(i);
                entries.add(new UnitIndex.Entry(e.captureUs(), e.hash(), e.length(), Merkle.inclusionProof(leaves, i)));
                boolean ts = !SegmentManifest.KIND_CHUNK.equals(manifestKind(seg));
                try (OutputStream o = Files.newOutputStream(out.resolve(StoreLayout.UNITS)
                        .resolve(StoreLayout.unitName(i, ts)))) {
                    long pos = offsets[i];
                    long end = pos + e.length();
                    while (pos < end) {
                        buf.clear();
                        buf.limit((int) Math.min(buf.capacity(), end - pos));
                        int r = bytes.read(pos, buf);
                        if (r <= 0) {
                            throw new IOException("segment " + sequence + ": unit " + i + " lies past the end");
                        }
                        o.write(buf.array(), 0, r);
                        pos += r;
                    }
                }
            }
        }
        Files.write(out.resolve(StoreLayout.MANIFEST), seg.manifest(SegmentManifest.MAX_BYTES));
        Files.write(out.resolve(StoreLayout.SIGNATURE), seg.signature(16 * 1024));
        Files.write(out.resolve(StoreLayout.UNITS_INDEX),
                new UnitIndex(camera, sequence, idx.unitCount(), from, entries).encode());
        return out;
    }

    private static String manifestKind(RecordingSource.Segment seg) throws IOException {
        try {
            return SegmentManifest.parse(seg.manifest(SegmentManifest.MAX_BYTES)).unitKind();
        } catch (ManifestFormatException e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    private RecordingSource.Segment segment(String camera, long sequence) throws IOException {
        Path dir = root.resolve(camera).resolve(StoreV2.segmentName(sequence));
        if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            throw new IllegalArgumentException("segment " + camera + "/" + sequence + ": not in the store");
        }
        for (RecordingSource.Camera c : source().cameras()) {
            if (c.camera().equals(camera)) {
                for (RecordingSource.Segment s : c.segments()) {
                    if (s.folderSequence().equals(Optional.of(sequence))) {
                        return s;
                    }
                }
            }
        }
        throw new IllegalArgumentException("segment " + camera + "/" + sequence + ": not in the store");
    }
}
