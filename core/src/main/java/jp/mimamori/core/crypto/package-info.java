/**
 * Cryptographic primitives every module shares, as small interfaces with one job: secret key material
 * ({@link jp.mimamori.core.crypto.SecretBytes}), signing ({@link jp.mimamori.core.crypto.Signer},
 * {@link jp.mimamori.core.crypto.Verifier}) and the signature member of signed JSON documents
 * ({@link jp.mimamori.core.crypto.DocumentSignature}). The {@code integrity} module implements them with Bouncy Castle
 * ({@code SigningKey}, {@code VerifyingKey}); {@code retention} signs through a {@code Signer} its caller gives
 * it. Failures are {@link jp.mimamori.core.error.CryptoException}s.
 *
 * <p>May use: the JDK and {@code jp.mimamori.core.error}.
 */
package jp.mimamori.core.crypto;
