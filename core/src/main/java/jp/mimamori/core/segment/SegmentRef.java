package jp.mimamori.core.segment;

import java.time.Instant;
import java.util.Objects;
import java.util.regex.Pattern;
import jp.mimamori.core.internal.id.IdSyntax;

/**
 * A reference to one recorded segment of one camera (K1-2: "image" is recorded material): what retention plans
 * by and what an erasure receipt names. Holds no image data.
 *
 * <p>Immutable and thread-safe.
 *
 * @param cameraId     the camera's id, as in the operating rules
 * @param sequence     the segment's sequence number in the camera's manifest chain, from 0
 * @param start        capture time of the first unit
 * @param end          capture time of the last unit, not before {@code start}
 * @param sizeBytes    stored size in bytes
 * @param manifestHash lowercase hex SHA-256 of the segment manifest's signed bytes
 */
public record SegmentRef(String cameraId, long sequence, Instant start, Instant end, long sizeBytes,
                         String manifestHash) {
    private static final Pattern HEX64 = Pattern.compile("[0-9a-f]{64}");

    /** Validates every field; misuse names the field. */
    public SegmentRef {
        IdSyntax.require(cameraId, "cameraId");
        if (sequence < 0) {
            throw new IllegalArgumentException("sequence: must be >= 0");
        }
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(end, "end");
        if (end.isBefore(start)) {
            throw new IllegalArgumentException("end: before start");
        }
        if (sizeBytes < 0) {
            throw new IllegalArgumentException("sizeBytes: must be >= 0");
        }
        Objects.requireNonNull(manifestHash, "manifestHash");
        if (!HEX64.matcher(manifestHash).matches()) {
            throw new IllegalArgumentException("manifestHash: must be 64 lowercase hex digits");
        }
    }
}
