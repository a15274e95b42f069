package jp.mimamori.core.crypto;

import jp.mimamori.core.error.SignatureInvalidException;

/**
 * Checks signatures made with one key, in the manner of Tink's PublicKeyVerify: {@link #verify}
 * returns nothing and throws when the signature does not hold, so a result cannot be ignored.
 *
 * <pre>{@code
 * Verifier v = VerifyingKey.fromPem(Files.readString(pub));   // integrity's implementation
 * v.verify(signature, canonicalBytes);                         // SignatureInvalidException if not
 * }</pre>
 *
 * <p>Implementations are immutable and thread-safe.
 */
public interface Verifier {
    /** The algorithm's name as signed documents write it, such as {@code "ed25519"}. */
    String algorithmName();

    /** The key id: lowercase hex SHA-256 of the public key's SPKI DER encoding. */
    String keyId();

    /**
     * Checks that {@code signature} is a valid signature of {@code message} under this key.
     *
     * @throws SignatureInvalidException if it is not, or is malformed (never for any other reason)
     */
    void verify(byte[] signature, byte[] message) throws SignatureInvalidException;
}
