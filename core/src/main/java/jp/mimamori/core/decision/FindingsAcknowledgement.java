package jp.mimamori.core.decision;

import java.util.Objects;

/**
 * An explicit acknowledgement that the rules have ERROR findings and are to be decided on all the same (say,
 * while the city fixes them). Passed through {@link EngineOptions#acknowledging}; every decision the engine makes
 * then records it among its facts ({@code accepted_findings}), with the findings accepted, so the evidence log
 * shows on what rules each decision rested. Immutable and thread-safe.
 *
 * <pre>{@code
 * EngineOptions.defaults().acknowledging(new FindingsAcknowledgement("mgr-soumu", "signage ordered, 2026-04-10"))
 * }</pre>
 *
 * @param by     who accepts, such as a principal id or a tool's name
 * @param reason why, in words
 */
public record FindingsAcknowledgement(String by, String reason) {
    /** Validates that both are present and not blank. */
    public FindingsAcknowledgement {
        Objects.requireNonNull(by, "by");
        Objects.requireNonNull(reason, "reason");
        if (by.isBlank() || reason.isBlank()) {
            throw new IllegalArgumentException("by, reason: an acknowledgement says who accepts and why");
        }
    }
}
