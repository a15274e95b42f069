package jp.mimamori.core.rules;

import java.util.Objects;

/**
 * The installer (設置者) who writes and follows the rules (K4-1) and designates the operation manager (K3-1-1).
 *
 * <p>Immutable and thread-safe.
 *
 * @param principal the installer's principal id
 * @param name      the name shown on signage (K2-3)
 */
public record Installer(String principal, String name) {
    /** Validates both fields. */
    public Installer {
        Objects.requireNonNull(principal, "principal");
        Objects.requireNonNull(name, "name");
    }
}
