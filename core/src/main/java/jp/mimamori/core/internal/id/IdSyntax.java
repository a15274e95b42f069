package jp.mimamori.core.internal.id;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The one form of an identifier: every id in operating rules (principals, cameras, sites, permits) and every
 * camera id of a segment, a manifest, a chain, a log record, a receipt, a retention schedule, a store folder and
 * the CLI's {@code --camera}. A camera id names a folder of the stores, so the form also keeps it a safe file name
 * (no separator, no leading dot).
 *
 * <pre>{@code
 * String camera = IdSyntax.require(given, "camera");     // IllegalArgumentException naming "camera" otherwise
 * boolean folder = IdSyntax.isId(path.getFileName().toString());
 * }</pre>
 *
 * <p>Stateless and thread-safe.
 */
public final class IdSyntax {
    /** Letters and digits first, then letters, digits, {@code .}, {@code _} or {@code -}; 1 to 64 characters. */
    public static final Pattern PATTERN = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    private IdSyntax() {}

    /** Whether {@code value} is an id ({@link #PATTERN} in full); {@code false} for {@code null}. */
    public static boolean isId(String value) {
        return value != null && PATTERN.matcher(value).matches();
    }

    /**
     * {@code value}, checked to be an id.
     *
     * @throws NullPointerException     naming {@code field} if {@code value} is null
     * @throws IllegalArgumentException naming {@code field} and the rule (the value clipped to 40 characters)
     */
    public static String require(String value, String field) {
        Objects.requireNonNull(value, field);
        if (!PATTERN.matcher(value).matches()) {
            String shown = value.length() <= 40 ? value : value.substring(0, 40) + "…";
            throw new IllegalArgumentException(field + ": \"" + shown
                    + "\" is not an id (letters, digits, '.', '_', '-', at most 64)");
        }
        return value;
    }
}
