/**
 * Implementation details of the retention module, not exported: durable file writes (fsync, atomic replace,
 * in-place overwrite), HKDF, compact primitive columns, the erasure journal. May use: the JDK and core.
 */
package jp.mimamori.retention.internal;
