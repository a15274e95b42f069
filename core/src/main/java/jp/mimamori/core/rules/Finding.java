package jp.mimamori.core.rules;

import java.util.List;
import java.util.Locale;
import java.util.Objects;
import jp.mimamori.core.text.LocalizedText;

/**
 * One result of the compliance check: what, how bad, where in the rules, which articles, and why.
 * {@link #toString()} gives the one-line form, such as
 * {@code cameras[3].retention.days: 45 exceeds the profile ceiling of 14 days (K3-2-2)}.
 *
 * @param code         what the finding is about
 * @param severity     how much it matters
 * @param path         field path in the rules document
 * @param requirements the profile's article IDs, at least one
 * @param message      the explanation without path and IDs
 */
public record Finding(FindingCode code, Severity severity, String path, List<String> requirements,
                      LocalizedText message) {
    /** Validates every field. */
    public Finding {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(path, "path");
        requirements = List.copyOf(requirements);
        if (requirements.isEmpty()) {
            throw new IllegalArgumentException("requirements: a finding cites at least one requirement");
        }
        Objects.requireNonNull(message, "message");
    }

    /** The one-line English form. */
    @Override
    public String toString() {
        return toString(Locale.ENGLISH);
    }

    /** The one-line form in the language of {@code locale}. */
    public String toString(Locale locale) {
        return path + ": " + message.in(locale) + " (" + String.join(", ", requirements) + ")";
    }
}
