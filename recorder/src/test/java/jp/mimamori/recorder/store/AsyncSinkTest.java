package jp.mimamori.recorder.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.generators.SourceDSL.integers;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.Random;
import jp.mimamori.recorder.store.internal.SegmentPipeline;
import jp.mimamori.testing.Props;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * K3-2-4, invariant 7: a segment written through the writer thread ({@link SegmentPipeline#async}) reaches its file
 * byte for byte in order, whether the bytes are copied in or read into the writer's lent buffers; a failure of the
 * writer or of a write-back surfaces to the caller with its cause, and the file is then abandoned, never closed.
 */
class AsyncSinkTest {
    /** An inner sink that keeps what it is given and can fail its n-th write or its write-back. */
    private static final class Recording implements SegmentPipeline.Sink {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        final int failWrite;
        final IOException writeFailure = new IOException("disk full");
        final IOException writeBackFailure;
        volatile int writes;
        volatile boolean closed;
        volatile boolean abandoned;
        volatile boolean directSeen = true;
        final java.util.concurrent.CountDownLatch writeBackCalled = new java.util.concurrent.CountDownLatch(1);

        Recording(int failWrite, IOException writeBackFailure) {
            this.failWrite = failWrite;
            this.writeBackFailure = writeBackFailure;
        }

        @Override
        public void write(ByteBuffer b) throws IOException {
            if (++writes == failWrite) {
                throw writeFailure;
            }
            directSeen &= b.isDirect() && b.alignmentOffset(0, SegmentPipeline.DIRECT_ALIGNMENT) == 0;
            byte[] a = new byte[b.remaining()];
            b.get(a);
            synchronized (bytes) {
                bytes.write(a, 0, a.length);
            }
        }

        @Override
        public void writeBack() throws IOException {
            writeBackCalled.countDown();
            if (writeBackFailure != null) {
                throw writeBackFailure;
            }
        }

        @Override
        public void close() {
            closed = true;
        }

        @Override
        public void abandon() {
            abandoned = true;
        }
    }

    /** Writes {@code total} random bytes in random pieces, copied or lent; the bytes written. */
    private static byte[] feed(SegmentPipeline.Sink sink, int total, long seed, int size) throws IOException {
        Random r = new Random(seed);
        byte[] data = new byte[total];
        r.nextBytes(data);
        int at = 0;
        while (at < total) {
            if (r.nextBoolean()) {
                int n = Math.min(1 + r.nextInt(3 * size), total - at);
                sink.write(ByteBuffer.wrap(data, at, n));
                at += n;
            } else {
                ByteBuffer b = sink.lend(1 + r.nextInt(2 * size));
                int n = Math.min(r.nextInt(b.remaining() + 1), total - at);
                b.put(data, at, n).flip();
                sink.writeLent(r.nextBoolean() ? b : b.duplicate());
                at += n;
            }
        }
        return data;
    }

    @Test
    @DisplayName("K3-2-4: the writer thread writes every byte in order, copied or lent, heap or aligned direct")
    void anyMixOfCopiedAndLentBytes_reachesTheFileInOrder() {
        Props.theory(60).forAll(integers().between(1, 4), integers().between(1, 9000), integers().between(0, 40_000),
                integers().between(0, 1)).checkAssert((buffers, anySize, total, direct) -> {
                    int a = SegmentPipeline.DIRECT_ALIGNMENT;
                    int size = direct == 1 ? (anySize + a - 1) / a * a : anySize; // direct: whole blocks
                    Recording inner = new Recording(-1, null);
                    SegmentPipeline.Sink sink = SegmentPipeline.async(inner, buffers, size, direct == 1);
                    try {
                        byte[] data = feed(sink, total, (long) total * 31 + size, size);
                        sink.close();
                        assertArrayEquals(data, inner.bytes.toByteArray());
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                    assertTrue(inner.closed);
                    assertFalse(inner.abandoned);
                    if (direct == 1) {
                        assertTrue(inner.directSeen, "aligned direct buffers for direct I/O");
                    }
                });
    }

    @Test
    @DisplayName("K3-2-4: a failed write surfaces to the caller with its cause; the file is abandoned, not closed")
    void writerFailure_surfacesWithItsCause_andAbandons() throws Exception {
        Recording inner = new Recording(3, null);
        SegmentPipeline.Sink sink = SegmentPipeline.async(inner, 2, 1024, false);
        IOException e = assertThrows(IOException.class, () -> {
            for (int i = 0; i < 10_000; i++) {
                sink.write(ByteBuffer.allocate(1000));
            }
            sink.close();
        });
        assertEquals("disk full", e.getMessage());
        assertSame(inner.writeFailure, e.getCause());
        IOException atClose = assertThrows(IOException.class, sink::close);
        assertSame(inner.writeFailure, atClose.getCause());
        assertTrue(inner.abandoned);
        assertFalse(inner.closed);
    }

    @Test
    @DisplayName("Invariant 7: a failed early write-back surfaces at close with its cause; the file is abandoned")
    void writeBackFailure_surfacesAtClose() throws Exception {
        IOException forced = new IOException("force failed");
        Recording inner = new Recording(-1, forced);
        SegmentPipeline.Sink sink = SegmentPipeline.async(inner, 2, 1 << 20, true);
        IOException e = assertThrows(IOException.class, () -> {
            ByteBuffer mib = ByteBuffer.allocate(1 << 20);
            for (long n = 0; n <= SegmentPipeline.WRITE_BACK_BYTES; n += mib.capacity()) {
                sink.write(mib.clear());
            }
            // The write-back is due: wait until it ran (a hang guard, not a timing assertion), then close.
            assertTrue(inner.writeBackCalled.await(60, java.util.concurrent.TimeUnit.SECONDS));
            sink.close();
        });
        assertSame(forced, e.getCause());
        assertTrue(inner.abandoned);
        assertFalse(inner.closed);
    }

    @Test
    @DisplayName("Invariant 7: an abandoned segment is abandoned by the writer too, never closed")
    void abandon_neverCloses() throws Exception {
        Recording inner = new Recording(-1, null);
        SegmentPipeline.Sink sink = SegmentPipeline.async(inner, 3, 4096, true);
        feed(sink, 20_000, 7, 4096);
        sink.abandon();
        assertTrue(inner.abandoned);
        assertFalse(inner.closed);
    }
}
