/**
 * Durable file writes shared by every module that keeps state on disk (the sealed store, chain state, the
 * log's tree state and checkpoints, key vaults, erasure journals, holds): temporary file, fsync, atomic rename
 * (required), folder fsync. Exported only to Mimamori's own modules (qualified export), not API.
 *
 * <p>May use: the JDK only.
 */
package jp.mimamori.core.internal.io;
