package jp.mimamori.integrity.media.internal;

/**
 * One unit of a recorded file: a byte range and, for MPEG-TS access units, the presentation time stamp.
 *
 * @param offset byte offset in the file
 * @param length length in bytes, at least 1
 * @param pts    the 33-bit PTS in 90 kHz ticks of the frame that starts the unit, or {@code -1} when none
 */
public record MediaUnit(long offset, int length, long pts) {
    /** Validates the range. */
    public MediaUnit {
        if (offset < 0) {
            throw new IllegalArgumentException("offset: must be >= 0");
        }
        if (length < 1) {
            throw new IllegalArgumentException("length: must be >= 1");
        }
        if (pts < -1 || pts >= (1L << 33)) {
            throw new IllegalArgumentException("pts: must be -1 or a 33-bit value");
        }
    }

    /** Whether the unit carries a PTS. */
    public boolean hasPts() {
        return pts >= 0;
    }
}
