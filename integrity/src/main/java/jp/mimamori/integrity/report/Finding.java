package jp.mimamori.integrity.report;

import java.util.Objects;
import jp.mimamori.core.text.LocalizedText;

/**
 * One thing a verifier found.
 *
 * @param code        the fixed code
 * @param severity    ERROR makes the verdict INVALID; INFO does not
 * @param where       where it was found
 * @param requirement the requirement ID it concerns (such as {@code "K3-2-4"})
 * @param message     what was found, in Japanese and English
 */
public record Finding(FindingCode code, Severity severity, Location where, String requirement,
                      LocalizedText message) {

    /** Validates that nothing is missing. */
    public Finding {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(where, "where");
        Objects.requireNonNull(requirement, "requirement");
        Objects.requireNonNull(message, "message");
    }

    /** A finding with the code's default severity and requirement. */
    public static Finding of(FindingCode code, Location where, String messageJa, String messageEn) {
        return new Finding(code, code.defaultSeverity(), where, code.requirement(),
                LocalizedText.of(messageJa, messageEn));
    }
}
