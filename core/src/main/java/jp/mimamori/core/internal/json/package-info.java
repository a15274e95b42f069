/**
 * Reading JSON documents from outside with limits (size, nesting depth, string length), duplicate keys
 * rejected, unknown fields rejected, and every problem collected with its field path instead of stopping at
 * the first. Not exported.
 *
 * <p>May use: Jackson and {@code jp.mimamori.core.error}.
 */
package jp.mimamori.core.internal.json;
