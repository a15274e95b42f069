package jp.mimamori.recorder.live;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import jp.mimamori.integrity.media.internal.MediaUnit;
import jp.mimamori.integrity.media.internal.MpegTsDemuxer;
import jp.mimamori.integrity.media.internal.MpegTsSplitter;
import jp.mimamori.integrity.testutil.Ffmpeg;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * K3-2-4 (live, {@code mimamori record}): a continuous MPEG-TS stream is cut into segments at keyframes about
 * every N seconds, each segment playable and splittable on its own, nothing lost or reordered.
 */
class TsStreamSegmenterTest {
    @TempDir
    static Path dir;
    private static byte[] stream;

    /** Nine seconds of H.264 (a keyframe every second, B-frames) with AAC audio, as ffmpeg streams it. */
    @BeforeAll
    static void record() throws Exception {
        Path ts = dir.resolve("live.ts");
        Ffmpeg.run("-f", "lavfi", "-i", "testsrc=size=160x90:rate=25", "-f", "lavfi", "-i",
                "sine=frequency=440:sample_rate=48000", "-t", "9", "-c:v", Ffmpeg.h264OrMpeg2(), "-g", "25",
                "-bf", "2", "-pix_fmt", "yuv420p", "-c:a", "aac", "-f", "mpegts", ts.toString());
        stream = Files.readAllBytes(ts);
    }

    /** Collects segments as byte arrays. */
    static final class Collected implements TsStreamSegmenter.Segments {
        final List<ByteArrayOutputStream> segments = new ArrayList<>();
        boolean open;

        @Override
        public void begin(Instant start) {
            assertTrue(!open, "begin while a segment is open");
            open = true;
            segments.add(new ByteArrayOutputStream());
        }

        @Override
        public void write(ByteBuffer bytes) {
            assertTrue(open, "write outside a segment");
            byte[] b = new byte[bytes.remaining()];
            bytes.get(b);
            segments.get(segments.size() - 1).writeBytes(b);
        }

        @Override
        public void end() {
            assertTrue(open, "end outside a segment");
            open = false;
        }

        List<byte[]> bytes() {
            return segments.stream().map(ByteArrayOutputStream::toByteArray).toList();
        }
    }

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-01T00:00:00Z"), ZoneOffset.UTC);

    private static List<byte[]> cut(byte[] input, Duration every, long chunkSeed) throws IOException {
        Collected c = new Collected();
        TsStreamSegmenter s = new TsStreamSegmenter(every, CLOCK, c);
        Random r = new Random(chunkSeed);
        for (int pos = 0; pos < input.length; ) {
            int n = Math.min(input.length - pos, 1 + r.nextInt(r.nextBoolean() ? 300 : 70_000));
            s.feed(ByteBuffer.wrap(input, pos, n));
            pos += n;
        }
        s.finish();
        assertTrue(!c.open);
        return c.bytes();
    }

    @Test
    @DisplayName("K3-2-4: 9 s cut every 2 s: segments start at keyframes 2 s apart, each with PAT and PMT")
    void everyTwoSeconds_cutsAtKeyframes() throws Exception {
        List<byte[]> segs = cut(stream, Duration.ofSeconds(2), 1);
        assertEquals(5, segs.size());
        long previous = -1;
        for (int i = 0; i < segs.size(); i++) {
            byte[] seg = segs.get(i);
            List<MediaUnit> units = MpegTsDemuxer.split(seg).units();
            boolean[] key = keyframes(seg);
            assertTrue(key[0], "segment " + i + " starts at a keyframe");
            if (i > 0) {
                assertEquals(0, pid(seg, 0), "segment " + i + " begins with the PAT");
                assertTrue(units.get(0).pts() - previous >= 2 * 90000, "2 s apart");
            }
            previous = units.get(0).pts();
        }
    }

    @Test
    @DisplayName("K3-2-4: the segments are the stream (less the PAT/PMT copies), in any chunking")
    void anyChunking_segmentsAreTheStreamInOrder() throws Exception {
        List<byte[]> reference = cut(stream, Duration.ofSeconds(2), 1);
        for (long seed = 2; seed < 12; seed++) {
            List<byte[]> segs = cut(stream, Duration.ofSeconds(2), seed);
            assertEquals(reference.size(), segs.size());
            for (int i = 0; i < segs.size(); i++) {
                assertArrayEquals(reference.get(i), segs.get(i), "segment " + i + ", chunking " + seed);
            }
        }
        ByteArrayOutputStream joined = new ByteArrayOutputStream();
        for (int i = 0; i < reference.size(); i++) {
            byte[] seg = reference.get(i);
            int skip = i == 0 ? 0 : 2 * 188;
            joined.write(seg, skip, seg.length - skip);
        }
        assertArrayEquals(stream, joined.toByteArray());
        int frames = 0;
        for (byte[] seg : reference) {
            frames += MpegTsDemuxer.split(seg).units().size();
        }
        assertEquals(MpegTsDemuxer.split(stream).units().size(), frames);
    }

    @Test
    void longerThanTheStream_oneSegment() throws Exception {
        List<byte[]> segs = cut(stream, Duration.ofSeconds(60), 3);
        assertEquals(1, segs.size());
        assertArrayEquals(stream, segs.get(0));
    }

    @Test
    void partialLastPacket_isDroppedAndCounted() throws Exception {
        Collected c = new Collected();
        TsStreamSegmenter s = new TsStreamSegmenter(Duration.ofSeconds(60), CLOCK, c);
        s.feedAll(new ByteArrayInputStream(Arrays.copyOf(stream, 188 * 100 + 77)));
        s.finish();
        assertEquals(77, s.droppedBytes());
        assertEquals(188 * 100, c.bytes().get(0).length);
    }

    @Test
    void notMpegTs_isStreamFormatException() {
        Collected c = new Collected();
        TsStreamSegmenter s = new TsStreamSegmenter(Duration.ofSeconds(60), CLOCK, c);
        StreamFormatException e = assertThrows(StreamFormatException.class,
                () -> s.feedAll(new ByteArrayInputStream(new byte[1000])));
        assertEquals("MPEG-TS: packet 0 (offset 0) has sync byte 0x0, expected 0x47", e.getMessage());
    }

    private static int pid(byte[] ts, int packet) {
        return ((ts[packet * 188 + 1] & 0x1F) << 8) | (ts[packet * 188 + 2] & 0xFF);
    }

    private static boolean[] keyframes(byte[] ts) throws Exception {
        List<Boolean> keys = new ArrayList<>();
        MpegTsSplitter s = new MpegTsSplitter();
        s.feed(ByteBuffer.wrap(ts), (o, l, p, k) -> keys.add(k));
        s.finish((o, l, p, k) -> keys.add(k));
        boolean[] out = new boolean[keys.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = keys.get(i);
        }
        return out;
    }
}
