/**
 * Implementation details of the retention module, not exported: HKDF and the erasure journal (durable file
 * writes are core's {@code jp.mimamori.core.internal.io}). May use: the JDK and core.
 */
package jp.mimamori.retention.internal;
