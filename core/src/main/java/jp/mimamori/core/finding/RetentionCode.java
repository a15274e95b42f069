package jp.mimamori.core.finding;

/**
 * What a retention finding is about: periods, storage budgets and orphans; stable names that tools and tests
 * rely on.
 *
 * <pre>{@code
 * boolean orphan = finding.code() == RetentionCode.ORPHAN_FILE;
 * }</pre>
 *
 * <p>Immutable and thread-safe.
 */
public enum RetentionCode implements FindingCode {
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
    ORPHAN_ENTRY,
    /**
     * INFO: an erasure whose intent is journalled but not yet receipted (a crash interrupted it); read-only
     * commands report it, and only an explicit run (or the writer's open) finishes it (invariant 6).
     */
    ERASURE_PENDING,
    /**
     * ERROR: a line of the erasure journal fails its authentication — forged or edited; it and what follows are
     * refused and never executed (K3-2-3, invariant 6).
     */
    JOURNAL_TAMPERED,
    /**
     * ERROR: a {@code hold.placed}, {@code hold.released} or {@code hold.expired} record of the evidence log
     * without a valid signature by the retention key — appended by hand, signed by another key, or written before
     * hold records were signed; it places, releases and expires nothing, so a hold stays in force (K3-4, K3-2-2,
     * invariant 3; docs/SECURITY.md G7).
     */
    HOLD_RECORD_REFUSED
}
