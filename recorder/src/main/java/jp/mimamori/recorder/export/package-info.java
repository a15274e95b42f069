/**
 * Handing footage over (K3-4, K3-2-1, S3): the disclosure workflow — a request decided by the core engine and
 * logged, and on PERMIT the disclosure record and an export bundle v1 ({@link
 * jp.mimamori.recorder.export.DisclosureExport}) — and the {@code bundle_hash} of a clip folder
 * ({@link jp.mimamori.recorder.export.ClipFolderHash}).
 *
 * <p>May use: the JDK, core (its decision engine, internal JSON and {@code jp.mimamori.core.internal.io}: files
 * read confined), integrity (bundles, the log, its timestamps, the verifier's source seam), retention's
 * key-encryption key,
 * {@code jp.mimamori.recorder.store.internal} and {@code jp.mimamori.recorder.internal}.
 */
package jp.mimamori.recorder.export;
