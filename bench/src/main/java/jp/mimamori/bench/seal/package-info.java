/**
 * Benchmarks of sealing recordings (hash + Merkle + sign per segment) and verifying a sealed store, reported in
 * docs/PERFORMANCE.md as ratios to {@code openssl speed -bytes 1048576 sha256} and {@code openssl dgst -sha256}.
 */
package jp.mimamori.bench.seal;
