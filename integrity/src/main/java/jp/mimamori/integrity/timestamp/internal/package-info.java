/**
 * A built-in RFC 3161 test time-stamping authority for the demo and the tests, not API: it signs with a
 * throw-away key and a self-made root, so its tokens prove nothing outside a demo workspace.
 *
 * <p>May use: the JDK, Bouncy Castle.
 */
package jp.mimamori.integrity.timestamp.internal;
