package jp.mimamori.integrity.media;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import jp.mimamori.integrity.media.internal.Chunker;
import jp.mimamori.integrity.media.internal.MediaFormatException;
import jp.mimamori.integrity.media.internal.MediaUnit;
import jp.mimamori.integrity.media.internal.MpegTsDemuxer;
import jp.mimamori.integrity.media.internal.TsSplit;
import jp.mimamori.integrity.testutil.Ffmpeg;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** K3-2-4: recorded MPEG-TS files split into frames (access units) that cover the file exactly. */
class MpegTsDemuxerTest {

    static byte[] fixture() throws IOException {
        try (InputStream in = MpegTsDemuxerTest.class.getResourceAsStream("h264-32x32-8frames.ts")) {
            return in.readAllBytes();
        }
    }

    @Test
    @DisplayName("K3-2-4: the committed H.264 fixture splits into its 8 frames with ffprobe's PTS values")
    void committedFixture_splitsIntoFramesWithPts() throws Exception {
        byte[] ts = fixture();
        TsSplit s = MpegTsDemuxer.split(ts);
        assertEquals(0x1B, s.streamType());
        assertEquals(8, s.units().size());
        long[] offsets = s.units().stream().mapToLong(MediaUnit::offset).toArray();
        assertEquals(Arrays.toString(new long[] {0, 2256, 2820, 3384, 3948, 5264, 5828, 6392}),
                Arrays.toString(offsets));
        for (int k = 0; k < 8; k++) {
            assertEquals(126000 + 9000L * k, s.units().get(k).pts());
        }
        assertCoversExactly(s.units(), ts.length);
        assertEquals(List.of(), s.continuityErrors());
    }

    @Test
    void droppedPacket_isReportedAsContinuityError() throws Exception {
        byte[] ts = fixture();
        // Drop packet 5 (inside the first frame's PES).
        byte[] cut = new byte[ts.length - 188];
        System.arraycopy(ts, 0, cut, 0, 5 * 188);
        System.arraycopy(ts, 6 * 188, cut, 5 * 188, ts.length - 6 * 188);
        TsSplit s = MpegTsDemuxer.split(cut);
        assertFalse(s.continuityErrors().isEmpty());
        assertTrue(s.continuityErrors().get(0).startsWith("packet 5 (offset 940), PID 256: continuity counter"),
                s.continuityErrors().get(0));
    }

    @Test
    void lengthNotMultipleOf188_isRejectedWithExactMessage() throws Exception {
        byte[] ts = Arrays.copyOf(fixture(), 1000);
        MediaFormatException e = assertThrows(MediaFormatException.class, () -> MpegTsDemuxer.split(ts));
        assertEquals("MPEG-TS: length 1000 is not a multiple of 188 bytes", e.getMessage());
    }

    @Test
    void badSyncByte_isRejectedWithExactMessage() throws Exception {
        byte[] ts = fixture();
        ts[188 * 3] = 0x48;
        MediaFormatException e = assertThrows(MediaFormatException.class, () -> MpegTsDemuxer.split(ts));
        assertEquals("MPEG-TS: packet 3 (offset 564) has sync byte 0x48, expected 0x47", e.getMessage());
    }

    @Test
    void noVideo_isRejectedWithExactMessage() {
        byte[] ts = new byte[188];
        ts[0] = 0x47;
        ts[1] = 0x1F;
        ts[2] = (byte) 0xFF;
        ts[3] = 0x10;
        MediaFormatException e = assertThrows(MediaFormatException.class, () -> MpegTsDemuxer.split(ts));
        assertEquals("MPEG-TS: no video elementary stream found (no PMT video entry and no video PES)",
                e.getMessage());
    }

    @Test
    @DisplayName("K3-2-4: real H.264 segments recorded by ffmpeg's segment muxer split into ffprobe's frame count")
    void ffmpegSegments_splitIntoFfprobeFrameCount(@TempDir Path dir) throws Exception {
        List<Path> segs = Ffmpeg.recordSegments(dir, 4, 2);
        assertTrue(segs.size() >= 2, "segments: " + segs);
        for (Path seg : segs) {
            byte[] ts = Files.readAllBytes(seg);
            TsSplit s = MpegTsDemuxer.split(ts);
            assertEquals(Ffmpeg.frameCount(seg), s.units().size(), seg.toString());
            assertCoversExactly(s.units(), ts.length);
            assertTrue(s.units().stream().allMatch(MediaUnit::hasPts));
        }
    }

    @Test
    void chunks_coverTheFileExactly() {
        assertCoversExactly(Chunker.chunks(10_000_001, 1 << 20), 10_000_001);
        assertEquals(List.of(), Chunker.chunks(0, 4096));
    }

    /** Arbitrary bytes: either units covering the input exactly, or MediaFormatException; nothing else. */
    @FuzzTest(maxDuration = "10s")
    void arbitraryBytes_unitsCoverInputOrFormatException(FuzzedDataProvider data) {
        byte[] ts = data.consumeRemainingAsBytes();
        try {
            TsSplit s = MpegTsDemuxer.split(ts);
            assertCoversExactly(s.units(), ts.length);
        } catch (MediaFormatException expected) {
            // the only failure allowed
        }
    }

    static void assertCoversExactly(List<MediaUnit> units, long length) {
        long next = 0;
        for (MediaUnit u : units) {
            assertEquals(next, u.offset());
            next += u.length();
        }
        assertEquals(length, next);
    }
}
