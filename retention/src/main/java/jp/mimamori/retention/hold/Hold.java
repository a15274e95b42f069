package jp.mimamori.retention.hold;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * An evidence lock over one camera's footage from {@code from} to {@code to}: while it is in the registry,
 * no segment overlapping that range is planned or erased.
 *
 * <p>Immutable and thread-safe.
 *
 * @param holdId    the hold's id
 * @param cameraId  the camera whose segments are held
 * @param from      start of the held range
 * @param to        end of the held range, not before {@code from}
 * @param principal who placed it (authorised by the {@link HoldAuthority})
 * @param reason    why (an investigation number, a disclosure in progress); never blank
 * @param placedAt  when it was placed
 * @param expires   an expiry recorded at placement, or empty: a hold without one lasts until released
 */
public record Hold(String holdId, String cameraId, Instant from, Instant to, String principal, String reason,
                   Instant placedAt, Optional<Instant> expires) {

    /** Validates presence, a non-blank reason and an ordered range. */
    public Hold {
        Objects.requireNonNull(holdId, "holdId");
        Objects.requireNonNull(cameraId, "cameraId");
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(principal, "principal");
        Objects.requireNonNull(placedAt, "placedAt");
        Objects.requireNonNull(expires, "expires");
        if (reason == null || reason.isBlank()) {
            throw new IllegalArgumentException("reason: a hold needs a reason (invariant 3)");
        }
        if (to.isBefore(from)) {
            throw new IllegalArgumentException("to: before from");
        }
        if (expires.isPresent() && !expires.get().isAfter(placedAt)) {
            throw new IllegalArgumentException("expires: must be after placedAt");
        }
    }

    /** Whether this hold covers a segment of {@code camera} spanning {@code start}..{@code end}. */
    public boolean covers(String camera, Instant start, Instant end) {
        return cameraId.equals(camera) && !end.isBefore(from) && !start.isAfter(to);
    }

    /** The same test on epoch milliseconds. */
    public boolean covers(String camera, long startMillis, long endMillis) {
        return cameraId.equals(camera) && endMillis >= from.toEpochMilli() && startMillis <= to.toEpochMilli();
    }

    /**
     * The hold's fields in the order the holds file and {@code hold list --json} write them: {@code hold_id},
     * {@code camera}, {@code from}, {@code to}, {@code principal}, {@code reason}, {@code placed_at}, and
     * {@code expires} only when the hold has one. Times are ISO-8601 strings.
     *
     * @return a new mutable map the caller may extend
     */
    public Map<String, Object> fields() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("hold_id", holdId);
        m.put("camera", cameraId);
        m.put("from", from.toString());
        m.put("to", to.toString());
        m.put("principal", principal);
        m.put("reason", reason);
        m.put("placed_at", placedAt.toString());
        expires.ifPresent(x -> m.put("expires", x.toString()));
        return m;
    }
}
