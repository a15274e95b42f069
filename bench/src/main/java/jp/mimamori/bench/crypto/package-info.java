/**
 * Benchmarks of the integrity primitives: Ed25519 and ECDSA P-256 signing and verification, SHA-256 through
 * the JDK's {@code MessageDigest}, and RFC 9162 Merkle roots. Native references for the ratios in
 * {@code docs/PERFORMANCE.md}: {@code openssl speed ed25519 ecdsap256} and
 * {@code openssl speed -bytes 1048576 sha256}, run in the same sitting.
 */
package jp.mimamori.bench.crypto;
