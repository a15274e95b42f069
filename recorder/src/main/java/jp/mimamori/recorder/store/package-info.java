/**
 * What an NVR embeds to record: a {@link jp.mimamori.recorder.store.Recorder} over a store v2 folder
 * (docs/FORMATS.md "Store v2": each segment stored once, as recorded, encrypted at rest by default under its own
 * data key), one {@link jp.mimamori.recorder.store.CameraRecorder} per camera that seals live segments
 * ({@link jp.mimamori.recorder.store.LiveSegment}) and recorded files, and the
 * {@link jp.mimamori.recorder.store.StoreVerifier} that verifies such a store (invariants 4–7, K3-2-4).
 *
 * <p>May use: the JDK, {@code jp.mimamori.core} (and its internal io, json and id), {@code jp.mimamori.integrity}
 * (seal, manifest, verify, media splitting), {@code jp.mimamori.retention.crypto} (the streaming cipher and the
 * key vault), {@code jp.mimamori.recorder.anchor} and integrity's log (anchoring), and
 * {@code jp.mimamori.recorder.store.internal} and {@code jp.mimamori.recorder.internal}.
 */
package jp.mimamori.recorder.store;
