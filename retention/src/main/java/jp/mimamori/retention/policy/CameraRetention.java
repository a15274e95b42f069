package jp.mimamori.retention.policy;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import jp.mimamori.core.internal.id.IdSyntax;

/**
 * One camera's retention period as the operating rules set it.
 *
 * <p>Immutable and thread-safe.
 *
 * @param cameraId      the camera's id
 * @param period        how long its segments are kept after their end
 * @param justification the recorded reason for a period above the profile's principle (K3-2-2); empty when
 *                      none (a blank reason is none)
 */
public record CameraRetention(String cameraId, Duration period, Optional<String> justification) {

    /** Validates the id and a positive period. */
    public CameraRetention {
        IdSyntax.require(cameraId, "cameraId");
        Objects.requireNonNull(period, "period");
        if (period.isZero() || period.isNegative()) {
            throw new IllegalArgumentException("cameras[" + cameraId + "].period: must be positive");
        }
        justification = Objects.requireNonNull(justification, "justification").filter(j -> !j.isBlank());
    }

    /** A period without a justification. */
    public static CameraRetention of(String cameraId, Duration period) {
        return new CameraRetention(cameraId, period, Optional.empty());
    }

    /** Whether a justification is recorded. */
    public boolean justified() {
        return justification.isPresent();
    }
}
