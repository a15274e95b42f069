/**
 * Exports of footage to a recipient (K3-2-1, K3-4): today the {@code bundle_hash} an {@code export} evidence
 * record names for a clip folder ({@link jp.mimamori.recorder.export.ClipFolderHash}).
 *
 * <p>May use: the JDK and {@code jp.mimamori.core.internal.io} (files read confined).
 */
package jp.mimamori.recorder.export;
