package jp.mimamori.retention.erase;

import java.io.IOException;

/**
 * The erasure journal holds a line that fails its authentication (HMAC-SHA256 under the journal key): forged,
 * edited, moved or dropped by someone without the key. Opening the journal for writing refuses with it, and
 * nothing in the journal is executed (K3-2-3, invariant 6: an erasure starts only from an authorised intent).
 *
 * <pre>{@code
 * try (RetentionService r = RetentionService.open(stateDir, store, log, policy, holds, authority, key, clock)) {
 *     r.runScheduled("svc-retention");
 * } catch (JournalTamperedException e) {
 *     System.err.println(e.getMessage());   // names the journal line; nothing was erased
 * }
 * }</pre>
 *
 * <p>Immutable.
 */
public final class JournalTamperedException extends IOException {
    private static final long serialVersionUID = 1L;
    private final long line;

    /** The journal's line {@code line} (1-based) failed, as {@code message} describes. */
    public JournalTamperedException(String message, long line) {
        super(message);
        this.line = line;
    }

    /** The 1-based number of the first line that failed. */
    public long line() {
        return line;
    }
}
