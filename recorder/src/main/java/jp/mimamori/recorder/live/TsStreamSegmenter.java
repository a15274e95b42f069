package jp.mimamori.recorder.live;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Objects;
import jp.mimamori.integrity.media.internal.MediaFormatException;
import jp.mimamori.integrity.media.internal.MpegTsSplitter;
import jp.mimamori.integrity.media.internal.TsPacketAssembler;

/**
 * Cuts a continuous MPEG-TS stream (a camera's live output, such as {@code ffmpeg … -f mpegts -}) into segments
 * of about a given duration, each starting at a keyframe, and hands each segment's bytes to {@link Segments} as
 * they arrive: nothing is held but the packets of a frame whose keyframe flag is still being looked for (a few
 * KiB), whatever the segment's length.
 *
 * <p>The rule: a new segment starts at the first keyframe (docs/FORMATS.md "Units") whose PTS is at least the
 * segment duration after the PTS of the segment's first frame (by the wall clock when frames carry no PTS); if
 * no keyframe comes for twice the duration, at the next frame. Each segment after the first begins with a copy
 * of the stream's latest PAT and PMT packets, so that it plays, and splits, on its own (as ffmpeg's segment
 * muxer does); otherwise the segments are the stream's packets in order. A partial packet at the end of the
 * input is dropped (reported by {@link #droppedBytes()}).
 *
 * <p>Not thread-safe: one thread feeds one stream; {@link #finish()} may be called from another thread only
 * while no {@link #feed} runs (the caller serialises, as {@code mimamori record} does on SIGTERM).
 *
 * <pre>{@code
 * TsStreamSegmenter cutter = new TsStreamSegmenter(Duration.ofSeconds(60), Clock.systemUTC(), segments);
 * cutter.feedAll(System.in);
 * cutter.finish();
 * }</pre>
 */
public final class TsStreamSegmenter {
    /** The default segment duration of {@code mimamori record}: 60 seconds. */
    public static final Duration DEFAULT_SEGMENT = Duration.ofSeconds(60);
    /** The most bytes held while a frame's keyframe flag is looked for; beyond, that frame is not a cut point. */
    public static final int MAX_HELD = 1 << 20;

    private static final int PACKET = 188;
    private static final long PTS_MASK = (1L << 33) - 1;

    /** Where the segments go: one {@code begin}, its bytes, one {@code end}, and again. */
    public interface Segments {
        /**
         * A segment begins; its bytes follow.
         *
         * @param start the wall-clock time of its first byte
         * @throws IOException if the segment cannot be started
         */
        void begin(Instant start) throws IOException;

        /**
         * The next bytes of the open segment (the buffer's remaining bytes; consume them).
         *
         * @throws IOException if storing them fails
         */
        void write(ByteBuffer bytes) throws IOException;

        /**
         * The open segment is complete: seal it.
         *
         * @throws IOException if sealing fails
         */
        void end() throws IOException;
    }

    private final long segmentTicks;
    private final Clock clock;
    private final Segments out;
    private final MpegTsSplitter splitter;

    private final TsPacketAssembler packets = new TsPacketAssembler();
    private final byte[] packet = packets.packet();
    private long offset;               // stream offset of the next whole packet
    private byte[] held = new byte[8 * PACKET];
    private int heldLength;
    private long heldStart;            // stream offset of held[0]
    private long ignoreStartAt = -1;   // a start given up on (held too long)

    private boolean open;
    private boolean framed;            // the open segment's first frame was seen
    private long segmentPts = -1;
    private long segmentMillis;
    private final byte[] pat = new byte[PACKET];
    private final byte[] pmt = new byte[PACKET];
    private boolean havePat;
    private boolean havePmt;
    private boolean finished;
    private long segments;

    /**
     * A segmenter cutting about every {@code segment}.
     *
     * @throws IllegalArgumentException if {@code segment} is under one second
     */
    public TsStreamSegmenter(Duration segment, Clock clock, Segments out) {
        Objects.requireNonNull(segment, "segment");
        if (segment.compareTo(Duration.ofSeconds(1)) < 0) {
            throw new IllegalArgumentException("segment: must be at least one second");
        }
        this.segmentTicks = segment.toMillis() * 90;
        this.clock = Objects.requireNonNull(clock, "clock");
        this.out = Objects.requireNonNull(out, "out");
        this.splitter = new MpegTsSplitter(this::unitStart);
    }

    /**
     * Reads {@code in} to its end, feeding it in 64 KiB reads.
     *
     * @throws StreamFormatException if the stream is not MPEG-TS
     * @throws IOException           if reading or a segment fails
     */
    public void feedAll(InputStream in) throws IOException {
        byte[] buf = new byte[1 << 16];
        for (int n; (n = in.read(buf)) >= 0; ) {
            feed(ByteBuffer.wrap(buf, 0, n));
        }
    }

    /**
     * The next bytes of the stream, in any chunking.
     *
     * @throws StreamFormatException if the stream is not MPEG-TS (the open segment keeps what came before)
     * @throws IOException           if a segment fails
     */
    public void feed(ByteBuffer bytes) throws IOException {
        if (finished) {
            throw new IllegalStateException("feed: the segmenter is finished");
        }
        while (packets.fill(bytes)) {
            packet();
        }
    }

    /**
     * The stream ended (or the recorder stops): seals the open segment. A partial last packet is dropped.
     *
     * @throws IOException if sealing fails
     */
    public void finish() throws IOException {
        if (finished) {
            return;
        }
        finished = true;
        if (heldLength > 0) {
            ensureOpen();
            flush(heldStart + heldLength);
        }
        if (open) {
            open = false;
            out.end();
        }
    }

    /** Bytes of a partial packet dropped at the end (0 until {@link #finish()}, and for whole packets). */
    public int droppedBytes() {
        return finished ? packets.partial() : 0;
    }

    /** Segments begun so far. */
    public long segments() {
        return segments;
    }

    private void packet() throws IOException {
        if ((packet[0] & 0xFF) == 0x47) {
            int pid = ((packet[1] & 0x1F) << 8) | (packet[2] & 0xFF);
            boolean pusi = (packet[1] & 0x40) != 0;
            if (pusi && pid == 0) {
                System.arraycopy(packet, 0, pat, 0, PACKET);
                havePat = true;
            } else if (pusi && pid == splitter.pmtPid() && pid >= 0) {
                System.arraycopy(packet, 0, pmt, 0, PACKET);
                havePmt = true;
            }
        }
        hold();
        try {
            splitter.feed(ByteBuffer.wrap(packet), (o, l, p, k) -> { });
        } catch (MediaFormatException e) {
            throw new StreamFormatException(e.getMessage(), e);
        }
        offset += PACKET;
        if (!splitter.unitStartPending() || heldLength > MAX_HELD) {
            if (splitter.unitStartPending()) {
                ignoreStartAt = heldStart; // waited too long for this frame's keyframe flag
            }
            ensureOpen();
            flush(offset);
        }
    }

    private void hold() {
        if (heldLength == 0) {
            heldStart = offset;
        }
        if (heldLength + PACKET > held.length) {
            held = Arrays.copyOf(held, Math.max(held.length * 2, heldLength + PACKET));
        }
        System.arraycopy(packet, 0, held, heldLength, PACKET);
        heldLength += PACKET;
    }

    /** A unit starts at {@code at}: cut there if it is due. */
    private void unitStart(long at, long pts, boolean keyframe) throws IOException {
        if (!open) {
            ensureOpen();
        }
        if (!framed) {
            framed = true; // the segment's first frame: its PTS is the segment's
            segmentPts = pts;
            return;
        }
        if (at == ignoreStartAt || at < heldStart) {
            return; // bytes already written: not a cut point
        }
        long elapsedTicks;
        if (pts >= 0 && segmentPts >= 0) {
            long d = (pts - segmentPts) & PTS_MASK;
            elapsedTicks = d > (1L << 32) ? 0 : d; // before the segment's first frame (B-frames): not later
        } else {
            elapsedTicks = (clock.millis() - segmentMillis) * 90;
        }
        boolean due = keyframe ? elapsedTicks >= segmentTicks : elapsedTicks >= 2 * segmentTicks;
        if (!due) {
            return;
        }
        flush(at);
        open = false;
        out.end();
        ensureOpen();
        framed = true;
        segmentPts = pts;
        ByteBuffer psi = ByteBuffer.allocate(2 * PACKET);
        if (havePat) {
            psi.put(pat);
        }
        if (havePmt) {
            psi.put(pmt);
        }
        psi.flip();
        if (psi.hasRemaining()) {
            out.write(psi);
        }
    }

    private void ensureOpen() throws IOException {
        if (open) {
            return;
        }
        Instant now = clock.instant();
        out.begin(now);
        open = true;
        framed = false;
        segments++;
        segmentPts = -1;
        segmentMillis = now.toEpochMilli();
    }

    /** Writes the held bytes before stream offset {@code upTo} to the open segment. */
    private void flush(long upTo) throws IOException {
        int n = (int) Math.min(heldLength, upTo - heldStart);
        if (n <= 0) {
            return;
        }
        out.write(ByteBuffer.wrap(held, 0, n));
        System.arraycopy(held, n, held, 0, heldLength - n);
        heldLength -= n;
        heldStart += n;
        if (heldLength == 0 && held.length > 64 * PACKET) {
            held = new byte[8 * PACKET];
        }
    }
}
