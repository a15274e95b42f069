package jp.mimamori.core.model;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A recorded designation of a principal to a role (K3-1-1, K3-1-2, K5-1). A contractor designation carries
 * the reference of the contract clause that binds the contractor to the guideline and the rules (K5-1); a
 * revoked designation grants nothing from the moment of revocation (K3-3).
 *
 * @param id             designation id
 * @param principal      who is designated
 * @param role           the role
 * @param designatedBy   who designated (the installer for a manager, a manager for the others)
 * @param scope          where the role applies
 * @param from           when it takes effect
 * @param revokedAt      when it was revoked, if it was
 * @param contractClause contract clause reference, required for {@link Role#CONTRACTOR}
 */
public record Designation(String id, String principal, Role role, String designatedBy, Scope scope, Instant from,
                          Optional<Instant> revokedAt, Optional<String> contractClause) {
    /** Validates every field; a contractor without a contract clause is refused (K5-1). */
    public Designation {
        Ids.id(id, "id");
        Ids.id(principal, "principal");
        Objects.requireNonNull(role, "role");
        Ids.id(designatedBy, "designatedBy");
        Objects.requireNonNull(scope, "scope");
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(revokedAt, "revokedAt");
        contractClause = Objects.requireNonNull(contractClause, "contractClause").filter(c -> !c.isBlank());
        if (role == Role.CONTRACTOR && contractClause.isEmpty()) {
            throw new IllegalArgumentException(
                    "contractClause: a CONTRACTOR designation needs a contract clause reference (K5-1)");
        }
        if (revokedAt.isPresent() && revokedAt.get().isBefore(from)) {
            throw new IllegalArgumentException("revokedAt: before from");
        }
    }

    /** Whether the designation is in force at {@code t}. */
    public boolean activeAt(Instant t) {
        return !t.isBefore(from) && (revokedAt.isEmpty() || t.isBefore(revokedAt.get()));
    }
}
