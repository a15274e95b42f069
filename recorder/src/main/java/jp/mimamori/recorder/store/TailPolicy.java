package jp.mimamori.recorder.store;

/**
 * What the recorder does, when a camera is opened, with the bytes of a segment that was open when the recorder
 * stopped (a crash: the segment was never sealed). Either way the crash itself is recorded in the next sealed
 * manifest and reported by the verifier as INFO {@code CHAIN_RESTARTED}. Immutable; thread-safe.
 *
 * <pre>{@code
 * RecorderOptions o = RecorderOptions.plain(key).withTailPolicy(TailPolicy.DISCARD);
 * }</pre>
 */
public enum TailPolicy {
    /**
     * Seal what is on disk as that segment, marked recovered: the units are fixed-size chunks of the bytes that
     * reached the disk (for encrypted stores, the cipher segments that authenticate), all captured at the time
     * the file was last written. The default: footage is kept and verifiable.
     */
    SEAL_RECOVERED,
    /**
     * Discard the unsealed bytes (for encrypted stores, destroy the segment's data key first) and log a
     * {@code WARNING} record naming the segment and how many bytes were discarded.
     */
    DISCARD
}
