package jp.mimamori.core.decision;

import java.text.Normalizer;
import java.util.Objects;
import java.util.Optional;
import jp.mimamori.core.model.Purpose;
import jp.mimamori.core.text.LocalizedText;

/**
 * What a request is for, as the requester wrote it: one of the built-in {@link Purpose}s (by its code, such as
 * {@code CRIME_PREVENTION}) or any other purpose text ("marketing analysis", "tax investigation"). The vocabulary
 * is open so that every request is decided and logged as written; a purpose that is not built in fits no camera,
 * so it is denied (K2-1 for access; S8 and K3-4 for disclosure) rather than rejected as malformed input.
 *
 * <pre>{@code
 * RequestedPurpose.of(Purpose.CRIME_PREVENTION).builtIn();   // Optional[CRIME_PREVENTION]
 * RequestedPurpose.of("marketing analysis").builtIn();        // Optional.empty()
 * RequestedPurpose.of("CRIME_PREVENTION").builtIn();          // Optional[CRIME_PREVENTION]
 * }</pre>
 *
 * <p>Immutable and thread-safe; equal when their codes are equal.
 */
public final class RequestedPurpose {
    /** Longest purpose text accepted, in characters. */
    public static final int MAX_LENGTH = 200;
    private static final RequestedPurpose[] BUILT_IN = new RequestedPurpose[Purpose.values().length];

    static {
        for (Purpose p : Purpose.values()) {
            BUILT_IN[p.ordinal()] = new RequestedPurpose(p.name(), p);
        }
    }

    private final String code;
    private final Purpose builtIn;
    private final LocalizedText label;

    private RequestedPurpose(String code, Purpose builtIn) {
        this.code = code;
        this.builtIn = builtIn;
        this.label = builtIn != null ? builtIn.label() : LocalizedText.of("「" + code + "」", "\"" + code + "\"");
    }

    /** The built-in purpose {@code p}; the same instance every time. */
    public static RequestedPurpose of(Purpose p) {
        return BUILT_IN[Objects.requireNonNull(p, "purpose").ordinal()];
    }

    /**
     * The purpose written as {@code text}: the built-in purpose whose code it is, else an undeclared purpose kept
     * exactly as written.
     *
     * @throws IllegalArgumentException if the text is blank, longer than {@link #MAX_LENGTH} or holds control
     *                                  characters ({@code purpose} names the field)
     */
    public static RequestedPurpose of(String text) {
        Objects.requireNonNull(text, "purpose");
        for (Purpose p : Purpose.values()) {
            if (p.name().equals(text)) {
                return of(p);
            }
        }
        if (text.isBlank() || text.length() > MAX_LENGTH) {
            throw new IllegalArgumentException("purpose: must be 1 to " + MAX_LENGTH + " characters, not blank");
        }
        if (text.codePoints().anyMatch(Character::isISOControl)
                || !Normalizer.isNormalized(text, Normalizer.Form.NFC)) {
            throw new IllegalArgumentException("purpose: control characters or text not in Unicode NFC");
        }
        return new RequestedPurpose(text, null);
    }

    /** The built-in purpose, or empty for a purpose the library does not know. */
    public Optional<Purpose> builtIn() {
        return Optional.ofNullable(builtIn);
    }

    /** The built-in's code ({@code CRIME_PREVENTION}) or the text as written; what the evidence records. */
    public String code() {
        return code;
    }

    /** The built-in's name in Japanese and English, or the text as written, quoted, in both. */
    public LocalizedText label() {
        return label;
    }

    /** The built-in's ordinal, or -1: the engine's index into its purpose tables. */
    int ordinal() {
        return builtIn == null ? -1 : builtIn.ordinal();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RequestedPurpose r && r.code.equals(code);
    }

    @Override
    public int hashCode() {
        return code.hashCode();
    }

    @Override
    public String toString() {
        return code;
    }
}
