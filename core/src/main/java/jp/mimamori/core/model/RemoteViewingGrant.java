package jp.mimamori.core.model;

import java.util.Objects;

/**
 * Remote viewing enabled by the rules for one named principal at named sites (S5), such as a board of
 * education viewing school cameras over a closed line. Without one, remote viewing is denied.
 *
 * <p>Immutable and thread-safe.
 *
 * @param principal who may view remotely
 * @param scope     where; must name sites or cameras (a grant for everywhere is refused)
 * @param means     the connection and its protection, such as {@code 専用光回線 / dedicated fibre line}
 */
public record RemoteViewingGrant(String principal, Scope scope, String means) {
    /** Validates every field. */
    public RemoteViewingGrant {
        Ids.id(principal, "principal");
        Objects.requireNonNull(scope, "scope");
        if (scope.everywhere()) {
            throw new IllegalArgumentException("scope: remote viewing must name its sites or cameras (S5)");
        }
        Ids.text(means, "means");
    }
}
