/**
 * Benchmarks of export bundles (issue 13): building a bundle from a store against {@code cp} of the same footage,
 * with and without CMS encryption to the recipient, and verifying it against {@code openssl dgst -sha256} over
 * the bundle, reported in docs/PERFORMANCE.md as ratios measured in the same sitting.
 */
package jp.mimamori.bench.bundle;
