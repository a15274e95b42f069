/**
 * Export bundles v1 (K3-4, S3, invariant 7): one ZIP of STORED entries bound to one disclosure and one recipient
 * — the signed bundle manifest, the recorded bytes cut at unit boundaries from a keyframe, their segment
 * manifests and unit indexes with inclusion proofs, the disclosure and its completeness records with C2SP
 * {@code tlog-proof}s, the log's RFC 3161 timestamped checkpoints that cover them — and the pieces to write one. The offline verifier is
 * {@code jp.mimamori.integrity.verify.BundleVerifier}; docs/FORMATS.md "Export bundle v1" is exact.
 *
 * <p>May use: core (its internal JSON), the integrity packages {@code keys}, {@code manifest}, {@code checkpoint},
 * and {@code bundle.internal}.
 */
package jp.mimamori.integrity.bundle;
