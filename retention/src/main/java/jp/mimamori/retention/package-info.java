/**
 * Retention: what must be erased now and next, holds, erasure with receipts, and the findings all of these
 * report ({@link jp.mimamori.retention.RetentionFinding}). The entry point that wires planner, holds and
 * erasure engine together over one state folder is {@link jp.mimamori.retention.service.RetentionService}.
 *
 * <p>May use: core and the JDK. Never {@code integrity}: the application wires an evidence log in. This
 * package holds only shared values, so every other retention package may use it.
 */
package jp.mimamori.retention;
