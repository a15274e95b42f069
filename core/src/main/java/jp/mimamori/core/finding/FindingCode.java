package jp.mimamori.core.finding;

/**
 * What a finding is about: one fixed vocabulary per domain, each an enum. Tools and tests rely on the names
 * ({@link #name()}); they are never renamed. Immutable and thread-safe.
 *
 * <pre>{@code
 * FindingCode code = VerificationCode.SEGMENT_ERASED;
 * String stable = code.name(); // "SEGMENT_ERASED"
 * }</pre>
 */
public sealed interface FindingCode permits ComplianceCode, VerificationCode, RetentionCode {
    /** The stable name, as written in reports. */
    String name();
}
