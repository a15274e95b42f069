package jp.mimamori.retention;

import java.util.Objects;
import jp.mimamori.core.text.LocalizedText;

/**
 * One thing retention found that a person should look at: a period without its justification, a period below
 * the floor, a storage budget that will force erasure, an orphan. Every finding names a requirement ID.
 *
 * @param code        what kind of finding (a fixed vocabulary, see {@link Code})
 * @param severity    {@code ERROR} when a guideline obligation is or will be broken; {@code WARNING} otherwise
 * @param requirement the requirement ID, such as {@code "S2"}
 * @param where       the camera, segment or file concerned
 * @param message     the explanation in Japanese and English
 */
public record RetentionFinding(Code code, Severity severity, String requirement, String where,
                               LocalizedText message) {

    /** The fixed finding vocabulary of the retention module. */
    public enum Code {
        /** A period above the profile's principle has no recorded justification (K3-2-2). */
        RETENTION_UNJUSTIFIED,
        /** A period below the profile's floor (S2). */
        RETENTION_BELOW_FLOOR,
        /** The storage budget cannot hold every camera's period (S2). */
        BUDGET_INSUFFICIENT,
        /** The storage budget will force erasure before a camera's period or floor, at a forecast time (S2). */
        BUDGET_FORCES_ERASURE,
        /** A segment was (or is to be) erased by storage pressure before its period ended (S2). */
        FORCED_ERASURE,
        /** Held segments alone exceed the storage budget; they are never erased to make room (invariant 3). */
        HELD_EXCEEDS_BUDGET,
        /** A file in the store that no index entry names (K3-2-3: it would never be erased). */
        ORPHAN_FILE,
        /** An index entry whose file is missing (neither present nor erased with a receipt). */
        ORPHAN_ENTRY
    }

    /** How serious a finding is. */
    public enum Severity { ERROR, WARNING }

    /** Validates presence of every field. */
    public RetentionFinding {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(requirement, "requirement");
        Objects.requireNonNull(where, "where");
        Objects.requireNonNull(message, "message");
    }

    /** One line: {@code ERROR S2 BUDGET_FORCES_ERASURE cam-1: …} in the message's language. */
    public String render(java.util.Locale locale) {
        return severity + " " + requirement + " " + code + " " + where + ": " + message.in(locale);
    }
}
