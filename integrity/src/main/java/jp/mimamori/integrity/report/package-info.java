/**
 * The one report type every verifier returns (segments, logs, bundles): a verdict and a list of findings with
 * the fixed codes of DESIGN.md. Printable as text in Japanese or English and as JSON
 * ({@code "format":"mimamori-verify-report","version":1}). Verifiers never throw on hostile input; they
 * return a report.
 *
 * <p>May use: the JDK, {@code jp.mimamori.core.text}.
 */
package jp.mimamori.integrity.report;
