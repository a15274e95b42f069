package jp.mimamori.retention.erase;

import java.time.Instant;
import java.util.Objects;
import jp.mimamori.core.decision.Decision;
import jp.mimamori.core.decision.DecisionEngine;
import jp.mimamori.core.decision.ErasureRequest;

/**
 * Who may erase footage of which camera, and when (K3-2-2, K3-2-3, K3-1-1): asked by the
 * {@link ErasureEngine} for every camera of a batch before anything is journalled, at the instant of the
 * embedder's clock. The one implementation to use is {@link #of(DecisionEngine)}: the site's operating rules
 * decide, through the chain of authority (invariant 8) — the operation manager by the role, anyone else only by
 * a manager's permit to erase. A deny refuses the whole batch with an {@link ErasureDeniedException}.
 *
 * <pre>{@code
 * ErasureAuthority authority = ErasureAuthority.of(DecisionEngine.create(rules, profile));
 * }</pre>
 *
 * <p>Implementations must be thread-safe; {@link #of} is (the engine is).
 */
@FunctionalInterface
public interface ErasureAuthority {
    /** The decision on {@code principal} erasing footage of {@code cameraId} at {@code at}. */
    Decision decide(String principal, String cameraId, Instant at);

    /** The operating rules' answer: {@code engine.decide(new ErasureRequest(principal, cameraId, at))}. */
    static ErasureAuthority of(DecisionEngine engine) {
        Objects.requireNonNull(engine, "engine");
        return (principal, cameraId, at) -> engine.decide(new ErasureRequest(principal, cameraId, at));
    }
}
