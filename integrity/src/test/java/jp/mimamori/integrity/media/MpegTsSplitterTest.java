package jp.mimamori.integrity.media;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import jp.mimamori.integrity.media.internal.MediaFormatException;
import jp.mimamori.integrity.media.internal.MediaUnit;
import jp.mimamori.integrity.media.internal.MpegTsDemuxer;
import jp.mimamori.integrity.media.internal.MpegTsSplitter;
import jp.mimamori.integrity.media.internal.TsSplit;
import jp.mimamori.integrity.testutil.Ffmpeg;
import jp.mimamori.testing.Props;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * K3-2-4 (live): the incremental MPEG-TS splitter finds, in bytes arriving in any chunking, exactly the units the
 * whole-file rule of docs/FORMATS.md "Units" defines, each with its PTS and a keyframe flag, in bounded memory.
 */
class MpegTsSplitterTest {

    private static List<String> reference(byte[] ts) throws MediaFormatException {
        TsSplit s = WholeFileTsReference.split(ts);
        return s.units().stream().map(u -> u.offset() + "+" + u.length() + "@" + u.pts()).toList();
    }

    @Test
    @DisplayName("K3-2-4: synthetic streams in random chunkings split into the whole-file units, keyframes flagged")
    void syntheticStreams_anyChunking_sameUnitsAsWholeFile() {
        Props.theory(300).forAll(longs().all(), longs().all()).check((streamSeed, chunkSeed) -> {
            SyntheticTs ts = SyntheticTs.generate(streamSeed);
            try {
                List<Chunkings.Unit> units = Chunkings.split(new MpegTsSplitter(), ts.bytes, new Random(chunkSeed));
                return Chunkings.ranges(units).equals(reference(ts.bytes))
                        && units.stream().map(Chunkings.Unit::keyframe).toList().equals(ts.keyframes);
            } catch (MediaFormatException | IOException e) {
                throw new AssertionError(e);
            }
        });
    }

    @Test
    void syntheticStream_keyframesAndUnits_matchTheGenerator() throws Exception {
        for (long seed = 0; seed < 50; seed++) {
            SyntheticTs ts = SyntheticTs.generate(seed);
            List<Chunkings.Unit> units = Chunkings.split(new MpegTsSplitter(), ts.bytes, new Random(seed));
            assertEquals(reference(ts.bytes), Chunkings.ranges(units), "seed " + seed);
            assertEquals(ts.keyframes, units.stream().map(Chunkings.Unit::keyframe).toList(), "seed " + seed);
            assertEquals(ts.streamType, MpegTsDemuxer.split(ts.bytes).streamType(), "seed " + seed);
        }
    }

    @Test
    @DisplayName("K3-2-4: ffmpeg's H.264 with audio, in random chunkings: whole-file units, ffprobe's keyframes")
    void ffmpegH264WithAudio_anyChunking_sameUnitsAndFfprobeKeyframes(@TempDir Path dir) throws Exception {
        Path ts = dir.resolve("av.ts");
        Ffmpeg.run("-f", "lavfi", "-i", "testsrc=size=160x90:rate=25", "-f", "lavfi", "-i",
                "sine=frequency=440:sample_rate=48000", "-t", "6", "-c:v", Ffmpeg.h264OrMpeg2(), "-g", "25",
                "-pix_fmt", "yuv420p", "-bf", "2", "-c:a", "aac", "-f", "mpegts", ts.toString());
        checkAgainstFfprobe(ts);
    }

    @Test
    @DisplayName("K3-2-4: ffmpeg's HEVC, in random chunkings: whole-file units, ffprobe's keyframes")
    void ffmpegHevc_anyChunking_sameUnitsAndFfprobeKeyframes(@TempDir Path dir) throws Exception {
        assumeTrue(Ffmpeg.hasEncoder("libx265"), "ffmpeg has no libx265: skipping the HEVC recording");
        Path ts = dir.resolve("hevc.ts");
        Ffmpeg.run("-f", "lavfi", "-i", "testsrc=size=160x90:rate=25", "-t", "4", "-c:v", "libx265",
                "-preset", "ultrafast", "-x265-params", "keyint=20:min-keyint=20:log-level=error",
                "-f", "mpegts", ts.toString());
        checkAgainstFfprobe(ts);
    }

    private static void checkAgainstFfprobe(Path ts) throws Exception {
        byte[] bytes = Files.readAllBytes(ts);
        List<String> whole = reference(bytes);
        List<Boolean> keys = Ffmpeg.keyframeFlags(ts);
        assertEquals(keys.size(), whole.size());
        assertTrue(keys.stream().filter(k -> k).count() >= 2, "keyframes: " + keys);
        Props.theory(40).forAll(longs().all()).check(seed -> {
            try {
                List<Chunkings.Unit> units = Chunkings.split(new MpegTsSplitter(), bytes, new Random(seed));
                return Chunkings.ranges(units).equals(whole)
                        && units.stream().map(Chunkings.Unit::keyframe).toList().equals(keys);
            } catch (MediaFormatException | IOException e) {
                throw new AssertionError(e);
            }
        });
    }

    @Test
    @DisplayName("K3-2-4: a unit's start (with its keyframe flag) is reported before the unit completes")
    void unitStarts_reportedBeforeCompletion() throws Exception {
        byte[] ts = MpegTsDemuxerTest.fixture();
        List<String> events = new ArrayList<>();
        MpegTsSplitter s = new MpegTsSplitter((o, p, k) -> events.add("start " + o + " " + k));
        s.feed(ByteBuffer.wrap(ts), (o, l, p, k) -> events.add("unit " + o));
        s.finish((o, l, p, k) -> events.add("unit " + o));
        assertEquals(List.of("start 0 true", "unit 0", "start 2256 false", "unit 2256", "start 2820 false",
                "unit 2820", "start 3384 false", "unit 3384", "start 3948 true", "unit 3948", "start 5264 false",
                "unit 5264", "start 5828 false", "unit 5828", "start 6392 false", "unit 6392"), events);
    }

    @Test
    @DisplayName("K3-2-4: the state is bounded: 40 MB through one splitter allocates under 1 MiB besides units")
    void longStream_allocatesIndependentlyOfItsSize() throws Exception {
        byte[] one = SyntheticTs.generate(7).bytes;
        byte[] body = java.util.Arrays.copyOfRange(one, 0, one.length);
        MpegTsSplitter s = new MpegTsSplitter();
        long[] count = new long[1];
        ByteBuffer b = ByteBuffer.wrap(body);
        long before = Chunkings.allocated();
        assumeTrue(before >= 0, "this JVM does not count allocated bytes");
        long fed = 0;
        while (fed < 40_000_000L) {
            b.clear();
            s.feed(b, (o, l, p, k) -> count[0]++);
            fed += body.length;
        }
        long used = Chunkings.allocated() - before;
        assertTrue(count[0] > 1000, "units: " + count[0]);
        assertTrue(used < (1 << 20), "allocated " + used + " bytes for " + fed + " bytes fed");
    }

    @Test
    void malformedInput_isMediaFormatExceptionNamingTheOffset() throws Exception {
        byte[] ts = MpegTsDemuxerTest.fixture();
        ts[188 * 3] = 0x48;
        MpegTsSplitter s = new MpegTsSplitter();
        MediaFormatException e = assertThrows(MediaFormatException.class,
                () -> s.feed(ByteBuffer.wrap(ts), (o, l, p, k) -> { }));
        assertEquals("MPEG-TS: packet 3 (offset 564) has sync byte 0x48, expected 0x47", e.getMessage());

        MpegTsSplitter partial = new MpegTsSplitter();
        partial.feed(ByteBuffer.wrap(MpegTsDemuxerTest.fixture(), 0, 1000), (o, l, p, k) -> { });
        MediaFormatException end = assertThrows(MediaFormatException.class,
                () -> partial.finish((o, l, p, k) -> { }));
        assertEquals("MPEG-TS: length 1000 is not a multiple of 188 bytes", end.getMessage());
    }

    @Test
    void videoPidUnknownAfter64PesStarts_isRefused() {
        // 65 audio-like PES starts on PID 0x101 and no PAT: the video PID never becomes known.
        byte[] ts = new byte[65 * 188];
        for (int i = 0; i < 65; i++) {
            int o = i * 188;
            ts[o] = 0x47;
            ts[o + 1] = 0x41;
            ts[o + 2] = 0x01;
            ts[o + 3] = (byte) (0x10 | (i & 15));
            ts[o + 6] = 1;
            ts[o + 7] = (byte) 0xC0;
        }
        MediaFormatException e = assertThrows(MediaFormatException.class, () -> MpegTsDemuxer.split(ts));
        assertEquals("MPEG-TS: no video stream known after 64 PES starts (packet 64, offset 12032): no PAT and PMT"
                + " near the start", e.getMessage());
    }

    @Test
    void channelSplit_sameUnitsAsArraySplit(@TempDir Path dir) throws Exception {
        byte[] ts = SyntheticTs.generate(5).bytes;
        byte[] big = new byte[ts.length * 40];
        for (int i = 0; i < 40; i++) {
            System.arraycopy(ts, 0, big, i * ts.length, ts.length);
        }
        Path f = dir.resolve("big.ts");
        Files.write(f, big);
        try (var ch = Files.newByteChannel(f)) {
            ch.position(1234);
            assertEquals(MpegTsDemuxer.split(big), MpegTsDemuxer.split(ch));
        }
    }

    @Test
    void wholeFileSplit_usesTheIncrementalSplitter() throws Exception {
        byte[] ts = MpegTsDemuxerTest.fixture();
        List<MediaUnit> units = MpegTsDemuxer.split(ts).units();
        assertEquals(reference(ts), units.stream().map(u -> u.offset() + "+" + u.length() + "@" + u.pts()).toList());
    }
}
