/**
 * JSON for every module: the one RFC 8785 (JCS) canonical writer and strict parser
 * ({@link jp.mimamori.core.internal.json.CanonicalJson}), and reading documents from outside field by field
 * ({@link jp.mimamori.core.internal.json.JsonInput}, {@link jp.mimamori.core.internal.json.Obj}) with one set of
 * limits ({@link jp.mimamori.core.internal.json.CanonicalJson.Limits}: size, nesting depth, string length,
 * members), duplicate keys rejected, unknown fields rejected, and every problem collected with its field path
 * instead of stopping at the first.
 *
 * <p>The canonical profile: objects, arrays, strings (any Unicode, no lone surrogates), {@code true}/{@code
 * false}/{@code null} and integers within ±(2<sup>53</sup>−1); no floating-point numbers; object keys are
 * printable ASCII; duplicate keys are rejected.
 *
 * <p>Exported only to Mimamori's own modules (qualified export), not API.
 *
 * <p>May use: the JDK, Jackson, {@code jp.mimamori.core.error} and {@code jp.mimamori.core.text}.
 */
package jp.mimamori.core.internal.json;
