package jp.mimamori.core.model;

import java.util.Objects;

/**
 * A place where cameras are installed (K1-2), with its kind (S4).
 *
 * <p>Immutable and thread-safe.
 *
 * @param id   id used throughout the rules
 * @param name display name, such as {@code 熊谷市役所本庁舎}
 * @param kind what kind of place it is
 */
public record Site(String id, String name, SiteKind kind) {
    /** Validates every field. */
    public Site {
        Ids.id(id, "id");
        Ids.text(name, "name");
        Objects.requireNonNull(kind, "kind");
    }
}
