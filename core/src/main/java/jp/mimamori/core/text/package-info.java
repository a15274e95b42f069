/**
 * Bilingual text: every message a person reads is given in Japanese and English ({@link
 * jp.mimamori.core.text.LocalizedText}). Uses nothing outside the JDK.
 */
package jp.mimamori.core.text;
