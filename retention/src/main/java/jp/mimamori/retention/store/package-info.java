/**
 * A file-based {@link jp.mimamori.retention.erase.ErasableStore}: one folder per camera, each segment a data
 * file ({@code SEQ.seg}, encrypted under its own data key when crypto-erase is used) beside its index entry
 * ({@code SEQ.json}), erased entries kept as {@code SEQ.erased.json} (hashes only), and the camera's key
 * vault {@code keys.vault}. Recorders with their own storage implement the SPI instead.
 *
 * <p>May use: the JDK, core, Jackson, {@code …retention.erase}, {@code …retention.crypto},
 * {@code …retention.internal}.
 */
package jp.mimamori.retention.store;
