/**
 * {@code mimamori decide --rules FILE --request FILE [--json]}: one access or disclosure decision with its
 * reasons. Exit 0 permit, 1 deny, 2 usage or input error.
 *
 * <p>May use: core's {@code decision}, {@code rules}, {@code profile} packages, {@code jp.mimamori.cli.rules}
 * for shared input handling, picocli, Jackson.
 */
package jp.mimamori.cli.decide;
