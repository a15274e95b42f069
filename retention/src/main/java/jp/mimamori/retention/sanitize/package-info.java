/**
 * Media sanitization certificates (K3-2-3, second paragraph: media and recorders made unreadable and
 * unrecoverable before disposal): a {@link jp.mimamori.retention.sanitize.SanitizationCertificate} with the
 * fields of NIST SP 800-88 Rev. 1 Appendix G, rendered in Japanese and English, signed and logged.
 *
 * <p>Signing: retention holds no keys of its own; it signs through the {@link jp.mimamori.core.crypto.Signer}
 * its caller gives it (integrity's {@code SigningKey}, or a key in an HSM) and verifies through a
 * {@link jp.mimamori.core.crypto.Verifier}.
 *
 * <p>May use: the JDK (SHA-256), core ({@code crypto}, {@code evidence}, {@code text}, {@code error},
 * {@code internal.json}).
 */
package jp.mimamori.retention.sanitize;
