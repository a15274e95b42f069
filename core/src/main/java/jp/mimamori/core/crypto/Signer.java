package jp.mimamori.core.crypto;

import jp.mimamori.core.error.CryptoException;

/**
 * Makes signatures with one private key, in the manner of Tink's PublicKeySign. Mimamori signs
 * manifests, certificates and notes through this interface, so a caller can hand a module a key held anywhere
 * (in memory, in an HSM, in a camera's secure element) without the module knowing which.
 *
 * <pre>{@code
 * Signer signer = SigningKey.fromPem(Files.readString(pem));   // integrity's implementation
 * byte[] sig = signer.sign(canonicalBytes);
 * }</pre>
 *
 * <p>Implementations say whether they are thread-safe ({@link #concurrent()}); Mimamori's own are.
 */
public interface Signer {
    /**
     * The algorithm's name as signed documents write it, such as {@code "ed25519"} or
     * {@code "ecdsa-p256-sha256"}.
     */
    String algorithmName();

    /** The key id: lowercase hex SHA-256 of the public key's SPKI DER encoding. */
    String keyId();

    /**
     * Signs {@code message}.
     *
     * @throws CryptoException if the key cannot sign (destroyed, or the device holding it failed)
     */
    byte[] sign(byte[] message) throws CryptoException;

    /**
     * Whether {@link #sign} may be called from several threads at once. A caller with many messages (the receipts
     * of an erasure batch) then signs them on several cores; otherwise one call at a time. False unless an
     * implementation says so.
     */
    default boolean concurrent() {
        return false;
    }
}
