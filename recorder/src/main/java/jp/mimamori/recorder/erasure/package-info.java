/**
 * Erasing sealed footage under retention, and telling that erasure apart from tampering (K3-2-2, K3-2-3,
 * invariant 4): {@link jp.mimamori.recorder.erasure.SealedSegmentStore} lets retention's write-ahead
 * {@code ErasureEngine} erase segments of integrity's sealed store; the verifier reads the signed receipts back
 * from the evidence log through integrity's {@code AnchoredLog}, counting only anchored ones.
 *
 * <p>May use: core, integrity's store, manifest, log and verify packages, retention's erase package, and
 * {@code jp.mimamori.recorder.internal}.
 */
package jp.mimamori.recorder.erasure;
