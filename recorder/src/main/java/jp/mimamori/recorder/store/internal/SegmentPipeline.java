package jp.mimamori.recorder.store.internal;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.BitSet;
import jp.mimamori.core.internal.work.BufferHandOff;
import jp.mimamori.integrity.media.internal.MediaFormatException;
import jp.mimamori.integrity.media.internal.UnitSplitter;
import jp.mimamori.integrity.seal.SegmentSealer;
import jp.mimamori.retention.crypto.StreamingSegmentCipher;

/**
 * One segment on its way into the store: every byte written goes once to the media file (plain, or through
 * the streaming cipher) and once through the splitter, and each unit the splitter reports is hashed into the
 * sealer. Hashing trails the bytes by at most {@link #LAG} bytes, so a splitter may report a unit boundary up to
 * that far behind the newest byte (a TS packet header split across two writes), and at most {@link #FIRST_LAG}
 * before the first unit; nothing else of the segment is held. Not thread-safe: the owning {@code LiveSegment} serialises calls.
 */
public final class SegmentPipeline {
    /** How far behind the newest byte a splitter may report a unit boundary. */
    public static final int LAG = 64 * 1024;
    /**
     * How far behind a splitter may report the first unit boundary (an MPEG-TS splitter learns the video PID from
     * a PMT that may come after the first frames).
     */
    public static final int FIRST_LAG = 8 << 20;
    private static final long PTS_WRAP = 1L << 33;

    private final SegmentSealer sealer;
    private final UnitSplitter splitter;
    private final Sink sink;
    private final long startUs;
    private ByteBuffer tail = ByteBuffer.allocate(LAG);
    private final BitSet keyframes = new BitSet();
    private final long[][] ends = {new long[64]};
    private final long[][] pts = {new long[64]};
    private final boolean[][] keys = {new boolean[64]};
    private int reported;
    private long fed;
    private long hashed;
    private long lastEnd;
    /** Where the last sealed unit ends (the next one's start). */
    private long sealedTo;
    private long firstPts = -1;
    private long lastUs;
    private int units;

    /** Where the bytes go: the media file, plain or encrypted. */
    public interface Sink {
        /** Writes all remaining bytes of {@code b} (consumed). */
        void write(ByteBuffer b) throws IOException;

        /** Writes what is buffered, forces the file to the device and closes it. */
        void close() throws IOException;

        /** Closes without forcing (the segment is abandoned). */
        void abandon();

        /**
         * Forces what was written so far to the device (called by {@link #async} from a thread of its own while
         * writing goes on, so that the final {@link #close()} finds little left to write). Default: nothing.
         */
        default void writeBack() throws IOException {
        }

        /** Prepares for a bulk stream before its first byte (called by {@link #async}'s writer). Default: nothing. */
        default void warmUp() {
        }

        /**
         * A buffer of at most {@code size} bytes to read the next bytes into and pass to {@link #writeLent}: a
         * sink that writes on a thread of its own lends one of its buffers, so that the bytes reach its writer
         * without being copied. Between the two calls nothing else is written. Default: a new heap buffer.
         */
        default ByteBuffer lend(int size) throws IOException {
            return ByteBuffer.allocate(size);
        }

        /**
         * Writes the remaining bytes of a buffer {@link #lend} gave (none is fine); the buffer is the sink's again
         * and the caller reads it no more once its next call to this sink begins. Default: {@link #write}.
         */
        default void writeLent(ByteBuffer lent) throws IOException {
            write(lent);
        }
    }

    /** A plain media file. */
    public static Sink plain(FileChannel ch) {
        return new Sink() {
            @Override
            public void write(ByteBuffer b) throws IOException {
                while (b.hasRemaining()) {
                    ch.write(b);
                }
            }

            @Override
            public void close() throws IOException {
                ch.force(false);
                ch.close();
            }

            @Override
            public void writeBack() throws IOException {
                ch.force(false);
            }

            @Override
            public void abandon() {
                try {
                    ch.close();
                } catch (IOException ignored) {
                    // abandoned anyway
                }
            }
        };
    }

    /** The alignment of buffers, file offsets and lengths that {@link #direct} writes without the page cache. */
    public static final int DIRECT_ALIGNMENT = 4096;

    /**
     * A plain media file written with direct I/O where it can be: {@code direct} is the same file opened with
     * {@code O_DIRECT}, {@code buffered} opened as usual. Whole aligned blocks of aligned direct buffers go to the
     * device without passing through the page cache (no copy into it, nothing dirty left for the final force to
     * wait for); anything else — the last partial block, a heap buffer, or everything once a direct write failed (a
     * file system that refuses it) — goes through {@code buffered}, at the same offsets. {@link #close()} forces the
     * file (its data and size) and closes both channels.
     */
    public static Sink direct(FileChannel buffered, FileChannel direct) {
        return new Sink() {
            private long pos;
            private boolean directOk = true;
            private volatile boolean paged;

            @Override
            public void write(ByteBuffer b) throws IOException {
                if (directOk && pos % DIRECT_ALIGNMENT == 0 && b.isDirect()
                        && b.alignmentOffset(b.position(), DIRECT_ALIGNMENT) == 0) {
                    int n = b.remaining() - b.remaining() % DIRECT_ALIGNMENT;
                    if (n > 0) {
                        ByteBuffer whole = b.duplicate();
                        whole.limit(whole.position() + n);
                        try {
                            while (whole.hasRemaining()) {
                                pos += direct.write(whole, pos);
                            }
                            b.position(b.position() + n);
                        } catch (IOException e) {
                            directOk = false; // refused by this file system: the rest goes through the page cache
                            b.position(whole.position());
                        }
                    }
                }
                if (b.hasRemaining()) {
                    paged = true;
                }
                while (b.hasRemaining()) {
                    pos += buffered.write(b, pos);
                }
            }

            @Override
            public void writeBack() throws IOException {
                // Only what went through the page cache waits for a force; a force while direct writes go on
                // would only flush the device's cache under them, for nothing.
                if (paged) {
                    buffered.force(false);
                }
            }

            @Override
            public void close() throws IOException {
                try {
                    buffered.force(false);
                } finally {
                    abandon();
                }
            }

            @Override
            public void abandon() {
                for (FileChannel ch : new FileChannel[] {direct, buffered}) {
                    try {
                        ch.close();
                    } catch (IOException ignored) {
                        // abandoned anyway
                    }
                }
            }
        };
    }

    /** An encrypting stream over a media file channel; the stream's close must not close the channel. */
    public static Sink encrypted(OutputStream enc, FileChannel ch) {
        byte[] scratch = new byte[64 * 1024];
        return new Sink() {
            @Override
            public void write(ByteBuffer b) throws IOException {
                if (b.hasArray()) {
                    enc.write(b.array(), b.arrayOffset() + b.position(), b.remaining());
                    b.position(b.limit());
                    return;
                }
                while (b.hasRemaining()) {
                    int n = Math.min(scratch.length, b.remaining());
                    b.get(scratch, 0, n);
                    enc.write(scratch, 0, n);
                }
            }

            @Override
            public void close() throws IOException {
                enc.close();
                ch.force(false);
                ch.close();
            }

            @Override
            public void writeBack() throws IOException {
                ch.force(false); // what the cipher has written so far; the stream is not touched
            }

            @Override
            public void warmUp() {
                StreamingSegmentCipher.warmUpEncryption();
            }

            @Override
            public void abandon() {
                try {
                    ch.close();
                } catch (IOException ignored) {
                    // abandoned anyway
                }
            }
        };
    }

    /**
     * A sink that writes on a thread of its own, so that hashing (on the caller's thread) and writing — and, for
     * an encrypted store, encrypting — overlap: {@code write} copies the bytes into one of {@code buffers}
     * buffers of {@code size} bytes and returns; the writer thread hands full buffers to {@code inner} in order.
     * Memory is bounded by the buffers. Every {@value #WRITE_BACK_BYTES} bytes written, a third thread asks
     * {@code inner} to {@linkplain Sink#writeBack() write back} what it has, while writing goes on: the page cache
     * would otherwise hold the whole file until the final force at {@link Sink#close()} (Linux starts writing back
     * only at a tenth of memory dirty), which then waits for all of it. A failure of the writer or of a write-back
     * surfaces at the next {@code write} or at {@code close}.
     *
     * @param direct whether the buffers are direct (for a plain file channel; then {@code size} is a multiple of
     *     {@link #DIRECT_ALIGNMENT}) or heap arrays (for the cipher)
     */
    public static Sink async(Sink inner, int buffers, int size, boolean direct) {
        return new AsyncSink(inner, buffers, size, direct);
    }

    /** Bytes between two early write-backs of an {@link #async} sink. */
    public static final long WRITE_BACK_BYTES = 64L << 20;

    private static final class AsyncSink implements Sink {
        private final Sink inner;
        private final java.util.concurrent.Semaphore writeBackDue = new java.util.concurrent.Semaphore(0);
        private volatile boolean writeBackStop;
        private Thread flusher;
        private long sinceWriteBack;
        /** Buffers from the caller's thread to the writer; a failure of either side or a write-back stops it. */
        private final BufferHandOff handOff;
        private final Thread writer;
        private ByteBuffer current;
        private boolean ended;

        AsyncSink(Sink inner, int buffers, int size, boolean direct) {
            this.inner = inner;
            // Direct buffers aligned for direct I/O (SegmentPipeline.direct), exactly size bytes.
            handOff = new BufferHandOff(buffers, () -> direct
                    ? ByteBuffer.allocateDirect(size + DIRECT_ALIGNMENT).alignedSlice(DIRECT_ALIGNMENT).limit(size)
                            .slice()
                    : ByteBuffer.allocate(size));
            writer = new Thread(this::run, "mimamori-segment-writer");
            writer.setDaemon(true);
            writer.start();
        }

        private void run() {
            inner.warmUp();
            while (true) {
                ByteBuffer b;
                try {
                    b = handOff.next();
                } catch (InterruptedException e) {
                    handOff.fail(e);
                    return;
                }
                if (b == null) {
                    return; // the end, or a failure the caller sees
                }
                if (handOff.failure() == null) {
                    try {
                        sinceWriteBack += b.remaining();
                        inner.write(b);
                        if (sinceWriteBack >= WRITE_BACK_BYTES) {
                            sinceWriteBack = 0;
                            requestWriteBack();
                        }
                    } catch (IOException | RuntimeException e) {
                        handOff.fail(e); // wakes the caller if it waits for a buffer; it sees the failure
                    }
                }
                handOff.release(b);
            }
        }

        /** On the writer thread: wakes the flusher (started on first use); requests coalesce while one runs. */
        private void requestWriteBack() {
            if (flusher == null) {
                flusher = new Thread(this::flush, "mimamori-segment-write-back");
                flusher.setDaemon(true);
                flusher.start();
            }
            if (writeBackDue.availablePermits() == 0) {
                writeBackDue.release();
            }
        }

        private void flush() {
            while (true) {
                try {
                    writeBackDue.acquire();
                } catch (InterruptedException e) {
                    return;
                }
                writeBackDue.drainPermits();
                if (writeBackStop) {
                    return;
                }
                try {
                    inner.writeBack();
                } catch (IOException | RuntimeException e) {
                    handOff.fail(e);
                    return;
                }
            }
        }

        private void check() throws IOException {
            Throwable f = handOff.failure();
            if (f != null) {
                throw f instanceof IOException io ? new IOException(io.getMessage(), io)
                        : new IOException("segment writer: " + f, f);
            }
        }

        private void handOver() throws IOException {
            pass(current.flip());
            current = null;
        }

        private void pass(ByteBuffer b) throws IOException {
            try {
                handOff.pass(b);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new java.io.InterruptedIOException("interrupted while handing bytes to the segment writer");
            }
        }

        @Override
        public ByteBuffer lend(int size) throws IOException {
            check();
            if (current != null && current.position() > 0) {
                handOver(); // what was written before goes first
            }
            ByteBuffer b = current != null ? current : take();
            current = null;
            b.clear();
            b.limit(Math.min(size, b.capacity()));
            return b;
        }

        @Override
        public void writeLent(ByteBuffer lent) throws IOException {
            check();
            if (!lent.hasRemaining()) {
                handOff.release(lent);
                return;
            }
            pass(lent);
        }

        /** A free buffer; fails with the writer's failure if the writer stopped. */
        private ByteBuffer take() throws IOException {
            ByteBuffer b;
            try {
                b = handOff.take();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new java.io.InterruptedIOException("interrupted while waiting for the segment writer");
            }
            if (b == null) {
                check();
                throw new IOException("segment writer: stopped");
            }
            return b;
        }

        @Override
        public void write(ByteBuffer b) throws IOException {
            check();
            while (b.hasRemaining()) {
                if (current == null) {
                    current = take();
                }
                int n = Math.min(b.remaining(), current.remaining());
                ByteBuffer part = b.duplicate();
                part.limit(part.position() + n);
                current.put(part);
                b.position(b.position() + n);
                if (!current.hasRemaining()) {
                    handOver();
                }
            }
        }

        private void end() throws IOException {
            if (ended) {
                return;
            }
            ended = true;
            try {
                if (current != null && current.position() > 0) {
                    handOver();
                }
                handOff.end();
                writer.join();
                if (flusher != null) {
                    writeBackStop = true;
                    writeBackDue.release();
                    flusher.join();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                writer.interrupt();
                throw new java.io.InterruptedIOException("interrupted while waiting for the segment writer");
            }
        }

        @Override
        public void close() throws IOException {
            try {
                end();
                check();
            } catch (IOException | RuntimeException e) {
                inner.abandon();
                throw e;
            }
            inner.close();
        }

        @Override
        public void abandon() {
            handOff.fail(new IOException("abandoned")); // kept only if nothing failed before
            try {
                end();
            } catch (IOException ignored) {
                // abandoned anyway
            }
            inner.abandon();
        }
    }

    /**
     * A pipeline into {@code sealer}; units without a PTS are captured at {@code startUs}, units with one at
     * {@code startUs} plus their PTS distance from the first.
     */
    public SegmentPipeline(SegmentSealer sealer, UnitSplitter splitter, Sink sink, long startUs) {
        this.sealer = sealer;
        this.splitter = splitter;
        this.sink = sink;
        this.startUs = startUs;
        this.lastUs = startUs;
        tail.flip(); // empty, in read mode
    }

    /** Bytes written so far. */
    public long length() {
        return fed;
    }

    /** Units sealed so far. */
    public int units() {
        return units;
    }

    /** Takes the next bytes of the segment (all remaining; consumed). */
    public void write(ByteBuffer src) throws IOException, MediaFormatException {
        write(src, false);
    }

    /** A buffer of at most {@code size} bytes to read the next bytes into for {@link #writeLent} (see {@link Sink#lend}). */
    public ByteBuffer lend(int size) throws IOException {
        return sink.lend(size);
    }

    /** {@link #write} for a buffer {@link #lend} gave: its bytes reach the sink's writer without a copy. */
    public void writeLent(ByteBuffer src) throws IOException, MediaFormatException {
        write(src, true);
    }

    private void write(ByteBuffer src, boolean lent) throws IOException, MediaFormatException {
        int n = src.remaining();
        if (n == 0) {
            if (lent) {
                sink.writeLent(src);
            }
            return;
        }
        ByteBuffer cur = src.slice();
        if (lent) {
            sink.writeLent(src.duplicate()); // the writer reads the bytes while they are hashed here
        } else {
            sink.write(src.duplicate());
        }
        reported = 0;
        splitter.feed(src.duplicate(), this::collect);
        src.position(src.limit());
        long curStart = fed;
        fed += n;
        drain(cur, curStart);
        // Hash all but the last LAG bytes now; keep those for a boundary reported late.
        long keepFrom = Math.max(hashed, fed - (units == 0 ? FIRST_LAG : LAG));
        hashTo(keepFrom, cur, curStart);
        if (fed - hashed > tail.capacity()) {
            ByteBuffer bigger = ByteBuffer.allocate((int) Math.min(FIRST_LAG, Math.max(2L * tail.capacity(),
                    fed - hashed)));
            bigger.put(tail);
            bigger.flip();
            tail = bigger;
        }
        tail.compact();
        long curFrom = Math.max(hashed, curStart);
        if (curFrom < fed) {
            tail.put(cur.duplicate().position((int) (curFrom - curStart)));
        }
        tail.flip();
        if (units > 0 && tail.capacity() > LAG && tail.remaining() <= LAG) {
            ByteBuffer small = ByteBuffer.allocate(LAG); // back to the bound once the first unit is known
            small.put(tail);
            small.flip();
            tail = small;
        }
    }

    /** The segment ends: the last units are reported and sealed, the media file forced and closed. */
    public void finish() throws IOException, MediaFormatException {
        reported = 0;
        splitter.finish(this::collect);
        ByteBuffer none = ByteBuffer.allocate(0);
        drain(none, fed);
        if (hashed != fed || lastEnd != fed) {
            throw new IllegalStateException("splitter: units cover " + lastEnd + " of " + fed + " bytes");
        }
        sink.close();
    }

    /** Abandons the segment: the media file is closed as it is, nothing is sealed. */
    public void abandon() {
        sink.abandon();
    }

    /** The offsets of the units sealed (each the previous end). */
    public long[] offsets(long[] lengths) {
        long[] o = new long[lengths.length];
        long at = 0;
        for (int i = 0; i < lengths.length; i++) {
            o[i] = at;
            at += lengths[i];
        }
        return o;
    }

    /** Which units are keyframes. */
    public BitSet keyframes() {
        return (BitSet) keyframes.clone();
    }

    private void collect(long offset, long length, long p, boolean keyframe) {
        if (offset != lastEnd || length < 1) {
            throw new IllegalStateException("splitter: unit at " + offset + " (+" + length + ") does not follow the"
                    + " previous unit's end " + lastEnd);
        }
        lastEnd = offset + length;
        if (reported == ends[0].length) {
            ends[0] = java.util.Arrays.copyOf(ends[0], reported * 2);
            pts[0] = java.util.Arrays.copyOf(pts[0], reported * 2);
            keys[0] = java.util.Arrays.copyOf(keys[0], reported * 2);
        }
        ends[0][reported] = lastEnd;
        pts[0][reported] = p;
        keys[0][reported] = keyframe;
        reported++;
    }

    private void drain(ByteBuffer cur, long curStart) {
        for (int i = 0; i < reported; i++) {
            long e = checkBoundary(ends[0][i], hashed);
            if (i + 1 < reported && hashed == sealedTo && hashed >= curStart
                    && ends[0][reported - 1] - hashed >= SegmentSealer.PARALLEL_MIN_BYTES) {
                wholeUnits(i, cur, curStart);
                break;
            }
            hashTo(e, cur, curStart);
            sealedTo = e;
            long us = capture(pts[0][i]);
            sealer.endUnit(us);
            keyframes.set(units, keys[0][i]);
            units++;
        }
        reported = 0;
    }

    /**
     * Seals reported units {@code from} … the last at once: none is begun and all lie in {@code cur}, so the
     * sealer may hash them on several cores (a recorded file read in large buffers holds many).
     */
    private void wholeUnits(int from, ByteBuffer cur, long curStart) {
        int n = reported - from;
        java.util.List<ByteBuffer> slices = new java.util.ArrayList<>(n);
        long[] us = new long[n];
        long start = hashed;
        for (int k = 0; k < n; k++) {
            long e = checkBoundary(ends[0][from + k], start);
            ByteBuffer c = cur.duplicate();
            c.limit((int) (e - curStart));
            c.position((int) (start - curStart));
            slices.add(c);
            us[k] = capture(pts[0][from + k]);
            start = e;
        }
        sealer.units(slices, us);
        for (int k = 0; k < n; k++) {
            keyframes.set(units, keys[0][from + k]);
            units++;
        }
        hashed = start;
        sealedTo = start;
    }

    /** A reported unit end, checked: not before {@code from} (where hashing stands) and not past the bytes fed. */
    private long checkBoundary(long e, long from) {
        if (e < from) {
            throw new IllegalStateException("splitter: a unit boundary at " + e + " was reported more than "
                    + LAG + " bytes late");
        }
        if (e > fed) {
            throw new IllegalStateException("splitter: a unit boundary at " + e + " lies past the " + fed
                    + " bytes fed");
        }
        return e;
    }

    private long capture(long p) {
        long us;
        if (p >= 0) {
            if (firstPts < 0) {
                firstPts = p;
            }
            long delta = (p - firstPts) & (PTS_WRAP - 1); // 33-bit PTS wraps
            if (delta > (1L << 32)) {
                delta -= PTS_WRAP; // a frame shown before the first one (B-frame reordering)
            }
            us = startUs + delta * 100 / 9;
        } else {
            us = firstPts < 0 ? startUs : lastUs;
        }
        lastUs = us;
        return us;
    }

    /** Hashes bytes [hashed, e) into the current unit: first from the tail, then from {@code cur}. */
    private void hashTo(long e, ByteBuffer cur, long curStart) {
        if (e <= hashed) {
            return;
        }
        int fromTail = (int) Math.min(tail.remaining(), e - hashed);
        if (fromTail > 0) {
            ByteBuffer t = tail.duplicate();
            t.limit(t.position() + fromTail);
            sealer.append(t);
            tail.position(tail.position() + fromTail);
            hashed += fromTail;
        }
        if (e > hashed) {
            ByteBuffer c = cur.duplicate();
            c.position((int) (hashed - curStart));
            c.limit((int) (e - curStart));
            sealer.append(c);
            hashed = e;
        }
    }
}
