package jp.mimamori.integrity.media;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.quicktheories.generators.SourceDSL.longs;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import jp.mimamori.integrity.media.internal.Fmp4Splitter;
import jp.mimamori.integrity.media.internal.MediaFormatException;
import jp.mimamori.integrity.testutil.Ffmpeg;
import jp.mimamori.testing.Props;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * K3-2-4 (live): fragmented MP4 (CMAF) splits into the init segment and one unit per movie fragment, in any
 * chunking, with the fragment's PTS and keyframe flag, in bounded memory; malformed input names its offset.
 */
class Fmp4SplitterTest {

    @Test
    @DisplayName("K3-2-4: synthetic fMP4 in random chunkings splits into init + fragments with PTS and keyframes")
    void syntheticFmp4_anyChunking_initThenFragments() {
        Props.theory(300).forAll(longs().all(), longs().all()).check((seed, chunkSeed) -> {
            SyntheticFmp4 f = SyntheticFmp4.generate(seed);
            try {
                return Chunkings.split(new Fmp4Splitter(), f.bytes, new Random(chunkSeed)).equals(f.units);
            } catch (MediaFormatException | IOException e) {
                throw new AssertionError(e);
            }
        });
    }

    @Test
    void syntheticFmp4_examples_matchTheGenerator() throws Exception {
        for (long seed = 0; seed < 50; seed++) {
            SyntheticFmp4 f = SyntheticFmp4.generate(seed);
            assertEquals(f.units, Chunkings.split(new Fmp4Splitter(), f.bytes, new Random(seed)), "seed " + seed);
        }
    }

    @Test
    @DisplayName("K3-2-4: ffmpeg's fMP4 (frag_keyframe+empty_moov): every fragment a keyframe unit, as ffprobe says")
    void ffmpegFragKeyframe_unitsAreFragmentsStartingAtKeyframes(@TempDir Path dir) throws Exception {
        Path mp4 = dir.resolve("k.mp4");
        Ffmpeg.run("-f", "lavfi", "-i", "testsrc=size=160x90:rate=25", "-f", "lavfi", "-i",
                "sine=frequency=440:sample_rate=48000", "-t", "4", "-c:v", Ffmpeg.h264OrMpeg2(), "-g", "25",
                "-bf", "2", "-pix_fmt", "yuv420p", "-c:a", "aac", "-movflags", "frag_keyframe+empty_moov",
                mp4.toString());
        List<Chunkings.Unit> units = checkAgainstFfprobe(mp4);
        assertEquals(1 + 4 + 1, units.size(), "init, four one-second fragments, mfra: " + units);
        assertTrue(units.subList(1, 5).stream().allMatch(Chunkings.Unit::keyframe), units.toString());
    }

    @Test
    @DisplayName("K3-2-4: ffmpeg's fMP4 cut every 0.5 s (frag_duration): fragments starting mid-GOP are not keyframes")
    void ffmpegFragDuration_fragmentsMidGopAreNotKeyframes(@TempDir Path dir) throws Exception {
        Path mp4 = dir.resolve("d.mp4");
        Ffmpeg.run("-f", "lavfi", "-i", "testsrc=size=160x90:rate=25", "-f", "lavfi", "-i",
                "sine=frequency=440:sample_rate=48000", "-t", "4", "-c:v", Ffmpeg.h264OrMpeg2(), "-g", "50",
                "-bf", "2", "-pix_fmt", "yuv420p", "-c:a", "aac", "-movflags", "empty_moov+frag_custom",
                "-frag_duration", "500000", mp4.toString());
        List<Chunkings.Unit> units = checkAgainstFfprobe(mp4);
        assertTrue(units.stream().anyMatch(u -> u.pts() >= 0 && !u.keyframe()), units.toString());
    }

    /**
     * Checks the splitter against an independent reading: the top-level boxes (unit boundaries by the rule of
     * docs/FORMATS.md), ffprobe's keyframe flag of each fragment's first video packet, and ffprobe's PTS steps.
     */
    private static List<Chunkings.Unit> checkAgainstFfprobe(Path mp4) throws Exception {
        byte[] bytes = Files.readAllBytes(mp4);
        List<long[]> expected = new ArrayList<>(); // {start, end}
        long o = 0;
        long start = 0;
        boolean moof = false;
        while (o < bytes.length) {
            long size = ByteBuffer.wrap(bytes, (int) o, 4).getInt() & 0xFFFFFFFFL;
            String type = new String(bytes, (int) o + 4, 4, java.nio.charset.StandardCharsets.US_ASCII);
            o += size;
            if (type.equals("moov") || (type.equals("mdat") && moof)) {
                expected.add(new long[] {start, o});
                start = o;
                moof = false;
            } else if (type.equals("moof")) {
                moof = true;
            }
        }
        if (start < bytes.length) {
            expected.add(new long[] {start, bytes.length});
        }
        List<long[]> packets = ffprobePackets(mp4); // {pos, pts, key}
        Props.theory(30).forAll(longs().all()).check(seed -> {
            try {
                List<Chunkings.Unit> units = Chunkings.split(new Fmp4Splitter(), bytes, new Random(seed));
                return units.equals(Chunkings.split(new Fmp4Splitter(), bytes, new Random(0)));
            } catch (MediaFormatException | IOException e) {
                throw new AssertionError(e);
            }
        });
        List<Chunkings.Unit> units = Chunkings.split(new Fmp4Splitter(), bytes, new Random(1));
        assertEquals(expected.size(), units.size());
        long firstOurs = -1;
        long firstTheirs = -1;
        for (int i = 0; i < units.size(); i++) {
            Chunkings.Unit u = units.get(i);
            assertEquals(expected.get(i)[0], u.offset());
            assertEquals(expected.get(i)[1] - expected.get(i)[0], u.length());
            long[] first = packets.stream().filter(p -> p[0] >= u.offset() && p[0] < u.offset() + u.length())
                    .min((a, b) -> Long.compare(a[0], b[0])).orElse(null);
            if (first == null) {
                assertEquals(-1, u.pts(), "unit " + i + " has no video");
                continue;
            }
            assertEquals(first[2] == 1, u.keyframe(), "unit " + i + " keyframe");
            if (firstOurs < 0) {
                firstOurs = u.pts();
                firstTheirs = first[1];
            }
            long step = Math.floorDiv((first[1] - firstTheirs) * 90000, first[3]);
            assertTrue(Math.abs((u.pts() - firstOurs) - step) <= 1, "unit " + i + " PTS " + u.pts());
        }
        return units;
    }

    /** Video packets by ffprobe: {pos, pts, key 0/1, time base denominator}. */
    private static List<long[]> ffprobePackets(Path file) throws Exception {
        Process tb = new ProcessBuilder("ffprobe", "-v", "error", "-select_streams", "v", "-show_entries",
                "stream=time_base", "-of", "csv=p=0", file.toString()).redirectErrorStream(true).start();
        String base = new String(tb.getInputStream().readAllBytes()).trim();
        tb.waitFor(60, TimeUnit.SECONDS);
        long den = Long.parseLong(base.substring(base.indexOf('/') + 1));
        assertTrue(base.startsWith("1/"), base);
        Process p = new ProcessBuilder("ffprobe", "-v", "error", "-select_streams", "v", "-show_entries",
                "packet=pos,pts,flags", "-of", "csv=p=0", file.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        p.waitFor(60, TimeUnit.SECONDS);
        List<long[]> packets = new ArrayList<>();
        for (String line : out.lines().filter(l -> !l.isBlank()).toList()) {
            String[] f = line.split(",");
            packets.add(new long[] {Long.parseLong(f[1]), Long.parseLong(f[0]), f[2].startsWith("K") ? 1 : 0, den});
        }
        return packets;
    }

    @Test
    @DisplayName("K3-2-4: bounded state: 40 MB of fragments through one splitter allocates under 1 MiB")
    void longStream_allocatesIndependentlyOfItsSize() throws Exception {
        SyntheticFmp4 f = SyntheticFmp4.generate(11);
        int initEnd = (int) f.units.get(0).length();
        byte[] fragments = Arrays.copyOfRange(f.bytes, initEnd, (int) (f.units.get(f.units.size() - 1).offset()));
        assumeTrue(fragments.length > 1000, "seed 11 has fragments");
        Fmp4Splitter s = new Fmp4Splitter();
        long[] count = new long[1];
        s.feed(ByteBuffer.wrap(f.bytes, 0, initEnd), (o, l, p, k) -> count[0]++);
        ByteBuffer b = ByteBuffer.wrap(fragments);
        long before = Chunkings.allocated();
        assumeTrue(before >= 0, "this JVM does not count allocated bytes");
        long fed = 0;
        while (fed < 40_000_000L) {
            b.clear();
            s.feed(b, (o, l, p, k) -> count[0]++);
            fed += fragments.length;
        }
        long used = Chunkings.allocated() - before;
        assertTrue(count[0] > 1000, "units: " + count[0]);
        assertTrue(used < (1 << 20), "allocated " + used + " bytes for " + fed + " bytes fed");
    }

    @Test
    void malformedInput_isMediaFormatExceptionNamingTheOffset() throws Exception {
        SyntheticFmp4 f = SyntheticFmp4.generate(3);
        assertEquals("fMP4: the first box is 'moov' at offset 0, expected 'ftyp'",
                failure(concat(new byte[] {0, 0, 0, 8, 'm', 'o', 'o', 'v'}, f.bytes)));
        assertEquals("fMP4: box 'ftyp' at offset 0 declares a size of 4 bytes, less than its header",
                failure(new byte[] {0, 0, 0, 4, 'f', 't', 'y', 'p'}));
        assertEquals("fMP4: the input ends inside a box header at offset 0", failure(new byte[] {0, 0, 0}));
        assertEquals("fMP4: no 'moov' box (the init segment) before the end at offset 8",
                failure(new byte[] {0, 0, 0, 8, 'f', 't', 'y', 'p'}));
        assertEquals("fMP4: 'moof' at offset 8 before the 'moov' box",
                failure(new byte[] {0, 0, 0, 8, 'f', 't', 'y', 'p', 0, 0, 0, 8, 'm', 'o', 'o', 'f'}));
        assertEquals("fMP4: box 'moov' at offset 8 has 1048568 bytes; at most 262144 are read",
                failure(new byte[] {0, 0, 0, 8, 'f', 't', 'y', 'p', 0, 0x10, 0, 0, 'm', 'o', 'o', 'v'}));
        assertEquals("fMP4: the box at offset 8 has type bytes 0x47401011, not a four-character code (not MP4,"
                + " or framing lost)", failure(new byte[] {0, 0, 0, 8, 'f', 't', 'y', 'p', 0, 0, 0, 9, 0x47, 0x40,
                    0x10, 0x11}));
        byte[] cut = Arrays.copyOf(f.bytes, f.bytes.length - 1);
        String m = failure(cut);
        assertTrue(m.startsWith("fMP4: box '") && m.endsWith("is cut short: the input ends 1 bytes before its end"), m);
        // a nested box larger than its parent
        byte[] moov = {0, 0, 0, 8, 'f', 't', 'y', 'p', 0, 0, 0, 24, 'm', 'o', 'o', 'v',
            0, 0, 0, 99, 't', 'r', 'a', 'k', 0, 0, 0, 0, 0, 0, 0, 0};
        assertEquals("fMP4: box 'trak' at offset 16 inside 'moov' declares 99 bytes, its parent has 16 left",
                failure(moov));
    }

    private static String failure(byte[] bytes) {
        Fmp4Splitter s = new Fmp4Splitter();
        return assertThrows(MediaFormatException.class, () -> {
            s.feed(ByteBuffer.wrap(bytes), (o, l, p, k) -> { });
            s.finish((o, l, p, k) -> { });
        }).getMessage();
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] c = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }
}
