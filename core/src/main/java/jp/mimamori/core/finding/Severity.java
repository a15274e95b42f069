package jp.mimamori.core.finding;

/**
 * How much a finding weighs, the same scale for every check. An {@link #ERROR} makes a verification report
 * {@code INVALID} and rules non-compliant; {@link #INFO} never does. Immutable and thread-safe.
 *
 * <pre>{@code
 * boolean blocking = finding.severity() == Severity.ERROR;
 * }</pre>
 */
public enum Severity {
    /** A guideline obligation is or will be broken, or recorded data was tampered with. */
    ERROR,
    /** Something a person should fix or explain; breaks nothing by itself. */
    WARNING,
    /** Noted for the record: a recorded, legitimate event (an erasure with its receipt, a key rotation). */
    INFO
}
