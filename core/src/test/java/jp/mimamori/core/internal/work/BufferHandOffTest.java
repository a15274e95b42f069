package jp.mimamori.core.internal.work;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.generators.SourceDSL.integers;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import jp.mimamori.testing.Props;
import org.junit.jupiter.api.Test;

/**
 * K3-2-4 (the bytes stored and exported are the bytes given): the hand-off between the recorder's caller and its
 * segment writer, and between the bundle writer and its reader, keeps order, surfaces a failure of either side with
 * its cause, never leaves a side blocked once the other gave up, and never hands one buffer to both sides.
 */
class BufferHandOffTest {
    /** Long enough that only a side blocked for good reaches it; not a timing assertion. */
    private static final long HANG_MS = 60_000;

    private static BufferHandOff heap(int buffers, int size) {
        return new BufferHandOff(buffers, () -> ByteBuffer.allocate(size));
    }

    private static Thread start(String name, Runnable r) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        t.start();
        return t;
    }

    private static void joined(Thread t) throws InterruptedException {
        t.join(HANG_MS);
        assertFalse(t.isAlive(), t.getName() + " stayed blocked");
    }

    @Test
    void passedBuffers_reachTheConsumerInOrder_thenNullAfterTheEnd() throws Exception {
        BufferHandOff h = heap(3, 4);
        List<ByteBuffer> passed = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            ByteBuffer b = h.take();
            b.put((byte) i).flip();
            passed.add(b);
            h.pass(b);
        }
        h.end();
        for (int i = 0; i < 3; i++) {
            ByteBuffer b = h.next();
            assertSame(passed.get(i), b);
            assertEquals(i, b.get(0));
            assertEquals(1, b.remaining());
        }
        assertNull(h.next());
        assertNull(h.next());
        assertNull(h.failure());
        assertFalse(h.stopped());
    }

    @Test
    void take_givesAClearedBuffer_whateverStateItWasReleasedIn() throws Exception {
        BufferHandOff h = heap(1, 8);
        ByteBuffer b = h.take();
        b.position(5).limit(6);
        h.release(b);
        ByteBuffer again = h.take();
        assertSame(b, again);
        assertEquals(0, again.position());
        assertEquals(8, again.limit());
    }

    @Test
    void consumerFailure_releasesABlockedProducer_andTheFirstCauseIsKept() throws Exception {
        BufferHandOff h = heap(2, 4);
        h.pass(h.take().flip());
        h.pass(h.take().flip()); // every buffer waits for the consumer
        AtomicReference<Object> got = new AtomicReference<>("not yet");
        Thread producer = start("producer", () -> {
            try {
                got.set(h.take());
            } catch (InterruptedException e) {
                got.set(e);
            }
        });
        IOException cause = new IOException("disk full");
        h.fail(cause);
        h.fail(new IOException("a consequence"));
        joined(producer);
        assertNull(got.get());
        assertSame(cause, h.failure());
        assertTrue(h.stopped());
        assertFalse(h.cancelled());
        assertNull(h.next(), "a stopped hand-off gives the consumer nothing more");
    }

    @Test
    void producerFailure_releasesABlockedConsumer() throws Exception {
        BufferHandOff h = heap(2, 4);
        AtomicReference<Object> got = new AtomicReference<>("not yet");
        Thread consumer = start("consumer", () -> {
            try {
                got.set(h.next());
            } catch (InterruptedException e) {
                got.set(e);
            }
        });
        IOException cause = new IOException("the source ended 3 bytes early");
        h.fail(cause);
        joined(consumer);
        assertNull(got.get());
        assertSame(cause, h.failure());
    }

    @Test
    void cancel_releasesBothSides_withoutAFailure() throws Exception {
        BufferHandOff h = heap(1, 4);
        ByteBuffer held = h.take();
        AtomicReference<Object> taken = new AtomicReference<>("not yet");
        AtomicReference<Object> next = new AtomicReference<>("not yet");
        Thread producer = start("producer", () -> {
            try {
                taken.set(h.take());
            } catch (InterruptedException e) {
                taken.set(e);
            }
        });
        Thread consumer = start("consumer", () -> {
            try {
                next.set(h.next());
            } catch (InterruptedException e) {
                next.set(e);
            }
        });
        h.cancel();
        joined(producer);
        joined(consumer);
        assertNull(taken.get());
        assertNull(next.get());
        assertTrue(h.cancelled());
        assertNull(h.failure());
        h.pass(held); // after the stop: back to the free queue, unread
        assertNull(h.next());
    }

    @Test
    void aBufferHandedBackTwice_isRefused() throws Exception {
        BufferHandOff h = heap(2, 4);
        ByteBuffer a = h.take();
        h.release(a);
        assertThrows(IllegalArgumentException.class, () -> h.release(a));
        ByteBuffer b = h.take();
        h.pass(b);
        assertThrows(IllegalArgumentException.class, () -> h.pass(b));
        ByteBuffer c = h.take();
        h.release(c.duplicate()); // a view takes the buffer's place
        assertThrows(IllegalArgumentException.class, () -> h.release(ByteBuffer.allocate(4)),
                "more buffers handed back than were out");
    }

    @Test
    void misuse_isRefusedNamingTheField() throws Exception {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> heap(0, 4)).getMessage().startsWith("buffers"));
        ByteBuffer same = ByteBuffer.allocate(4);
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new BufferHandOff(2, () -> same)).getMessage()
                .startsWith("buffer"));
        BufferHandOff h = heap(1, 4);
        ByteBuffer b = h.take();
        h.end();
        assertThrows(IllegalStateException.class, () -> h.pass(b));
    }

    @Test
    void interruptedWhileWaiting_throwsInterrupted() throws Exception {
        BufferHandOff h = heap(1, 4);
        h.take();
        AtomicReference<Object> got = new AtomicReference<>("not yet");
        Thread producer = start("producer", () -> {
            try {
                got.set(h.take());
            } catch (InterruptedException e) {
                got.set(e);
            }
        });
        producer.interrupt();
        joined(producer);
        assertTrue(got.get() instanceof InterruptedException);
        assertFalse(h.stopped(), "an interrupt is the caller's to report");
    }

    /**
     * Random buffer counts and sizes, chunk lengths, views handed back, and a failure of the producer, the consumer,
     * both or neither at a random point: the consumer receives a prefix of the bytes in order (all of them without a
     * failure), the first failure reported is the one kept, both sides finish, and no buffer's memory is ever held
     * by both sides at once.
     */
    @Test
    void anyRun_keepsOrder_keepsTheFirstFailure_andNeverSharesABuffer() {
        Props.theory(150).forAll(integers().between(1, 5), integers().between(1, 64), integers().between(0, 3000),
                integers().between(0, Integer.MAX_VALUE)).checkAssert((buffers, size, total, seed) -> {
                    try {
                        run(buffers, size, total, seed);
                    } catch (InterruptedException e) {
                        throw new AssertionError(e);
                    }
                });
    }

    private static void run(int buffers, int size, int total, int seed) throws InterruptedException {
        Random r = new Random(seed);
        byte[] data = new byte[total];
        r.nextBytes(data);
        int failAt = r.nextInt(4); // 0 none, 1 producer, 2 consumer, 3 both
        int producerFailsAt = failAt == 1 || failAt == 3 ? r.nextInt(total + 1) : -1;
        int consumerFailsAt = failAt == 2 || failAt == 3 ? r.nextInt(total + 1) : -1;
        long producerSeed = r.nextLong();
        long consumerSeed = r.nextLong();
        BufferHandOff h = heap(buffers, size);
        Map<byte[], AtomicInteger> holders = Collections.synchronizedMap(new IdentityHashMap<>());
        List<String> violations = Collections.synchronizedList(new ArrayList<>());
        Object failOrder = new Object();
        AtomicReference<Throwable> firstFail = new AtomicReference<>();
        ByteArrayOutputStream received = new ByteArrayOutputStream();
        AtomicReference<Throwable> unexpected = new AtomicReference<>();

        Thread producer = start("producer", () -> {
            Random pr = new Random(producerSeed);
            try {
                int at = 0;
                while (at < total) {
                    if (at >= producerFailsAt && producerFailsAt >= 0) {
                        fail(h, failOrder, firstFail, new IOException("producer at " + at));
                        break;
                    }
                    ByteBuffer b = h.take();
                    if (b == null) {
                        break;
                    }
                    hold(holders, violations, b, "producer");
                    int n = Math.min(1 + pr.nextInt(b.remaining()), total - at);
                    b.put(data, at, n).flip();
                    at += n;
                    unhold(holders, b);
                    h.pass(pr.nextBoolean() ? b : b.duplicate());
                }
                h.end();
            } catch (Throwable t) {
                unexpected.compareAndSet(null, t);
            }
        });
        Thread consumer = start("consumer", () -> {
            Random cr = new Random(consumerSeed);
            try {
                int at = 0;
                for (ByteBuffer b = h.next(); b != null; b = h.next()) {
                    hold(holders, violations, b, "consumer");
                    if (consumerFailsAt >= 0 && at + b.remaining() > consumerFailsAt) {
                        unhold(holders, b);
                        fail(h, failOrder, firstFail, new IOException("consumer at " + at));
                        break;
                    }
                    byte[] chunk = new byte[b.remaining()];
                    b.get(chunk);
                    received.write(chunk);
                    at += chunk.length;
                    unhold(holders, b);
                    h.release(cr.nextBoolean() ? b : b.duplicate());
                }
            } catch (Throwable t) {
                unexpected.compareAndSet(null, t);
            }
        });
        joined(producer);
        joined(consumer);
        assertNull(unexpected.get());
        assertEquals(List.of(), violations);
        byte[] got = received.toByteArray();
        assertArrayEquals(java.util.Arrays.copyOf(data, got.length), got, "a prefix, in order");
        assertSame(firstFail.get(), h.failure());
        if (firstFail.get() == null) {
            assertArrayEquals(data, got);
        }
    }

    private static void fail(BufferHandOff h, Object order, AtomicReference<Throwable> first, Throwable t) {
        synchronized (order) {
            first.compareAndSet(null, t);
            h.fail(t);
        }
    }

    private static void hold(Map<byte[], AtomicInteger> holders, List<String> violations, ByteBuffer b, String who) {
        assertNotNull(b);
        int n = holders.computeIfAbsent(b.array(), k -> new AtomicInteger()).incrementAndGet();
        if (n != 1) {
            violations.add(who + " got a buffer the other side holds");
        }
    }

    private static void unhold(Map<byte[], AtomicInteger> holders, ByteBuffer b) {
        holders.get(b.array()).decrementAndGet();
    }
}
