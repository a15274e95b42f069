/**
 * The sealed-recording store on disk (docs/FORMATS.md, "Store layout"): one folder per camera with its chain
 * state, one folder per segment with the signed manifest, its signature, the unit index and the unit files,
 * whose concatenation is the recorded file byte for byte. {@link jp.mimamori.integrity.store.SegmentStore}
 * seals recorded files into it and exports partial clips with inclusion proofs.
 *
 * <p>May use: the JDK, {@code jp.mimamori.integrity.media}, {@code jp.mimamori.integrity.manifest},
 * {@code jp.mimamori.integrity.seal}, {@code jp.mimamori.integrity.merkle}, {@code jp.mimamori.integrity.keys}.
 */
package jp.mimamori.integrity.store;
