/**
 * The library's own exception types shared by every module. API misuse is {@link
 * java.lang.IllegalArgumentException} naming the field path; I/O stays {@link java.io.IOException}; crypto
 * failures are {@link jp.mimamori.core.error.CryptoException}, checked, so a caller cannot ignore them.
 * Messages never contain key material.
 */
package jp.mimamori.core.error;
