/**
 * Media sanitization certificates (K3-2-3, second paragraph: media and recorders made unreadable and
 * unrecoverable before disposal): a {@link jp.mimamori.retention.sanitize.SanitizationCertificate} with the
 * fields of NIST SP 800-88 Rev. 1 Appendix G, rendered in Japanese and English, signed through a
 * {@link jp.mimamori.retention.sanitize.CertificateSigner} and logged.
 *
 * <p>Signing: retention cannot use the {@code integrity} module's keys, so it signs through the
 * {@link jp.mimamori.retention.sanitize.CertificateSigner} interface; the application passes a signer over its
 * own key (an integrity key, an HSM), and {@link jp.mimamori.retention.sanitize.Ed25519CertificateSigner} is
 * the JDK's Ed25519 for everything else.
 *
 * <p>May use: the JDK (JCA Ed25519, SHA-256), core ({@code evidence}, {@code text}, {@code error}).
 */
package jp.mimamori.retention.sanitize;
