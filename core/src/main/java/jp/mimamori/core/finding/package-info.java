/**
 * The one finding model every check returns: {@link jp.mimamori.core.finding.Finding} (code, severity, where,
 * requirement IDs and one bilingual {@link jp.mimamori.core.text.LocalizedText}), one
 * {@link jp.mimamori.core.finding.Severity}, one {@link jp.mimamori.core.finding.Location} and the fixed code
 * vocabularies, one enum per domain behind the sealed {@link jp.mimamori.core.finding.FindingCode}:
 * {@link jp.mimamori.core.finding.ComplianceCode} (operating rules against a profile),
 * {@link jp.mimamori.core.finding.VerificationCode} (segments, logs, bundles) and
 * {@link jp.mimamori.core.finding.RetentionCode} (periods, budgets, orphans). Values only; thread-safe.
 *
 * <p>May use: the JDK, {@code jp.mimamori.core.text}.
 */
package jp.mimamori.core.finding;
