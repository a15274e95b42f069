package jp.mimamori.integrity.merkle;

import jp.mimamori.core.error.CryptoException;

/**
 * An RFC 9162 inclusion or consistency proof does not verify; the message says which check failed.
 *
 * <p>Its state is fixed when it is thrown; safe to pass between threads.
 */
public final class ProofException extends CryptoException {
    private static final long serialVersionUID = 1L;

    /** A failed proof, with a message naming the check (never secret: proofs are public data). */
    public ProofException(String message) {
        super(message);
    }
}
