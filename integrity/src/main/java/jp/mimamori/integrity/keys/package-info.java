/**
 * Keys and signatures (DESIGN.md, format ground rules): Ed25519 (default) and ECDSA P-256 over SHA-256, keys on
 * disk as PEM that {@code openssl} reads (PKCS#8 {@code PRIVATE KEY}, SPKI {@code PUBLIC KEY}, X.509
 * {@code CERTIFICATE}), key id = lowercase hex SHA-256 of the SPKI DER, and a caller-supplied
 * {@link jp.mimamori.integrity.keys.TrustStore} of keys and CA certificates, each bound to a
 * {@link jp.mimamori.integrity.keys.KeyScope} (roles, cameras, validity interval) and asked through
 * {@link jp.mimamori.integrity.keys.TrustStore#decide} for a {@link jp.mimamori.integrity.keys.TrustDecision}.
 *
 * <ul>
 *   <li>{@link jp.mimamori.integrity.keys.SigningKey} — a private key, core's {@link jp.mimamori.core.crypto.Signer};
 *       its bytes live in core's {@link jp.mimamori.core.crypto.SecretBytes}; never printed.</li>
 *   <li>{@link jp.mimamori.integrity.keys.VerifyingKey} — a public key, core's
 *       {@link jp.mimamori.core.crypto.Verifier}; verifies, throwing
 *       {@link jp.mimamori.core.error.SignatureInvalidException} on failure.</li>
 * </ul>
 *
 * <p>Crypto is Bouncy Castle's lightweight API ({@code org.bouncycastle.math.ec.rfc8032.Ed25519},
 * {@code ECDSASigner} with RFC 6979 deterministic nonces); certificate signatures are checked through a
 * {@code BouncyCastleProvider} instance passed explicitly — never {@code Security.addProvider}. Message digests
 * for ECDSA use the JDK's SHA-256 (its intrinsic is faster than Bouncy Castle's).
 *
 * <p>May use: the JDK, Bouncy Castle (bcprov, bcpkix), {@code jp.mimamori.core.error}, {@code jp.mimamori.core.crypto},
 * {@code jp.mimamori.core.text}.
 */
package jp.mimamori.integrity.keys;
