package jp.mimamori.integrity.media.internal;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * Finds unit boundaries in a segment's bytes as they arrive, in any chunking, holding at most a bounded amount of
 * state (never the segment): the live way into sealing. Units are consecutive byte ranges that together cover
 * everything fed, exactly as {@link MpegTsDemuxer} and {@link Chunker} define them for whole files.
 *
 * <p>Not thread-safe: one splitter serves one segment on one thread at a time.
 *
 * <pre>{@code
 * UnitSplitter s = ...;
 * s.feed(ByteBuffer.wrap(bytes), (offset, length, pts, keyframe) -> seal(offset, length, pts, keyframe));
 * s.finish(listener);
 * }</pre>
 */
public interface UnitSplitter {
    /**
     * Consumes all remaining bytes of {@code bytes} (the next bytes of the segment) and reports every unit that
     * is now complete, in order.
     *
     * @throws MediaFormatException if the bytes cannot be of this splitter's format
     * @throws IOException          what the listener throws
     */
    void feed(ByteBuffer bytes, Listener out) throws MediaFormatException, IOException;

    /**
     * The segment ends: reports the remaining unit(s). After this the splitter is spent.
     *
     * @throws MediaFormatException if what was fed ends in a way the format forbids (a partial TS packet)
     * @throws IOException          what the listener throws
     */
    void finish(Listener out) throws MediaFormatException, IOException;

    /** Receives complete units, in order. */
    @FunctionalInterface
    interface Listener {
        /**
         * One complete unit.
         *
         * @param offset   its first byte's offset from the start of the segment
         * @param length   its length, at least 1
         * @param pts      the 33-bit PTS (90 kHz) of the frame starting it, or -1 when none
         * @param keyframe whether a decoder can start at this unit (random-access indicator, IDR, sync sample)
         * @throws IOException if storing or sealing the unit fails
         */
        void unit(long offset, long length, long pts, boolean keyframe) throws IOException;
    }
}
