package jp.mimamori.core.decision;

import java.time.Instant;
import java.util.Objects;
import jp.mimamori.core.model.Action;
import jp.mimamori.core.model.Purpose;

/**
 * May {@code principal} do {@code action} on {@code camera} for {@code purpose} at {@code at}?
 *
 * @param principal who asks
 * @param action    what they want to do
 * @param camera    which camera
 * @param purpose   what for (K2-1)
 * @param at        when
 */
public record AccessRequest(String principal, Action action, String camera, Purpose purpose, Instant at)
        implements Request {
    /** Validates that every part is present. */
    public AccessRequest {
        Objects.requireNonNull(principal, "principal");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(camera, "camera");
        Objects.requireNonNull(purpose, "purpose");
        Objects.requireNonNull(at, "at");
    }
}
