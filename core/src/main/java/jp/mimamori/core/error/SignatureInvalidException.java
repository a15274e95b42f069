package jp.mimamori.core.error;


/**
 * A signature does not verify under the given key and data (or is malformed).
 *
 * <p>Its state is fixed when it is thrown; safe to pass between threads.
 */
public class SignatureInvalidException extends CryptoException {
    private static final long serialVersionUID = 1L;

    /** A failed verification, with a message naming what failed. */
    public SignatureInvalidException(String message) {
        super(message);
    }
}
