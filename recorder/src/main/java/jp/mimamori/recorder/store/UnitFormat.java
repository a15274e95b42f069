package jp.mimamori.recorder.store;

/**
 * How a live segment's bytes are cut into sealed units. Immutable (an enum); thread-safe.
 *
 * <pre>{@code
 * LiveSegment s = camera.begin(Instant.now(), UnitFormat.CHUNKS);
 * }</pre>
 */
public enum UnitFormat {
    /** MPEG-TS: one unit per video access unit, with its PTS and keyframe flag. */
    MPEG_TS,
    /** Fragmented MP4 (CMAF): the init segment, then one unit per movie fragment ({@code moof} + {@code mdat}). */
    FMP4,
    /** Anything else: fixed-size chunks (the recorder's chunk size), each captured at the segment's start. */
    CHUNKS
}
