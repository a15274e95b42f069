package jp.mimamori.retention.plan;

import java.time.Instant;
import java.util.Objects;

/**
 * One segment the plan says to erase, and from when.
 *
 * <p>Immutable and thread-safe.
 *
 * @param cameraId  the camera
 * @param sequence  the segment's sequence number
 * @param start     capture start
 * @param end       capture end
 * @param sizeBytes stored size
 * @param dueAt     end + period + grace: when it became due
 */
public record DueSegment(String cameraId, long sequence, Instant start, Instant end, long sizeBytes,
                         Instant dueAt) {
    /** Validates presence. */
    public DueSegment {
        Objects.requireNonNull(cameraId, "cameraId");
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(end, "end");
        Objects.requireNonNull(dueAt, "dueAt");
    }
}
