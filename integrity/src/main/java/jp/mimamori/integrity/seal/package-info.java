/**
 * The recorder-side sealing API (K3-2-4): a {@link jp.mimamori.integrity.seal.CameraChain} per camera hands out
 * one {@link jp.mimamori.integrity.seal.SegmentSealer} per recorded segment; the recorder feeds it each unit
 * (frame or chunk) as it writes it and closes it to get the signed, chained manifest. The chain state is kept
 * in a small file written crash-safely (temporary file, fsync, atomic rename), so a recorder restart continues
 * the chain and a crash while a segment was open is recorded in the next manifest rather than hidden.
 *
 * <p>May use: the JDK, {@code jp.mimamori.integrity.manifest}, {@code jp.mimamori.integrity.merkle},
 * {@code jp.mimamori.integrity.keys}, {@code jp.mimamori.core.internal.json}, {@code jp.mimamori.core.internal.io}
 * and {@code jp.mimamori.core.internal.work} (hashing several units on the machine's cores).
 */
package jp.mimamori.integrity.seal;
