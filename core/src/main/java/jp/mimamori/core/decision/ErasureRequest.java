package jp.mimamori.core.decision;

import java.time.Instant;
import java.util.Objects;

/**
 * May {@code principal} erase recorded footage of {@code camera} at {@code at}? Asked before every erasure under
 * retention (K3-2-2, K3-2-3) and on decommissioning (K4-3-2): an operation manager may by the role (K3-1-1),
 * anyone else — a retention service account included — only with a manager's permit that allows
 * {@link jp.mimamori.core.model.Action#ERASE} (K3-1-3), each through a valid chain of authority at {@code at}
 * (invariant 8). Erasure uses no footage, so the request names no purpose.
 *
 * <pre>{@code
 * Decision d = engine.decide(new ErasureRequest("svc-retention", "ch-lobby", clock.instant()));
 * }</pre>
 *
 * <p>Immutable and thread-safe.
 *
 * @param principal who erases
 * @param camera    whose footage
 * @param at        when; grants are judged at this instant
 */
public record ErasureRequest(String principal, String camera, Instant at) {
    /** Validates that every part is present. */
    public ErasureRequest {
        Objects.requireNonNull(principal, "principal");
        Objects.requireNonNull(camera, "camera");
        Objects.requireNonNull(at, "at");
    }
}
