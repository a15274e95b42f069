package jp.mimamori.core.model;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A time-bounded, scoped permission given by an operation manager to someone who is neither manager nor
 * operator (K3-1-3): which actions, on which cameras, for which purposes, from when until when, and what the
 * holder must do when using it.
 *
 * <p>Immutable and thread-safe.
 *
 * @param id          permit id
 * @param principal   who may act
 * @param issuedBy    the operation manager who issued it
 * @param actions     allowed actions, at least one
 * @param purposes    purposes it may be used for, at least one; none for a permit that allows only
 *                    {@link Action#ERASE}, which uses no footage
 * @param scope       where it applies
 * @param from        start, inclusive
 * @param until       end, exclusive; after it the permit denies
 * @param revokedAt   when it was withdrawn, if it was
 * @param obligations what the holder must do on each use
 * @param issuedAt    when the operation manager issued it; the issuer must have been an operation manager in force
 *                    at that instant (K3-1-3); at or before {@code from}
 */
public record AccessPermit(String id, String principal, String issuedBy, Set<Action> actions, Set<Purpose> purposes,
                           Scope scope, Instant from, Instant until, Optional<Instant> revokedAt,
                           List<Obligation> obligations, Instant issuedAt) {
    /** Validates every field. */
    public AccessPermit {
        Ids.id(id, "id");
        Ids.id(principal, "principal");
        Ids.id(issuedBy, "issuedBy");
        actions = Set.copyOf(actions);
        purposes = Set.copyOf(purposes);
        if (actions.isEmpty()) {
            throw new IllegalArgumentException("actions: a permit allows at least one action");
        }
        if (purposes.isEmpty() && !erasureOnly(actions)) {
            throw new IllegalArgumentException("purposes: a permit names at least one purpose (K2-1)");
        }
        Objects.requireNonNull(scope, "scope");
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(until, "until");
        if (!until.isAfter(from)) {
            throw new IllegalArgumentException("until: must be after from (K3-1-3: permits are time-bounded)");
        }
        Objects.requireNonNull(revokedAt, "revokedAt");
        obligations = List.copyOf(obligations);
        Objects.requireNonNull(issuedAt, "issuedAt");
        if (issuedAt.isAfter(from)) {
            throw new IllegalArgumentException("issuedAt: after from (a permit is issued before it takes effect)");
        }
    }

    /** A permit issued when it takes effect ({@code issuedAt = from}). */
    public AccessPermit(String id, String principal, String issuedBy, Set<Action> actions, Set<Purpose> purposes,
                        Scope scope, Instant from, Instant until, Optional<Instant> revokedAt,
                        List<Obligation> obligations) {
        this(id, principal, issuedBy, actions, purposes, scope, from, until, revokedAt, obligations, from);
    }

    /** Whether {@code actions} is exactly {@link Action#ERASE}: a permit that needs no purpose. */
    public static boolean erasureOnly(Set<Action> actions) {
        return actions.size() == 1 && actions.contains(Action.ERASE);
    }

    /** Whether the permit is in force at {@code t}. */
    public boolean activeAt(Instant t) {
        return !t.isBefore(from) && t.isBefore(until) && (revokedAt.isEmpty() || t.isBefore(revokedAt.get()));
    }
}
