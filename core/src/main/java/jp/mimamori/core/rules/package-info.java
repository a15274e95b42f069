/**
 * Operating rules (設置運用規約, K4-1): one JSON document per installer listing its sites, cameras,
 * designations, permits, retention, remote-viewing grants, contract clauses, penalty clause, inspection
 * schedule and inquiry register. {@link jp.mimamori.core.rules.RulesReader} reads it with limits and reports
 * every problem at once; {@link jp.mimamori.core.rules.ComplianceCheck} checks it against a guideline profile
 * and returns findings; {@link jp.mimamori.core.rules.RulesDocument} and
 * {@link jp.mimamori.core.rules.SignageText} turn it into the human-readable rules document and the signs.
 * Sample rules and test suites ship as resources under {@code jp/mimamori/core/rules/samples/}.
 *
 * <p>May use: {@code jp.mimamori.core.model}, {@code .profile}, {@code .text}, {@code .error},
 * {@code .internal.json}.
 */
package jp.mimamori.core.rules;
