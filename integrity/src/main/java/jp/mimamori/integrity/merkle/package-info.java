/**
 * Merkle tree hashing exactly as RFC 9162 §2.1 (Certificate Transparency v2), so that any RFC 9162
 * implementation checks Mimamori's proofs (DESIGN.md, format ground rules): leaf hash
 * {@code SHA-256(0x00 || data)}, interior node {@code SHA-256(0x01 || left || right)}, the empty tree's hash
 * {@code SHA-256("")}, the split at the largest power of two smaller than the size, inclusion proofs (§2.1.3)
 * and consistency proofs (§2.1.4), generated and verified.
 *
 * <p>{@link jp.mimamori.integrity.merkle.Merkle} holds the static functions over a list of leaf hashes;
 * {@link jp.mimamori.integrity.merkle.MerkleAccumulator} computes roots incrementally in O(log n) memory for
 * record-time sealing and append-only logs. Verification failures are
 * {@link jp.mimamori.integrity.merkle.ProofException}.
 *
 * <p>May use: the JDK ({@code MessageDigest} SHA-256, whose intrinsic is the fastest on the JVM) and
 * {@code jp.mimamori.core.error}.
 */
package jp.mimamori.integrity.merkle;
