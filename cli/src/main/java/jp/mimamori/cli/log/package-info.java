/**
 * {@code mimamori log …}: verify a log folder ({@code verify}), sign a checkpoint ({@code checkpoint}), print
 * inclusion and consistency proofs ({@code prove}, {@code consistency}) and the K3-4 disclosure register
 * ({@code register}). Exit codes per DESIGN.md: 0 all well, 1 findings, 2 usage or input error.
 *
 * <p>May use: picocli, {@code jp.mimamori.cli}, integrity's log, checkpoint, timestamp and report packages, core's canonical JSON,
 * recorder's json package (proofs as JSON).
 */
package jp.mimamori.cli.log;
