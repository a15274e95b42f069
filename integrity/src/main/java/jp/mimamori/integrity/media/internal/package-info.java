/**
 * Splitting recorded segments into the units that are sealed, not API (the store, the sealer and the recorder use
 * it): for MPEG-TS, one unit per video access unit (frame) with its PTS and keyframe flag; for fragmented MP4
 * (CMAF), the init segment and then one unit per movie fragment; for any other file, fixed-size chunks. Units are
 * byte ranges of the file that together cover it exactly, so concatenating a segment's units gives back the
 * recorded file (K3-2-4: nothing is re-encoded or rewritten). The {@link
 * jp.mimamori.integrity.media.internal.UnitSplitter}s find them in bytes as they arrive, in any chunking, with
 * bounded state; the whole-file {@link jp.mimamori.integrity.media.internal.MpegTsDemuxer} is one of them used on
 * a whole file.
 *
 * <p>May use: the JDK only. Parsers here read outside input and throw only {@link
 * jp.mimamori.integrity.media.internal.MediaFormatException}.
 */
package jp.mimamori.integrity.media.internal;
