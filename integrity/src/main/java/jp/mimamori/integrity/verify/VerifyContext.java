package jp.mimamori.integrity.verify;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import jp.mimamori.integrity.keys.KeyRole;
import jp.mimamori.integrity.keys.TrustStore;
import jp.mimamori.integrity.keys.VerifyingKey;
import jp.mimamori.integrity.log.AnchoredLog;

/**
 * What a verifier is given besides the path: the caller's trust store (the only source of trust, DESIGN.md)
 * and, optionally, the evidence log the store is verified against. With a log, the segments its anchored
 * {@code segment.sealed} records name are compared with the store's (the newest included), and a missing segment
 * is {@code SEGMENT_ERASED} only with an anchored erasure receipt signed by a trusted retention key that names
 * the manifest the chain expects; without one, every gap is {@code SEGMENT_MISSING}.
 *
 * <pre>{@code
 * VerifyContext ctx = VerifyContext.of(trust)
 *         .withLog(AnchoredLog.read(Path.of("log"), List.of(NoteVerifier.parse(Files.readString(vkey)))));
 * }</pre>
 *
 * <p>Immutable and thread-safe.
 *
 * @param trust trusted keys (recorder keys; retention keys for erasure receipts)
 * @param log   the evidence log, if the store is verified against one
 */
public record VerifyContext(TrustStore trust, Optional<AnchoredLog> log) {
    /** Validates. */
    public VerifyContext {
        Objects.requireNonNull(trust, "trust");
        Objects.requireNonNull(log, "log");
    }

    /** A context without a log: every gap in a chain is {@code SEGMENT_MISSING}. */
    public static VerifyContext of(TrustStore trust) {
        return new VerifyContext(trust, Optional.empty());
    }

    /** This context verifying against {@code log}. */
    public VerifyContext withLog(AnchoredLog log) {
        return new VerifyContext(trust, Optional.of(log));
    }

    /**
     * The key trusted to sign erasure receipts with this key id: a key the trust store allows the retention role
     * at {@code at} (the erasure's time).
     */
    Optional<VerifyingKey> retentionKey(String keyId, Instant at) {
        return trust.find(keyId).filter(k -> trust.decide(KeyRole.RETENTION, k, Optional.empty(), at).trusted());
    }
}
