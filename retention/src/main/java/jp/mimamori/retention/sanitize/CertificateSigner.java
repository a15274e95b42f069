package jp.mimamori.retention.sanitize;

import jp.mimamori.core.error.CryptoException;

/**
 * Signs the canonical bytes of a sanitization certificate. The application implements it over the key it
 * trusts for accountability records; {@link Ed25519CertificateSigner} does so with the JDK.
 */
public interface CertificateSigner {
    /** The algorithm name as written in the certificate: {@code "ed25519"} or {@code "ecdsa-p256"}. */
    String algorithm();

    /** The key id: lowercase hex SHA-256 of the public key's SPKI DER (DESIGN.md). */
    String keyId();

    /** Signs {@code message}. */
    byte[] sign(byte[] message) throws CryptoException;
}
