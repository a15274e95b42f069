/**
 * Crypto-erase primitives (K3-2-3; NIST SP 800-88 Rev. 1 §2.6 "cryptographic erase"): every segment is
 * encrypted at record time under its own random {@link jp.mimamori.core.crypto.SecretBytes data key}
 * with {@link jp.mimamori.retention.crypto.StreamingSegmentCipher} (wire-compatible with Tink's
 * AES-GCM-HKDF streaming AEAD), data keys are wrapped by a
 * {@link jp.mimamori.retention.crypto.KeyEncryptionKey} in a {@link jp.mimamori.retention.crypto.KeyVault}
 * file, and erasing a segment destroys its data key there.
 *
 * <p>May use: the JDK (JCA AES-GCM, HMAC-SHA256), {@code jp.mimamori.core.error},
 * {@code jp.mimamori.core.crypto}, {@code jp.mimamori.core.internal.io} (durable file writes) and
 * {@code …retention.internal} (HKDF). No Bouncy Castle: the JDK suffices.
 */
package jp.mimamori.retention.crypto;
