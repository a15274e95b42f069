/**
 * Segment manifest v1 (docs/FORMATS.md, "Segment manifest v1"): the signed, hash-chained statement a recorder
 * makes about one recorded segment of one camera — camera, sequence number, capture-time range, unit count,
 * the RFC 9162 Merkle root over the unit leaves ({@link jp.mimamori.integrity.manifest.UnitLeaf}), the hash of
 * the camera's previous manifest, algorithm names, the signer's key id and chain events (restarts, key
 * rotation). Also the detached signature file and the unit index that accompany a manifest in the store.
 *
 * <p>Values here are immutable records validated on construction; parsing outside input throws only {@link
 * jp.mimamori.integrity.manifest.ManifestFormatException}.
 *
 * <p>May use: the JDK, {@code jp.mimamori.core.internal.json}, {@code jp.mimamori.core.internal.id}, {@code jp.mimamori.integrity.merkle},
 * {@code jp.mimamori.integrity.keys}.
 */
package jp.mimamori.integrity.manifest;
