package jp.mimamori.retention.crypto;

import java.io.IOException;

/**
 * A key vault file that is not a well-formed vault (beyond a torn last record, which is cut).
 *
 * <p>Its state is fixed when it is thrown; safe to pass between threads.
 */
public final class VaultFormatException extends IOException {
    private static final long serialVersionUID = 1L;

    /** A format failure naming what is wrong and where. */
    public VaultFormatException(String message) {
        super(message);
    }
}
