package jp.mimamori.core.model;

/**
 * The sign at or near a site telling that a camera is installed and who installed it (K2-3).
 *
 * <p>Immutable and thread-safe.
 *
 * @param installerName the installer's name as shown on the sign
 * @param placement     where the sign is, such as {@code 正面玄関横 / beside the main entrance}
 */
public record Signage(String installerName, String placement) {
    /** Validates that both are present. */
    public Signage {
        Ids.text(installerName, "installerName");
        Ids.text(placement, "placement");
    }
}
