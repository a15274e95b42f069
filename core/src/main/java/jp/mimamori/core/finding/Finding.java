package jp.mimamori.core.finding;

import java.util.List;
import java.util.Locale;
import java.util.Objects;
import jp.mimamori.core.text.LocalizedText;

/**
 * One thing a check found, the same shape for every check: compliance of operating rules
 * ({@link ComplianceCode}), verification of recordings, logs and bundles ({@link VerificationCode}) and
 * retention ({@link RetentionCode}). {@link #render(Locale)} gives the one-line form, such as
 * {@code cameras[3].retention.days: 45 exceeds the profile ceiling of 14 days (K3-2-2)}. Immutable and
 * thread-safe.
 *
 * <pre>{@code
 * Finding f = Finding.of(VerificationCode.SEGMENT_MISSING, Location.entry("cam-01").withSegment(3),
 *         LocalizedText.of("セグメント 3 がありません", "segment 3 is missing"));
 * f.render(Locale.JAPANESE); // "cam-01 segment 3: セグメント 3 がありません (K3-2-4)"
 * }</pre>
 *
 * @param code         what the finding is about
 * @param severity     how much it matters
 * @param where        where it was found
 * @param requirements the requirement IDs it concerns (such as {@code "K3-2-4"}), at least one
 * @param message      what was found, in Japanese and English
 */
public record Finding(FindingCode code, Severity severity, Location where, List<String> requirements,
                      LocalizedText message) {

    /** Validates every field and copies the requirement list. */
    public Finding {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(where, "where");
        requirements = List.copyOf(requirements);
        if (requirements.isEmpty()) {
            throw new IllegalArgumentException("requirements: a finding cites at least one requirement");
        }
        for (String r : requirements) {
            if (r.isBlank()) {
                throw new IllegalArgumentException("requirements: a requirement ID is never blank");
            }
        }
        Objects.requireNonNull(message, "message");
    }

    /** A finding citing one requirement. */
    public static Finding of(FindingCode code, Severity severity, Location where, String requirement,
                             LocalizedText message) {
        return new Finding(code, severity, where, List.of(requirement), message);
    }

    /** A verification finding with the code's default severity and requirement. */
    public static Finding of(VerificationCode code, Location where, LocalizedText message) {
        return of(code, code.defaultSeverity(), where, code.requirement(), message);
    }

    /** The requirement IDs as one text, joined by {@code ", "} (one ID for verification findings). */
    public String requirement() {
        return String.join(", ", requirements);
    }

    /** The one-line form {@code where: message (requirements)} in the language of {@code locale}. */
    public String render(Locale locale) {
        return where + ": " + message.in(locale) + " (" + requirement() + ")";
    }

    /** The one-line English form, {@link #render(Locale) render(Locale.ENGLISH)}. */
    @Override
    public String toString() {
        return render(Locale.ENGLISH);
    }
}
