package jp.mimamori.integrity.manifest;

/**
 * A manifest, signature file or unit index is not well-formed; the message names the field path and the
 * rule (K3-2-4).
 *
 * <p>Its state is fixed when it is thrown; safe to pass between threads.
 */
public final class ManifestFormatException extends Exception {
    private static final long serialVersionUID = 1L;

    /** A failure naming the field path. */
    public ManifestFormatException(String message) {
        super(message);
    }
}
