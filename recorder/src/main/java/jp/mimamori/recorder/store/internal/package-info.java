/**
 * Store v2 internals, not API: the layout and marker ({@link jp.mimamori.recorder.store.internal.StoreV2}), the
 * binary unit index, the write pipeline (media file, splitter, hashing) and the read-only source the verifier
 * reads a store through.
 *
 * <p>May use: the JDK, {@code jp.mimamori.core} (internal io, json and id), {@code jp.mimamori.integrity},
 * {@code jp.mimamori.retention.crypto}.
 */
package jp.mimamori.recorder.store.internal;
