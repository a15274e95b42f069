package jp.mimamori.core.decision;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import jp.mimamori.core.model.Action;
import jp.mimamori.core.model.Purpose;

/**
 * May {@code principal} do {@code action} on {@code camera} for {@code purpose} at {@code at}?
 *
 * <pre>{@code
 * new AccessRequest("op-tanaka", Action.EXPORT, "ch-lobby", RequestedPurpose.of(Purpose.CRIME_PREVENTION),
 *         Instant.now(), Optional.of(new ExportMethod("evidence server", ExportProtection.ACCESS_CONTROLLED_STORE)));
 * }</pre>
 *
 * <p>Immutable and thread-safe.
 *
 * @param principal who asks
 * @param action    what they want to do
 * @param camera    which camera
 * @param purpose   what for, as written (K2-1); a purpose that is not built in is decided, and denied
 * @param at        when
 * @param export    for {@link Action#EXPORT}: the medium and its protection (K3-2-1); an export that does not say
 *                  is denied; ignored for other actions
 */
public record AccessRequest(String principal, Action action, String camera, RequestedPurpose purpose, Instant at,
                            Optional<ExportMethod> export) implements Request {
    /** Validates that every part is present. */
    public AccessRequest {
        Objects.requireNonNull(principal, "principal");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(camera, "camera");
        Objects.requireNonNull(purpose, "purpose");
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(export, "export");
    }

    /** The one camera asked about. */
    @Override
    public List<String> cameras() {
        return List.of(camera);
    }

    /** A request for a built-in purpose, without export details. */
    public AccessRequest(String principal, Action action, String camera, Purpose purpose, Instant at) {
        this(principal, action, camera, RequestedPurpose.of(purpose), at, Optional.empty());
    }
}
