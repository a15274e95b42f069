/**
 * The on-disk layout of a sealed store (folder and file names), not API; shared with the {@code recorder}
 * module by a qualified export. {@code docs/FORMATS.md} fixes the names.
 *
 * <p>May use: the JDK.
 */
package jp.mimamori.integrity.store.internal;
