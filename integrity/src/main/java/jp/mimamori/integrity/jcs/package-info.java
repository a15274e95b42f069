/**
 * RFC 8785 JSON Canonicalization Scheme (JCS) under Mimamori's profile (DESIGN.md, format ground rules): the
 * one byte form of everything Mimamori signs or hashes, so that any language re-derives the same bytes.
 *
 * <p>The profile: objects, arrays, strings (any Unicode, no lone surrogates), {@code true}/{@code false}/
 * {@code null} and integers within ±(2<sup>53</sup>−1); no floating-point numbers (no fraction, no exponent);
 * object keys are printable ASCII; duplicate keys are rejected; input size, depth, string length and member
 * count are bounded ({@link jp.mimamori.integrity.jcs.CanonicalJson.Limits}). Entry point:
 * {@link jp.mimamori.integrity.jcs.CanonicalJson}.
 *
 * <p>May use: the JDK and {@code jp.mimamori.core.text}. Nothing else (it is the bottom of the integrity stack).
 */
package jp.mimamori.integrity.jcs;
