package jp.mimamori.integrity.keys;

/**
 * What a trusted key may sign (docs/SECURITY.md, "Who is trusted with what"); written in trust files as its name
 * ({@code "RECORDER"}, {@code "LOG"}, …). A trust store binds each key to
 * one or more roles; a valid signature by a key outside its role is {@code KEY_UNTRUSTED}.
 *
 * <pre>{@code
 * boolean ok = trust.decide(KeyRole.RETENTION, receiptKey, Optional.empty(), receiptTime).trusted();
 * }</pre>
 *
 * <p>Immutable and thread-safe.
 */
public enum KeyRole {
    /** A recorder (録画装置) signing segment manifests, limited to the cameras of its scope. */
    RECORDER,
    /** The evidence log's signer: checkpoints. */
    LOG,
    /** A witness cosigning checkpoints. */
    WITNESS,
    /** The retention service: erasure receipts and sanitization certificates. */
    RETENTION,
    /** A time-stamping authority (RFC 3161). */
    TSA
}
