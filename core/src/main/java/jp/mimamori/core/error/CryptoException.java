package jp.mimamori.core.error;

/**
 * A cryptographic operation failed: a signature or proof did not verify, a ciphertext did not authenticate,
 * a key could not be read. Checked, in the manner of Tink's {@code GeneralSecurityException}: verification
 * returns nothing and throws this on failure, so a result cannot be ignored. Messages name what failed and
 * never include key material.
 *
 * <p>Its state is fixed when it is thrown; safe to pass between threads.
 */
public class CryptoException extends Exception {
    private static final long serialVersionUID = 1L;

    /** A failure with a message naming what failed. */
    public CryptoException(String message) {
        super(message);
    }

    /** A failure with its cause (whose message must not carry key material either). */
    public CryptoException(String message, Throwable cause) {
        super(message, cause);
    }
}
