package jp.mimamori.core.model;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One inquiry or complaint in the register (K4-2).
 *
 * <p>Immutable and thread-safe.
 *
 * @param id       inquiry id
 * @param received when it was received
 * @param answered when it was answered, if it was
 * @param summary  what it was about
 */
public record Inquiry(String id, Instant received, Optional<Instant> answered, String summary) {
    /** Validates every field. */
    public Inquiry {
        Ids.id(id, "id");
        Objects.requireNonNull(received, "received");
        Objects.requireNonNull(answered, "answered");
        if (answered.isPresent() && answered.get().isBefore(received)) {
            throw new IllegalArgumentException("answered: before received");
        }
        Ids.text(summary, "summary");
    }
}
