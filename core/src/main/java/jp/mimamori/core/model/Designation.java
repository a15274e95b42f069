package jp.mimamori.core.model;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A recorded designation of a principal to a role (K3-1-1, K3-1-2, K5-1). A contractor designation carries
 * the reference of the contract clause that binds the contractor to the guideline and the rules (K5-1); one
 * without it can be recorded (so the rules stay readable for everyone else), but the compliance check reports
 * it and the decision engine honours nothing it would grant. A revoked designation grants nothing from the moment
 * of revocation (K3-3).
 *
 * <p>Immutable and thread-safe.
 *
 * @param id             designation id
 * @param principal      who is designated
 * @param role           the role
 * @param designatedBy   who designated (the installer for a manager, a manager for the others)
 * @param scope          where the role applies
 * @param from           when it takes effect
 * @param revokedAt      when it was revoked, if it was
 * @param contractClause contract clause reference; a {@link Role#CONTRACTOR} without one grants nothing (K5-1)
 */
public record Designation(String id, String principal, Role role, String designatedBy, Scope scope, Instant from,
                          Optional<Instant> revokedAt, Optional<String> contractClause) {
    /** Validates every field; a blank contract clause counts as none. */
    public Designation {
        Ids.id(id, "id");
        Ids.id(principal, "principal");
        Objects.requireNonNull(role, "role");
        Ids.id(designatedBy, "designatedBy");
        Objects.requireNonNull(scope, "scope");
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(revokedAt, "revokedAt");
        contractClause = Objects.requireNonNull(contractClause, "contractClause").filter(c -> !c.isBlank());
        if (revokedAt.isPresent() && revokedAt.get().isBefore(from)) {
            throw new IllegalArgumentException("revokedAt: before from");
        }
    }

    /** Whether this is a contractor designation without the contract clause K5-1 requires. */
    public boolean contractorWithoutClause() {
        return role == Role.CONTRACTOR && contractClause.isEmpty();
    }

    /** Whether the designation is in force at {@code t}. */
    public boolean activeAt(Instant t) {
        return !t.isBefore(from) && (revokedAt.isEmpty() || t.isBefore(revokedAt.get()));
    }
}
