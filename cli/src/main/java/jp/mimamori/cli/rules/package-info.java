/**
 * {@code mimamori rules check FILE} (compliance of operating rules with their guideline profile) and
 * {@code mimamori rules test FILE} (a rules test suite). Exit codes: 0 compliant / all cases pass; 1 findings
 * or failed cases; 2 usage or input error (a file that cannot be read as rules, unknown profile, invalid suite).
 *
 * <p>May use: core's {@code rules}, {@code profile}, {@code suite}, {@code decision} packages, picocli, Jackson.
 */
package jp.mimamori.cli.rules;
