package jp.mimamori.recorder.store;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import jp.mimamori.core.crypto.SecretBytes;
import jp.mimamori.core.error.CryptoException;
import jp.mimamori.core.internal.io.BoundedFiles;
import jp.mimamori.core.internal.io.ConfinedFiles;
import jp.mimamori.core.internal.io.DurableFiles;
import jp.mimamori.integrity.manifest.ManifestFormatException;
import jp.mimamori.integrity.manifest.ManifestSignature;
import jp.mimamori.integrity.manifest.SegmentManifest;
import jp.mimamori.integrity.manifest.SignedManifest;
import jp.mimamori.integrity.manifest.UnitIndex;
import jp.mimamori.integrity.media.internal.ChunkSplitter;
import jp.mimamori.integrity.media.internal.MediaFormatException;
import jp.mimamori.integrity.media.internal.Fmp4Splitter;
import jp.mimamori.integrity.media.internal.MpegTsDemuxer;
import jp.mimamori.integrity.media.internal.MpegTsSplitter;
import jp.mimamori.integrity.media.internal.UnitSplitter;
import jp.mimamori.integrity.seal.CameraChain;
import jp.mimamori.integrity.seal.ManifestSink;
import jp.mimamori.integrity.seal.SegmentSealer;
import jp.mimamori.recorder.store.internal.SegmentPipeline;
import jp.mimamori.recorder.store.internal.StoreV2;
import jp.mimamori.recorder.store.internal.UnitIndexFile;
import jp.mimamori.retention.crypto.KeyVault;
import jp.mimamori.retention.crypto.StreamingSegmentCipher;

/**
 * One camera's recording handle in a {@link Recorder}: seals segments into the store as they are recorded
 * ({@link #begin}, then {@link LiveSegment#write} and {@link LiveSegment#close}) or from files the NVR already
 * wrote ({@link #sealFile}), continuing the camera's hash chain across restarts. Memory stays bounded whatever
 * the segment size: bytes are streamed to the media file and hashed as they pass, never held.
 *
 * <pre>{@code
 * try (CameraRecorder cam = recorder.camera("cam-01")) {
 *     SignedManifest m = cam.sealFile(Path.of("rec/0001.ts"), Instant.parse("2026-04-01T09:00:00Z"));
 * }
 * }</pre>
 *
 * <p><b>Restarts and crashes.</b> Opening continues the chain from its state; if a segment was open when the
 * recorder stopped, that crash is recorded in the next sealed manifest, and the bytes it left are sealed as a
 * recovered segment or discarded, as the options' {@link TailPolicy} says. Two crashes in a row are both recorded.
 *
 * <p><b>Threads.</b> Thread-safe: calls are serialised per camera, and one segment is open at a time. Use one
 * thread per camera for throughput; handles of different cameras never contend.
 */
public final class CameraRecorder implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(CameraRecorder.class.getName());
    private static final int FILE_BUFFER = 256 * 1024;
    /**
     * Buffers between the hashing and the writing thread when a recorded file is sealed: 4 × 8 MiB, large enough
     * that each holds several 1 MiB chunks for the sealer to hash on several cores at once.
     */
    private static final int PIPELINE_BUFFER = 8 << 20;
    private static final int PIPELINE_BUFFERS = 4;
    private static final String CRASHED = ".crashed";

    private final Recorder recorder;
    private final Path dir;
    private final StoreV2 marker;
    private final String camera;
    private final RecorderOptions options;
    private KeyVault vault;
    private CameraChain chain;
    private LiveSegment current;
    private BitSet pendingKeyframes = new BitSet();
    private boolean closed;

    private CameraRecorder(Recorder recorder, Path dir, StoreV2 marker, String camera) {
        this.recorder = recorder;
        this.dir = dir;
        this.marker = marker;
        this.camera = camera;
        this.options = recorder.options();
    }

    static CameraRecorder open(Recorder recorder, Path root, StoreV2 marker, String camera) throws IOException {
        Path dir = root.resolve(camera);
        if (Files.isSymbolicLink(dir)) {
            throw new IOException("camera " + camera + ": its folder is a symbolic link; refused");
        }
        Files.createDirectories(dir);
        CameraRecorder c = new CameraRecorder(recorder, dir, marker, camera);
        try {
            if (marker.encrypted()) {
                c.vault = recorder.writer().vault(camera); // one owner of the vault per process
            }
            ManifestSink sink = c::writeSegment;
            c.chain = CameraChain.open(camera, recorder.options().signingKey(), recorder.options().certChain(),
                    dir.resolve(StoreV2.CHAIN),
                    sink.thenLog(recorder.options().segmentLog()), newestSealed(dir));
            c.handleTail();
            return c;
        } catch (CryptoException e) {
            c.closeQuietly();
            throw new IOException("camera " + camera + ": " + e.getMessage(), e);
        } catch (IOException | RuntimeException e) {
            c.closeQuietly();
            throw e;
        }
    }

    private void closeQuietly() {
        try {
            if (chain != null) {
                chain.close();
            }
        } catch (IOException ignored) {
            // the open failed already
        }
    }

    /** The camera id. */
    public String camera() {
        return camera;
    }

    /**
     * Rotates this camera's signing key: the next sealed manifest, signed by the current key, announces
     * {@code next}; the manifests after it are signed by {@code next} and their signature files carry
     * {@code nextCertChain} (DER, leaf first; empty for none) instead of the old key's chain (G13). The verifier
     * trusts {@code next} only through its trust store (directly or by that chain to a trusted CA).
     *
     * @throws IllegalArgumentException naming {@code nextCertChain} if its leaf does not certify {@code next}
     */
    public synchronized void rotateKey(jp.mimamori.integrity.keys.SigningKey next, List<byte[]> nextCertChain) {
        chain.rotateKey(next, nextCertChain);
    }

    /**
     * Begins a live segment captured from {@code start}: bytes written to it are stored and sealed as they
     * come; {@link LiveSegment#close()} seals it. Nothing is stored until the first byte.
     *
     * @throws IllegalStateException if a segment is open or the handle is closed
     */
    public synchronized LiveSegment begin(Instant start, UnitFormat format) {
        checkOpen();
        UnitSplitter splitter = switch (format) {
            case CHUNKS -> new ChunkSplitter(options.chunkSize());
            case MPEG_TS -> new MpegTsSplitter();
            case FMP4 -> new Fmp4Splitter();
        };
        String kind = switch (format) {
            case CHUNKS -> SegmentManifest.KIND_CHUNK;
            case MPEG_TS -> SegmentManifest.KIND_TS;
            case FMP4 -> SegmentManifest.KIND_FMP4;
        };
        current = new LiveSegment(this, kind, splitter, micros(start), false, false);
        return current;
    }

    /**
     * Begins a live segment with a splitter of the caller's (an incremental container splitter).
     *
     * @param unitKind {@link SegmentManifest#KIND_TS} or {@link SegmentManifest#KIND_CHUNK}
     */
    synchronized LiveSegment begin(Instant start, String unitKind, UnitSplitter splitter) {
        checkOpen();
        current = new LiveSegment(this, unitKind, splitter, micros(start), false, false);
        return current;
    }

    /**
     * Seals one recorded file as the camera's next segment, streaming it (files over 2 GiB with a small heap):
     * MPEG-TS files (by content) as access units captured at {@code start + (PTS − first PTS)}, any other file
     * as fixed-size chunks captured at {@code start}. The file's bytes are stored exactly as recorded.
     *
     * @throws IllegalArgumentException if the file is empty or not a regular file
     */
    public SignedManifest sealFile(Path file, Instant start) throws IOException, CryptoException {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("file " + file.getFileName() + ": not a regular file");
        }
        try (FileChannel in = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = in.size();
            if (size == 0) {
                throw new IllegalArgumentException("file " + file.getFileName() + ": empty; a segment needs a unit");
            }
            boolean ts = false;
            ByteBuffer first = ByteBuffer.allocate(1);
            in.read(first, 0);
            if ((first.get(0) & 0xFF) == 0x47 && size % MpegTsDemuxer.PACKET == 0) {
                try {
                    MpegTsDemuxer.split(in); // a first pass decides: TS units, or chunks
                    ts = true;
                } catch (MediaFormatException e) {
                    ts = false;
                }
            }
            LiveSegment seg;
            synchronized (this) {
                checkOpen();
                UnitSplitter sp = ts ? new MpegTsSplitter() : new ChunkSplitter(options.chunkSize());
                // A recorded file streams as fast as the disk gives it: hashing here, writing (and encrypting)
                // on a writer thread, so the two overlap.
                current = new LiveSegment(this, ts ? SegmentManifest.KIND_TS : SegmentManifest.KIND_CHUNK, sp,
                        micros(start), false, true);
                seg = current;
            }
            SegmentSealer.warmUp();
            // Read into the writer's own buffers: the bytes hashed are the bytes stored, copied once.
            long pos = 0;
            boolean end = false;
            while (pos < size && !end) {
                ByteBuffer buf = seg.lend(PIPELINE_BUFFER);
                while (buf.hasRemaining() && pos < size) {
                    int r = in.read(buf, pos);
                    if (r < 0) {
                        end = true; // the file shrank while it was read: seal what was there
                        break;
                    }
                    pos += r;
                }
                buf.flip();
                seg.writeLent(buf);
            }
            return seg.seal();
        }
    }

    /** Releases the camera (an open segment stays unsealed, as after a crash: the next open records it). */
    @Override
    public void close() throws IOException {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            if (current != null) {
                current.abandonQuietly();
                current = null;
            }
            chain.close();
        }
        recorder.closed(camera);
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("camera " + camera + ": closed");
        }
        if (current != null && current.isOpen()) {
            throw new IllegalStateException("camera " + camera + ": a segment is open; close it first");
        }
    }

    // ---- used by LiveSegment -------------------------------------------------------------------------------

    /** Starts the segment in the chain and opens its media file. */
    synchronized Started start(String kind, UnitSplitter splitter, long startUs, boolean recovered,
                               boolean pipelined) throws IOException {
        SegmentSealer sealer = recovered ? chain.beginRecovered(kind) : chain.begin(kind);
        Path seg = dir.resolve(StoreV2.segmentName(sealer.sequence()));
        Files.createDirectories(seg);
        FileChannel ch = FileChannel.open(seg.resolve(marker.media()), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING, LinkOption.NOFOLLOW_LINKS);
        SegmentPipeline.Sink sink;
        if (!marker.encrypted()) {
            sink = pipelined ? directOrPlain(seg.resolve(marker.media()), ch) : SegmentPipeline.plain(ch);
        } else {
            String id = StoreV2.segmentName(sealer.sequence());
            try (SecretBytes key = vault.contains(id) ? vault.get(id) : vault.create(id)) {
                OutputStream enc = StreamingSegmentCipher.create(marker.segmentSize()).newEncryptingStream(key,
                        StoreV2.associatedData(camera, sealer.sequence()), channelStream(ch));
                sink = SegmentPipeline.encrypted(enc, ch);
            } catch (CryptoException e) {
                ch.close();
                throw new IOException("camera " + camera + ": segment " + sealer.sequence() + ": " + e.getMessage(), e);
            }
        }
        if (pipelined) {
            sink = SegmentPipeline.async(sink, PIPELINE_BUFFERS, PIPELINE_BUFFER, !marker.encrypted());
        }
        return new Started(sealer, new SegmentPipeline(sealer, splitter, sink, startUs));
    }

    /**
     * A recorded file's copy written with direct I/O ({@link SegmentPipeline#direct}) where the file system allows
     * it, else through the page cache as always.
     */
    private static SegmentPipeline.Sink directOrPlain(Path media, FileChannel ch) {
        try {
            return SegmentPipeline.direct(ch, FileChannel.open(media, StandardOpenOption.WRITE,
                    LinkOption.NOFOLLOW_LINKS, com.sun.nio.file.ExtendedOpenOption.DIRECT));
        } catch (IOException | UnsupportedOperationException e) {
            return SegmentPipeline.plain(ch); // tmpfs and others refuse O_DIRECT
        }
    }

    /** The sealer and pipeline of a started segment. */
    record Started(SegmentSealer sealer, SegmentPipeline pipeline) { }

    /** Seals a finished segment: index, signature and manifest are written by the chain's sink. */
    synchronized SignedManifest seal(Started s) throws IOException, CryptoException {
        pendingKeyframes = s.pipeline().keyframes();
        return s.sealer().close();
    }

    synchronized void ended(LiveSegment s) {
        if (current == s) {
            current = null;
        }
    }

    /** The chain's sink: units.idx, the signature, and the manifest last (its presence marks the segment sealed). */
    private void writeSegment(SignedManifest m, UnitIndex units) throws IOException {
        Path seg = dir.resolve(StoreV2.segmentName(m.manifest().sequence()));
        long[] offsets = new long[units.units().size()];
        long at = 0;
        for (int i = 0; i < offsets.length; i++) {
            offsets[i] = at;
            at += units.units().get(i).length();
        }
        DurableFiles.replace(seg.resolve(StoreV2.UNITS), new UnitIndexFile(units, offsets, pendingKeyframes).encode());
        DurableFiles.replace(seg.resolve(StoreV2.SIGNATURE), m.signature().encode());
        DurableFiles.replace(seg.resolve(StoreV2.MANIFEST), m.bytes());
    }

    private static OutputStream channelStream(FileChannel ch) {
        return new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                ByteBuffer bb = ByteBuffer.wrap(b, off, len);
                while (bb.hasRemaining()) {
                    ch.write(bb);
                }
            }

            @Override
            public void close() {
                // The sink forces and closes the channel.
            }
        };
    }

    // ---- restarts ------------------------------------------------------------------------------------------

    /** The newest well-formed manifest stored for this camera, if any. */
    private static Optional<SignedManifest> newestSealed(Path dir) throws IOException {
        List<Path> segs;
        try (Stream<Path> s = Files.list(dir)) {
            segs = s.filter(p -> StoreV2.SEGMENT_DIR.matcher(p.getFileName().toString()).matches()).sorted()
                    .toList();
        }
        for (int i = segs.size() - 1; i >= 0; i--) {
            Path m = segs.get(i).resolve(StoreV2.MANIFEST);
            Path s = segs.get(i).resolve(StoreV2.SIGNATURE);
            if (Files.isRegularFile(m, LinkOption.NOFOLLOW_LINKS) && Files.isRegularFile(s, LinkOption.NOFOLLOW_LINKS)) {
                try {
                    // Read with a limit, never through a link nor from a FIFO (SECURITY G17, G18).
                    byte[] bytes = BoundedFiles.read(dir, m, SegmentManifest.MAX_BYTES);
                    return Optional.of(new SignedManifest(bytes, SegmentManifest.parse(bytes),
                            ManifestSignature.parse(BoundedFiles.read(dir, s, SegmentManifest.MAX_BYTES))));
                } catch (ManifestFormatException | IllegalArgumentException | BoundedFiles.TooLargeException
                         | ConfinedFiles.RefusedException | java.nio.file.NoSuchFileException e) {
                    // A damaged, oversized or special newest manifest, or one an erasure's cleanup just removed:
                    // fall back to the one before it.
                }
            }
        }
        return Optional.empty();
    }

    /** A segment a crash left open: sealed as recovered or discarded, by policy. */
    private void handleTail() throws IOException, CryptoException {
        List<Long> unsealed = chain.unsealed();
        if (unsealed.isEmpty()) {
            return;
        }
        long n = unsealed.get(unsealed.size() - 1);
        Path seg = dir.resolve(StoreV2.segmentName(n));
        if (!Files.isDirectory(seg, LinkOption.NOFOLLOW_LINKS)
                || Files.exists(seg.resolve(StoreV2.MANIFEST), LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        Path media = seg.resolve(marker.media());
        Path crashed = seg.resolve(marker.media() + CRASHED);
        if (Files.isRegularFile(media, LinkOption.NOFOLLOW_LINKS) && !Files.exists(crashed)) {
            DurableFiles.moveAtomic(media, crashed);
        }
        long bytes = Files.isRegularFile(crashed, LinkOption.NOFOLLOW_LINKS) ? Files.size(crashed) : 0;
        if (options.tailPolicy() == TailPolicy.SEAL_RECOVERED && bytes > 0 && recover(n, seg, crashed)) {
            return;
        }
        discard(n, seg, bytes);
    }

    private boolean recover(long n, Path seg, Path crashed) throws IOException, CryptoException {
        String id = StoreV2.segmentName(n);
        long startUs = micros(Files.getLastModifiedTime(crashed).toInstant());
        LiveSegment s = new LiveSegment(this, SegmentManifest.KIND_CHUNK, new ChunkSplitter(options.chunkSize()),
                startUs, true, false);
        try (FileChannel in = FileChannel.open(crashed, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
            if (!marker.encrypted()) {
                ByteBuffer buf = ByteBuffer.allocate(FILE_BUFFER);
                long pos = 0;
                while (in.read(buf, pos) > 0) {
                    buf.flip();
                    pos += buf.remaining();
                    s.write(buf);
                    buf.clear();
                }
            } else {
                if (!vault.contains(id)) {
                    return false;
                }
                StreamingSegmentCipher cipher = StreamingSegmentCipher.create(marker.segmentSize());
                try (SecretBytes key = vault.get(id)) {
                    byte[] aad = StoreV2.associatedData(camera, n);
                    for (long i = 0; ; i++) {
                        byte[] pt;
                        try {
                            pt = cipher.decryptSegment(key, aad, in, i);
                        } catch (CryptoException | IOException e) {
                            break; // the torn end: what follows never reached the disk whole
                        }
                        s.write(ByteBuffer.wrap(pt));
                    }
                }
            }
        }
        if (!s.hasBytes()) {
            return false;
        }
        SignedManifest m = s.seal();
        Files.deleteIfExists(crashed);
        LOG.log(System.Logger.Level.WARNING, "camera {0}: segment {1} was open when the recorder stopped; sealed"
                + " the {2} units found on disk as a recovered segment", camera, n, m.manifest().unitCount());
        return true;
    }

    private void discard(long n, Path seg, long bytes) throws IOException {
        if (vault != null) {
            vault.destroy(List.of(StoreV2.segmentName(n)));
        }
        List<Path> files;
        try (Stream<Path> s = Files.list(seg)) {
            files = new ArrayList<>(s.toList());
        }
        for (Path f : files) {
            Files.delete(f);
        }
        Files.delete(seg);
        LOG.log(System.Logger.Level.WARNING, "camera {0}: segment {1} was open when the recorder stopped; its"
                + " unsealed tail ({2} bytes) was discarded (tail policy DISCARD); the crash is recorded in the"
                + " next sealed manifest", camera, n, bytes);
    }

    static long micros(Instant t) {
        return Math.addExact(Math.multiplyExact(t.getEpochSecond(), 1_000_000L), t.getNano() / 1000);
    }
}
