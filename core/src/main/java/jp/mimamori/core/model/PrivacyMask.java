package jp.mimamori.core.model;

/**
 * A region masked out of recording so that unnecessary images are not recorded (K2-2).
 *
 * <p>Immutable and thread-safe.
 *
 * @param description what is masked, such as {@code 隣接住宅の窓 / windows of the neighbouring house}
 */
public record PrivacyMask(String description) {
    /** Validates that the description is present. */
    public PrivacyMask {
        Ids.text(description, "description");
    }
}
