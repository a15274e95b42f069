/**
 * Splitting recorded segment files into the units that are sealed, not API (the store and the sealer use it):
 * for MPEG-TS, one unit per video access unit (frame) with its PTS; for any other file, fixed-size chunks.
 * Units are byte ranges of the file that together cover it exactly, so concatenating a segment's units gives
 * back the recorded file (K3-2-4: nothing is re-encoded or rewritten).
 *
 * <p>May use: the JDK only. Parsers here read outside input and throw only {@link
 * jp.mimamori.integrity.media.internal.MediaFormatException}.
 */
package jp.mimamori.integrity.media.internal;
