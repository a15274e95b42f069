/**
 * Retention: what must be erased now and next, holds, erasure with receipts. May use: core and the JDK
 * (Bouncy Castle only inside {@code …internal…} packages).
 */
package jp.mimamori.retention;
