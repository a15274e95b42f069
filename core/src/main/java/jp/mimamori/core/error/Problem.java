package jp.mimamori.core.error;

import java.util.Objects;
import jp.mimamori.core.text.LocalizedText;

/**
 * One problem in a document read from outside (operating rules, a guideline profile, a request, a rules test
 * suite): where it is, which requirement it concerns, and what is wrong, in Japanese and English.
 *
 * <pre>{@code
 * cameras[3].retention.days: 45 exceeds the profile ceiling of 14 days (K3-2-2)
 * }</pre>
 *
 * <p>Immutable and thread-safe.
 *
 * @param path        field path in the document, such as {@code cameras[3].retention.days}; {@code $} for the
 *                    document as a whole
 * @param requirement the requirement ID from REQUIREMENTS.md, such as {@code K3-2-2}
 * @param message     what is wrong, without the path and the requirement
 */
public record Problem(String path, String requirement, LocalizedText message) {

    /** Validates that every part is present. */
    public Problem {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(requirement, "requirement");
        Objects.requireNonNull(message, "message");
        if (path.isEmpty() || requirement.isBlank()) {
            throw new IllegalArgumentException("path and requirement must not be blank");
        }
    }

    /** Shorthand for the canonical constructor. */
    public static Problem of(String path, String requirement, LocalizedText message) {
        return new Problem(path, requirement, message);
    }

    /** {@code path: message (requirement)} in English. */
    @Override
    public String toString() {
        return path + ": " + message.en() + " (" + requirement + ")";
    }

    /** {@code path: message (requirement)} in the language of {@code locale}. */
    public String render(java.util.Locale locale) {
        return path + ": " + message.in(locale) + " (" + requirement + ")";
    }
}
