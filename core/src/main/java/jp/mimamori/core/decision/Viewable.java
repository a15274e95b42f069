package jp.mimamori.core.decision;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One answer to "which cameras and time ranges may this principal view, for this purpose?".
 *
 * <p>Immutable and thread-safe.
 *
 * @param camera      camera id
 * @param grant       the designation or permit that allows it
 * @param accessFrom  from when the grant allows access
 * @param accessUntil until when (permit end or revocation), if bounded
 * @param footageFrom the oldest footage still within the camera's retention period at the time asked
 */
public record Viewable(String camera, String grant, Instant accessFrom, Optional<Instant> accessUntil,
                       Instant footageFrom) {
    /** Validates that every part is present. */
    public Viewable {
        Objects.requireNonNull(camera, "camera");
        Objects.requireNonNull(grant, "grant");
        Objects.requireNonNull(accessFrom, "accessFrom");
        Objects.requireNonNull(accessUntil, "accessUntil");
        Objects.requireNonNull(footageFrom, "footageFrom");
    }
}
