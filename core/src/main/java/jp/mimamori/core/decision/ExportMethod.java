package jp.mimamori.core.decision;

import java.util.Objects;

/**
 * How an export is made (K3-2-1): to which medium and under which protection. An export request names it; an
 * unprotected export is denied. Immutable and thread-safe.
 *
 * <pre>{@code
 * new ExportMethod("USB memory, city-issued, serial 0042", ExportProtection.ENCRYPTED_TO_RECIPIENT)
 * }</pre>
 *
 * @param medium     the medium or destination in words, such as {@code 市支給USBメモリ / city-issued USB stick}
 * @param protection how the copy is protected
 */
public record ExportMethod(String medium, ExportProtection protection) {
    /** Validates both fields. */
    public ExportMethod {
        Objects.requireNonNull(medium, "medium");
        if (medium.isBlank() || medium.length() > 200) {
            throw new IllegalArgumentException("medium: must be 1 to 200 characters, not blank");
        }
        Objects.requireNonNull(protection, "protection");
    }
}
