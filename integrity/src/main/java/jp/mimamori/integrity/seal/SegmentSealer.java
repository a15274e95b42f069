package jp.mimamori.integrity.seal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import jp.mimamori.core.error.CryptoException;
import jp.mimamori.core.internal.work.Parallel;
import jp.mimamori.integrity.manifest.SignedManifest;
import jp.mimamori.integrity.manifest.UnitIndex;
import jp.mimamori.integrity.manifest.UnitLeaf;
import jp.mimamori.integrity.merkle.MerkleAccumulator;

/**
 * Seals one segment as it is recorded: call {@link #unit} for each frame or chunk in recording order, then
 * {@link #close()} for the signed manifest. The per-unit path hashes the unit, builds its {@link UnitLeaf}, and
 * folds the leaf hash into an incremental RFC 9162 tree, reusing one {@link MessageDigest} and fixed buffers
 * (no per-unit allocation beyond amortised growth of the unit list). Methods are synchronized: one sealer may be
 * fed from several threads, though units are sealed in call order.
 */
public final class SegmentSealer {
    private final CameraChain chain;
    private final long sequence;
    private final String unitKind;
    private final MessageDigest md;
    private final byte[] contentHash = new byte[32];
    private final byte[] leaf = new byte[UnitLeaf.LENGTH];
    private final MerkleAccumulator tree = new MerkleAccumulator();
    private long count;
    private long minUs = Long.MAX_VALUE;
    private long maxUs = Long.MIN_VALUE;
    private long[] times = new long[256];
    private long[] lengths = new long[256];
    private byte[] hashes = new byte[256 * 32];
    private boolean closed;
    private long partLength;

    private static final java.util.concurrent.atomic.AtomicBoolean WARM =
            new java.util.concurrent.atomic.AtomicBoolean();

    /**
     * Prepares SHA-256 for a bulk stream, once per JVM: until the JIT has compiled the JDK's block loop (with the
     * CPU's SHA instructions) a fresh JVM hashes the first megabytes interpreted, at a few tens of MB/s; hashing a
     * few thousand small buffers first gets it compiled by invocation count before the first megabyte of a
     * recorded file. Later calls return at once. Thread-safe.
     *
     * <pre>{@code
     * SegmentSealer.warmUp(); // before sealing a large recorded file
     * }</pre>
     */
    public static void warmUp() {
        if (!WARM.compareAndSet(false, true)) {
            return;
        }
        try {
            MessageDigest d = MessageDigest.getInstance("SHA-256");
            byte[] b = new byte[128];
            for (int i = 0; i < WARM_UP_CALLS; i++) {
                d.update(b);
            }
            d.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java platform", e);
        }
    }

    /** Calls of {@link #warmUp()}: past the JIT's compile thresholds by invocation count. */
    private static final int WARM_UP_CALLS = 20_000;

    SegmentSealer(CameraChain chain, long sequence, String unitKind) {
        this.chain = chain;
        this.sequence = sequence;
        this.unitKind = unitKind;
        try {
            this.md = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java platform", e);
        }
    }

    /** This segment's sequence number. */
    public long sequence() {
        return sequence;
    }

    /** The unit kind this segment records. */
    public String unitKind() {
        return unitKind;
    }

    /** Units sealed so far. */
    public synchronized long count() {
        return count;
    }

    /** Seals the next unit, captured at {@code captureTime}. */
    public void unit(byte[] bytes, Instant captureTime) {
        unit(bytes, 0, bytes.length, micros(captureTime));
    }

    /** Seals the next unit: {@code bytes[off..off+len)}, captured at {@code captureUs} (µs since the epoch). */
    public synchronized void unit(byte[] bytes, int off, int len, long captureUs) {
        checkOpen();
        checkNoPart();
        md.update(bytes, off, len);
        finishUnit(len, captureUs);
    }

    /** Seals the next unit: the buffer's remaining bytes (consumed), captured at {@code captureTime}. */
    public void unit(ByteBuffer bytes, Instant captureTime) {
        unit(bytes, micros(captureTime));
    }

    /** Seals the next unit: the buffer's remaining bytes (consumed), captured at {@code captureUs}. */
    public synchronized void unit(ByteBuffer bytes, long captureUs) {
        checkOpen();
        checkNoPart();
        int len = bytes.remaining();
        md.update(bytes);
        finishUnit(len, captureUs);
    }

    /**
     * Seals the next units in order: each buffer's remaining bytes (consumed) are one unit, captured at
     * {@code captureUs[i]}. The result is exactly that of {@link #unit(ByteBuffer, long)} for each in turn, but
     * several units of at least {@value #PARALLEL_MIN_BYTES} bytes in all are hashed on the machine's cores at once
     * (the calling thread and core's shared helpers), so that a recorded file is sealed faster than one core
     * hashes. The buffers must not change until this returns.
     *
     * <pre>{@code
     * sealer.units(List.of(chunk1, chunk2), new long[] {t1, t2});
     * }</pre>
     *
     * @throws IllegalArgumentException if {@code captureUs} has fewer entries than there are units
     */
    public synchronized void units(List<ByteBuffer> units, long[] captureUs) {
        checkOpen();
        checkNoPart();
        if (captureUs.length < units.size()) {
            throw new IllegalArgumentException("captureUs: " + captureUs.length + " capture times for " + units.size()
                    + " units");
        }
        long total = 0;
        for (ByteBuffer b : units) {
            total += b.remaining();
        }
        if (units.size() < 2 || total < PARALLEL_MIN_BYTES) {
            for (int i = 0; i < units.size(); i++) {
                unit(units.get(i), captureUs[i]);
            }
            return;
        }
        int chunk = Math.max(1, units.size() / (2 * Runtime.getRuntime().availableProcessors()));
        List<byte[]> digests = Parallel.map(units, chunk, b -> {
            MessageDigest d = WORKER_DIGEST.get();
            d.update(b.duplicate());
            return d.digest();
        });
        for (int i = 0; i < units.size(); i++) {
            ByteBuffer b = units.get(i);
            System.arraycopy(digests.get(i), 0, contentHash, 0, 32);
            long len = b.remaining();
            b.position(b.limit());
            leafFromContentHash(len, captureUs[i]);
        }
    }

    /** Least bytes in all for which {@link #units} hashes on several cores: below it, handing over costs more. */
    public static final int PARALLEL_MIN_BYTES = 256 * 1024;

    private static final ThreadLocal<MessageDigest> WORKER_DIGEST = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java platform", e);
        }
    });

    /**
     * Adds the buffer's remaining bytes (consumed) to the unit being sealed, for units that arrive in pieces;
     * {@link #endUnit} then seals it. Allocation-free.
     */
    public synchronized void append(ByteBuffer part) {
        checkOpen();
        partLength += part.remaining();
        md.update(part);
    }

    /** Seals the unit built by {@link #append} since the last unit, captured at {@code captureUs}. */
    public synchronized void endUnit(long captureUs) {
        checkOpen();
        long len = partLength;
        partLength = 0;
        finishUnit(len, captureUs);
    }

    private void finishUnit(long len, long captureUs) {
        try {
            md.digest(contentHash, 0, 32);
        } catch (java.security.DigestException e) {
            throw new IllegalStateException("SHA-256 digest into a 32-byte buffer failed", e);
        }
        leafFromContentHash(len, captureUs);
    }

    /** Seals the unit whose SHA-256 is in {@code contentHash}. */
    private void leafFromContentHash(long len, long captureUs) {
        UnitLeaf.write(count, captureUs, contentHash, 0, leaf);
        tree.appendData(leaf, 0, UnitLeaf.LENGTH); // RFC 9162 leaf hash, allocation-free

        if (count == times.length) {
            int n = times.length * 2;
            times = Arrays.copyOf(times, n);
            lengths = Arrays.copyOf(lengths, n);
            hashes = Arrays.copyOf(hashes, n * 32);
        }
        int i = (int) count;
        times[i] = captureUs;
        lengths[i] = len;
        System.arraycopy(contentHash, 0, hashes, i * 32, 32);
        minUs = Math.min(minUs, captureUs);
        maxUs = Math.max(maxUs, captureUs);
        count++;
    }

    /**
     * Seals the segment: signs the manifest, writes it to the chain's sink, commits the chain state.
     *
     * @throws IllegalStateException if no unit was sealed or the sealer is already closed
     */
    public synchronized SignedManifest close() throws IOException, CryptoException {
        checkOpen();
        if (count == 0) {
            throw new IllegalStateException("segment " + sequence + ": a segment needs at least one unit");
        }
        List<UnitIndex.Entry> entries = new ArrayList<>((int) count);
        for (int i = 0; i < count; i++) {
            entries.add(new UnitIndex.Entry(times[i], Arrays.copyOfRange(hashes, i * 32, i * 32 + 32), lengths[i],
                    List.of()));
        }
        UnitIndex index = new UnitIndex(chain.camera(), sequence, count, 0, entries);
        SignedManifest m = chain.seal(this, minUs, maxUs, count, tree.root(), index);
        closed = true;
        return m;
    }

    private void checkNoPart() {
        if (partLength != 0) {
            throw new IllegalStateException("segment " + sequence + ": a unit begun with append() is not ended");
        }
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("segment " + sequence + ": already sealed");
        }
    }

    private static long micros(Instant t) {
        return Math.addExact(Math.multiplyExact(t.getEpochSecond(), 1_000_000L), t.getNano() / 1000);
    }
}
