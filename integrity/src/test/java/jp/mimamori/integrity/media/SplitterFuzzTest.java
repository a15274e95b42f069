package jp.mimamori.integrity.media;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.util.List;
import java.util.Random;
import java.util.function.Supplier;
import jp.mimamori.integrity.media.internal.Fmp4Splitter;
import jp.mimamori.integrity.media.internal.MediaFormatException;
import jp.mimamori.integrity.media.internal.MpegTsSplitter;
import jp.mimamori.integrity.media.internal.UnitSplitter;

/**
 * The live splitters read a camera's bytes, outside input: whatever arrives, in whatever chunking, they either
 * report units covering the input exactly (the same units in every chunking) or throw {@link
 * MediaFormatException}; never anything else, and never allocate by a size the input declares.
 */
class SplitterFuzzTest {
    /** Far above the splitters' fixed state (a 256 KiB held box, a TS counter table), far below any input claim. */
    private static final long ALLOCATION_BOUND = 4L << 20;

    @FuzzTest(maxDuration = "10s")
    void mpegTs_unitsCoverInputOrFormatException(FuzzedDataProvider data) throws IOException {
        check(data, MpegTsSplitter::new);
    }

    @FuzzTest(maxDuration = "10s")
    void fmp4_unitsCoverInputOrFormatException(FuzzedDataProvider data) throws IOException {
        check(data, Fmp4Splitter::new);
    }

    private static void check(FuzzedDataProvider data, Supplier<UnitSplitter> splitter) throws IOException {
        long chunkSeed = data.consumeLong();
        byte[] input = data.consumeRemainingAsBytes();
        long before = Chunkings.allocated();
        List<Chunkings.Unit> whole;
        try {
            whole = Chunkings.split(splitter.get(), input, new Random(0) {
                @Override
                public int nextInt(int bound) {
                    return bound - 1; // one chunk: the whole input
                }
            });
        } catch (MediaFormatException expected) {
            whole = null;
        }
        long used = Chunkings.allocated() - before;
        assertTrue(before < 0 || used < ALLOCATION_BOUND + 64L * input.length, "allocated " + used);
        List<Chunkings.Unit> chunked;
        try {
            chunked = Chunkings.split(splitter.get(), input, new Random(chunkSeed));
        } catch (MediaFormatException expected) {
            chunked = null;
        }
        assertEquals(whole, chunked);
        if (whole != null) {
            long next = 0;
            for (Chunkings.Unit u : whole) {
                assertEquals(next, u.offset());
                assertTrue(u.length() >= 1);
                assertTrue(u.pts() >= -1 && u.pts() < (1L << 33));
                next += u.length();
            }
            assertEquals(input.length, next);
        }
    }
}
