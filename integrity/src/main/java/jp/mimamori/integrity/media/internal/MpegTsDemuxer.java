package jp.mimamori.integrity.media.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits an MPEG-TS file (ISO/IEC 13818-1, 188-byte packets) into video access units.
 *
 * <p>A unit starts at every TS packet of the video PID whose {@code payload_unit_start_indicator} is set (a new
 * PES packet, which for video is one access unit: a frame) and runs up to the next such packet, so every other
 * packet between them (audio, PAT/PMT, null packets) belongs to the frame before it, and the first unit also
 * holds whatever precedes the first frame. The units cover the file exactly; each unit's PTS is the PES
 * header's PTS. A clip cut at any unit boundary is itself a valid TS byte stream.
 *
 * <p>The video PID is the first video stream of the first PMT (stream types 0x01, 0x02, 0x10, 0x1B, 0x24,
 * 0x42, 0xEA); without a PAT, the first PID carrying a PES with a video stream_id (0xE0–0xEF). It must be known
 * before {@value MpegTsSplitter#MAX_EARLY_STARTS} PES starts have gone by. This is the whole-file use of
 * {@link MpegTsSplitter}, the one implementation of these rules.
 *
 * <pre>{@code
 * TsSplit s = MpegTsDemuxer.split(Files.readAllBytes(path));
 * for (MediaUnit u : s.units()) { ... u.offset(), u.length(), u.pts() ... }
 * }</pre>
 */
public final class MpegTsDemuxer {
    /** The TS packet size. */
    public static final int PACKET = 188;

    private MpegTsDemuxer() {}

    /**
     * Splits a whole TS file.
     *
     * @throws MediaFormatException if the length is not a multiple of 188, a sync byte is wrong, no video
     *                              stream is found, or a video PES header is malformed
     */
    public static TsSplit split(byte[] ts) throws MediaFormatException {
        try {
            return split(ts.length, (splitter, add) -> splitter.feed(ByteBuffer.wrap(ts), add));
        } catch (IOException e) {
            throw new UncheckedIOException("unreachable: the listener only adds to a list", e);
        }
    }

    /**
     * Splits a TS file read from a channel (from position 0, in windows of {@value #WINDOW} bytes, once), never
     * holding the file: what sealing a large recorded file uses.
     *
     * @throws MediaFormatException as {@link #split(byte[])}
     * @throws IOException          if the channel cannot be read
     */
    public static TsSplit split(SeekableByteChannel ch) throws MediaFormatException, IOException {
        return split(ch.size(), (splitter, add) -> {
            ByteBuffer window = ByteBuffer.allocate(WINDOW);
            ch.position(0);
            while (ch.read(window) >= 0) {
                window.flip();
                splitter.feed(window, add);
                window.clear();
            }
        });
    }

    /** The read size of {@link #split(SeekableByteChannel)}: 64 KiB. */
    public static final int WINDOW = 1 << 16;

    private interface Feeder {
        void feedAll(MpegTsSplitter splitter, UnitSplitter.Listener add) throws MediaFormatException, IOException;
    }

    private static TsSplit split(long length, Feeder feeder) throws MediaFormatException, IOException {
        if (length == 0) {
            throw new MediaFormatException("MPEG-TS: empty file");
        }
        if (length % PACKET != 0) {
            throw new MediaFormatException("MPEG-TS: length " + length + " is not a multiple of 188 bytes");
        }
        List<MediaUnit> units = new ArrayList<>();
        UnitSplitter.Listener add = (offset, l, pts, keyframe) -> units.add(new MediaUnit(offset,
                Math.toIntExact(l), pts));
        MpegTsSplitter s = new MpegTsSplitter();
        feeder.feedAll(s, add);
        s.finish(add);
        return new TsSplit(units, s.videoPid(), s.streamType(), s.continuityErrors());
    }
}
