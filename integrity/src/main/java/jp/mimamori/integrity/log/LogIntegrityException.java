package jp.mimamori.integrity.log;

import java.io.IOException;
import java.util.Objects;
import jp.mimamori.core.finding.VerificationCode;

/**
 * The log (a log folder or a tile folder) refused an operation because of what it found in the log itself: a
 * checkpoint it would sign that is not consistent with its previous one ({@code LOG_INCONSISTENT}), a damaged
 * record inside the checkpointed range that the writer will not cut ({@code LOG_RECORD_MODIFIED}), no checkpoint
 * by a trusted key ({@code CHECKPOINT_MISSING}), a proof that does not verify against the signed root
 * ({@code PROOF_INVALID}). The CLI reports it as a finding (exit 1), not an input error.
 *
 * <pre>{@code
 * try {
 *     LogCheckpoints.write(log, signer, List.of(), Instant.now());
 * } catch (LogIntegrityException e) {
 *     System.err.println(e.code() + ": " + e.getMessage());
 * }
 * }</pre>
 *
 * <p>Immutable and thread-safe.
 */
public final class LogIntegrityException extends IOException {
    private static final long serialVersionUID = 1L;

    /** The code of the finding that made the log refuse. */
    private final VerificationCode code;

    /** A refusal with the code of its finding and a one-line message naming the file and the record. */
    public LogIntegrityException(VerificationCode code, String message) {
        super(message + " (" + Objects.requireNonNull(code, "code") + ")");
        this.code = code;
    }

    /** The code of the finding that made the log refuse. */
    public VerificationCode code() {
        return code;
    }
}
