/**
 * The bundle v1 archive itself, not API: a ZIP of STORED entries written and read without {@code java.util.zip}'s
 * archive classes (only its CRC-32), so every byte of a hostile archive passes through one bounded, streaming
 * parser, and the entry names and limits of {@code docs/FORMATS.md} ("Export bundle v1").
 *
 * <p>May use: the JDK.
 */
package jp.mimamori.integrity.bundle.internal;
