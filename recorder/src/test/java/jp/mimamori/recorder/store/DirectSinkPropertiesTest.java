package jp.mimamori.recorder.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Random;
import jp.mimamori.recorder.store.internal.SegmentPipeline;
import jp.mimamori.testing.Props;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * K3-2-4, invariant 7: a recorded file's copy written with direct I/O ({@link SegmentPipeline#direct}) holds exactly
 * the bytes given, whatever the sizes, alignment and kind of the buffers, and whether the file system takes direct
 * writes or refuses them part-way.
 */
class DirectSinkPropertiesTest {
    private static final int A = SegmentPipeline.DIRECT_ALIGNMENT;

    @TempDir
    Path dir;

    /** Writes buffers of {@code s >>> 2} bytes each ({@code s}'s low bits choose aligned direct, unaligned direct, heap). */
    private byte[] writeAndRead(List<Integer> sizes, boolean refuseDirect, int round) throws IOException {
        Path f = dir.resolve("media-" + round + ".bin");
        Random r = new Random(sizes.hashCode());
        java.io.ByteArrayOutputStream expected = new java.io.ByteArrayOutputStream();
        FileChannel buffered = FileChannel.open(f, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        FileChannel direct;
        try {
            direct = FileChannel.open(f, StandardOpenOption.WRITE, com.sun.nio.file.ExtendedOpenOption.DIRECT);
        } catch (IOException | UnsupportedOperationException e) {
            direct = FileChannel.open(f, StandardOpenOption.WRITE); // no O_DIRECT here: the sink's logic still runs
        }
        if (refuseDirect) {
            direct.close(); // every direct write fails: the sink must go on through the page cache
        }
        SegmentPipeline.Sink sink = SegmentPipeline.direct(buffered, direct);
        for (int s : sizes) {
            int n = s >>> 2;
            byte[] bytes = new byte[n];
            r.nextBytes(bytes);
            expected.write(bytes);
            ByteBuffer b;
            switch (s & 3) {
                case 0, 1 -> b = ByteBuffer.allocateDirect((n / A + 2) * A).alignedSlice(A); // aligned direct
                case 2 -> b = ByteBuffer.allocateDirect(n + 3).position(3).slice(); // unaligned
                default -> b = ByteBuffer.allocate(n);
            }
            b.put(bytes).flip();
            sink.write(b);
        }
        sink.close();
        byte[] want = expected.toByteArray();
        assertArrayEquals(want, Files.readAllBytes(f), "the file holds exactly the bytes written, in order");
        return want;
    }

    @Test
    @DisplayName("K3-2-4: direct-I/O copies hold exactly the bytes written, for any buffers")
    void anyBuffers_theFileHoldsExactlyTheBytes() {
        int[] round = {0};
        Props.theory(40).forAll(lists().of(integers().between(0, 4 * (3 * A + 7))).ofSizeBetween(0, 12),
                integers().between(0, 1)).checkAssert((sizes, refuse) -> {
                    try {
                        writeAndRead(sizes, refuse == 1, round[0]++);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
    }

    @Test
    @DisplayName("K3-2-4: whole blocks, a partial last block, then a refused direct write: still every byte")
    void wholeBlocksThenPartial_andRefusal_keepEveryByte() throws IOException {
        writeAndRead(List.of(4 * 2 * A, 4 * 2 * A, 4 * 100 + 3, 4 * A), false, 1000);
        writeAndRead(List.of(4 * 2 * A, 4 * 5), true, 1001);
    }
}
