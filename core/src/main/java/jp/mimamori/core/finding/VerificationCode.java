package jp.mimamori.core.finding;

/**
 * The fixed vocabulary of verification findings (segments, logs, bundles; listed in {@code docs/FORMATS.md}).
 * Other tools rely on these names: never rename one. Each code has a default severity and the requirement it
 * protects.
 *
 * <pre>{@code
 * Finding f = Finding.of(VerificationCode.UNIT_MODIFIED, Location.entry("cam-01/000001"),
 *         LocalizedText.of("ユニット 3 が改変されています", "unit 3 was modified"));
 * }</pre>
 *
 * <p>Immutable and thread-safe.
 */
public enum VerificationCode implements FindingCode {
    /** A unit's bytes differ from its leaf hash. */
    UNIT_MODIFIED(Severity.ERROR, "K3-2-4"),
    /** A unit was dropped. */
    UNIT_MISSING(Severity.ERROR, "K3-2-4"),
    /** A unit was added. */
    UNIT_INSERTED(Severity.ERROR, "K3-2-4"),
    /** A unit was moved. */
    UNIT_REORDERED(Severity.ERROR, "K3-2-4"),
    /** A unit was repeated. */
    UNIT_REPLAYED(Severity.ERROR, "K3-2-4"),
    /** A segment of one camera's chain was dropped. */
    SEGMENT_MISSING(Severity.ERROR, "K3-2-4"),
    /** A segment was added to a camera's chain. */
    SEGMENT_INSERTED(Severity.ERROR, "K3-2-4"),
    /** A segment was moved within a camera's chain. */
    SEGMENT_REORDERED(Severity.ERROR, "K3-2-4"),
    /** A segment was repeated within a camera's chain. */
    SEGMENT_REPLAYED(Severity.ERROR, "K3-2-4"),
    /** A segment erased under retention, with a valid erasure receipt: not tampering. */
    SEGMENT_ERASED(Severity.INFO, "K3-2-3"),
    /** A manifest's previous-manifest hash does not match. */
    CHAIN_BROKEN(Severity.ERROR, "K3-2-4"),
    /** A recorded key rotation. */
    KEY_CHANGED(Severity.INFO, "K3-2-4"),
    /** A recorded recorder restart or camera reset. */
    CHAIN_RESTARTED(Severity.INFO, "K3-2-4"),
    /** A signed document's content does not match its signature. */
    MANIFEST_MODIFIED(Severity.ERROR, "K3-2-4"),
    /** A bad signature. */
    SIGNATURE_INVALID(Severity.ERROR, "K3-2-4"),
    /** A good signature by a key the trust store does not hold. */
    KEY_UNTRUSTED(Severity.ERROR, "K3-2-4"),
    /** An inclusion or consistency proof does not verify. */
    PROOF_INVALID(Severity.ERROR, "K3-2-4"),
    /** The log is shorter than a checkpoint says. */
    LOG_TRUNCATED(Severity.ERROR, "K3-4"),
    /** A log record changed. */
    LOG_RECORD_MODIFIED(Severity.ERROR, "K3-4"),
    /** Two checkpoints are not consistent. */
    LOG_INCONSISTENT(Severity.ERROR, "K3-4"),
    /** An RFC 3161 token does not verify or does not cover the data. */
    TIMESTAMP_INVALID(Severity.ERROR, "K3-2-4"),
    /** A bundle bound to another recipient or disclosure, or its disclosure not in the log. */
    DISCLOSURE_MISMATCH(Severity.ERROR, "S3"),
    /** The archive breaks a limit or the layout (traversal, bombs, duplicates, missing entries). */
    BUNDLE_MALFORMED(Severity.ERROR, "K3-2-1"),
    /** No signed checkpoint by a trusted key covers the log: nothing in it is anchored. */
    CHECKPOINT_MISSING(Severity.ERROR, "K3-4"),
    /** Records after the newest signed checkpoint; they excuse nothing yet. */
    NOT_ANCHORED(Severity.INFO, "K3-4"),
    /** A timestamp token is present but no TSA root was given to check it. */
    TIMESTAMP_UNCHECKED(Severity.INFO, "K3-2-4"),
    /** The verifier itself failed on this input (a bug to report), never read as tampering. */
    INTERNAL(Severity.ERROR, "K3-2-4");

    private final Severity defaultSeverity;
    private final String requirement;

    VerificationCode(Severity defaultSeverity, String requirement) {
        this.defaultSeverity = defaultSeverity;
        this.requirement = requirement;
    }

    /** The severity a finding of this code has unless a verifier says otherwise. */
    public Severity defaultSeverity() {
        return defaultSeverity;
    }

    /** The requirement ID this code protects by default. */
    public String requirement() {
        return requirement;
    }
}
