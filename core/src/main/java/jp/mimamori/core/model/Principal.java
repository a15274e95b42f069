package jp.mimamori.core.model;

/**
 * A person or body that may be designated, permitted or named in a request.
 *
 * <p>Immutable and thread-safe.
 *
 * @param id           id used throughout the rules, such as {@code op-7}
 * @param name         display name
 * @param organization the body the principal belongs to, such as {@code 熊谷市総務課}
 */
public record Principal(String id, String name, String organization) {
    /** Validates the id and that the name is present. */
    public Principal {
        Ids.id(id, "id");
        Ids.text(name, "name");
        Ids.text(organization, "organization");
    }
}
