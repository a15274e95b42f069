package jp.mimamori.integrity.keys;

import java.time.Instant;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * What a trusted key (or the keys a CA certificate vouches for) may sign: its roles, for {@link KeyRole#RECORDER}
 * the cameras it may sign for, and the interval in which it may sign — from {@code notBefore} to the moment it
 * was retired or revoked. A key retired or revoked at t is trusted for what was recorded before t and for
 * nothing at or after t, so removing it from service never invalidates the history it signed.
 *
 * <pre>{@code
 * KeyScope k1 = KeyScope.recorder(Set.of("K-1", "K-2"))
 *         .withNotBefore(Instant.parse("2026-04-01T00:00:00Z"))
 *         .withRetiredAt(Instant.parse("2026-10-01T00:00:00Z"));
 * k1.covers("K-3"); // false
 * }</pre>
 *
 * <p>Immutable and thread-safe.
 *
 * @param roles      the roles, at least one
 * @param anyCamera  whether a recorder key may sign for every camera ({@code cameras} is then empty)
 * @param cameras    the cameras a recorder key may sign for (sites are expanded to their cameras when read)
 * @param notBefore  the first instant the key may sign, if limited
 * @param retiredAt  when the key was retired (taken out of service in the ordinary way), if it was
 * @param revokedAt  when the key was revoked (compromised or withdrawn), if it was
 * @param noteName   the signed-note key name of a log or witness key ({@code .vkey}), if any
 */
public record KeyScope(Set<KeyRole> roles, boolean anyCamera, Set<String> cameras, Optional<Instant> notBefore,
        Optional<Instant> retiredAt, Optional<Instant> revokedAt, Optional<String> noteName) {

    /** Validates and copies. */
    public KeyScope {
        Objects.requireNonNull(roles, "roles");
        Objects.requireNonNull(cameras, "cameras");
        Objects.requireNonNull(notBefore, "notBefore");
        Objects.requireNonNull(retiredAt, "retiredAt");
        Objects.requireNonNull(revokedAt, "revokedAt");
        Objects.requireNonNull(noteName, "noteName");
        if (roles.isEmpty()) {
            throw new IllegalArgumentException("roles: at least one role");
        }
        if (anyCamera && !cameras.isEmpty()) {
            throw new IllegalArgumentException("cameras: must be empty when anyCamera");
        }
        if (!anyCamera && cameras.isEmpty()) {
            throw new IllegalArgumentException("cameras: at least one camera unless anyCamera");
        }
        for (String c : cameras) {
            if (c == null || c.isBlank()) {
                throw new IllegalArgumentException("cameras: a camera id must not be blank");
            }
        }
        roles = Collections.unmodifiableSet(EnumSet.copyOf(roles));
        cameras = Collections.unmodifiableSet(new TreeSet<>(cameras));
    }

    /**
     * Every role, every camera, no time limit: the scope of a key given as a plain key file (SPKI PEM) or a CA
     * certificate file, which the caller trusts for everything (docs/FORMATS.md, "Trust files").
     */
    public static KeyScope unrestricted() {
        return new KeyScope(EnumSet.allOf(KeyRole.class), true, Set.of(), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty());
    }

    /** One role; a recorder key with this scope may sign for every camera. */
    public static KeyScope of(KeyRole role) {
        return new KeyScope(EnumSet.of(role), true, Set.of(), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty());
    }

    /** A recorder key for exactly these cameras. */
    public static KeyScope recorder(Set<String> cameras) {
        return new KeyScope(EnumSet.of(KeyRole.RECORDER), false, cameras, Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty());
    }

    /** This scope, valid from {@code t}. */
    public KeyScope withNotBefore(Instant t) {
        return new KeyScope(roles, anyCamera, cameras, Optional.of(t), retiredAt, revokedAt, noteName);
    }

    /** This scope, retired at {@code t}. */
    public KeyScope withRetiredAt(Instant t) {
        return new KeyScope(roles, anyCamera, cameras, notBefore, Optional.of(t), revokedAt, noteName);
    }

    /** This scope, revoked at {@code t}. */
    public KeyScope withRevokedAt(Instant t) {
        return new KeyScope(roles, anyCamera, cameras, notBefore, retiredAt, Optional.of(t), noteName);
    }

    /** This scope with a signed-note key name. */
    public KeyScope withNoteName(String name) {
        return new KeyScope(roles, anyCamera, cameras, notBefore, retiredAt, revokedAt, Optional.of(name));
    }

    /** Whether the scope includes {@code role}. */
    public boolean allows(KeyRole role) {
        return roles.contains(role);
    }

    /** Whether a recorder key with this scope may sign for {@code camera}. */
    public boolean covers(String camera) {
        return anyCamera || cameras.contains(camera);
    }

    /** The end of the interval: the earlier of retirement and revocation, if either happened. */
    public Optional<Instant> end() {
        if (retiredAt.isPresent() && revokedAt.isPresent()) {
            return Optional.of(retiredAt.get().isBefore(revokedAt.get()) ? retiredAt.get() : revokedAt.get());
        }
        return retiredAt.isPresent() ? retiredAt : revokedAt;
    }

    /** Whether {@code at} lies in the interval: not before {@code notBefore} and before the end. */
    public boolean validAt(Instant at) {
        return notBefore.map(nb -> !at.isBefore(nb)).orElse(true) && end().map(at::isBefore).orElse(true);
    }
}
