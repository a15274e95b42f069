package jp.mimamori.core.internal.work;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ParallelTest {
    private static final List<Integer> ITEMS = IntStream.range(0, 1_000).boxed().toList();

    @Test
    void map_keepsListOrder() {
        assertEquals(ITEMS.stream().map(i -> "v" + i).toList(), Parallel.map(ITEMS, 7, i -> "v" + i));
        assertEquals(List.of(), Parallel.map(List.<Integer>of(), 7, i -> i));
    }

    @Test
    void start_resultsInOrderAfterTheCallerDidOtherWork() {
        Parallel.Split<Integer, RuntimeException> s = Parallel.start(ITEMS, 16, i -> i * 2);
        assertEquals(ITEMS.stream().map(i -> i * 2).toList(), s.join());
    }

    @Test
    void join_rethrowsTheTasksCheckedException() {
        IOException boom = new IOException("boom");
        IOException e = assertThrows(IOException.class, () -> Parallel.<Integer, Integer, IOException>map(ITEMS, 8,
                i -> {
                    if (i == 500) {
                        throw boom;
                    }
                    return i;
                }));
        assertSame(boom, e);
    }

    @Test
    void oneChunk_isNeverRunConcurrentlyWithItself() {
        AtomicInteger running = new AtomicInteger();
        List<Integer> overlaps = new ArrayList<>();
        Parallel.Split<Integer, RuntimeException> s = Parallel.start(ITEMS, ITEMS.size(), i -> {
            if (running.incrementAndGet() != 1) {
                synchronized (overlaps) {
                    overlaps.add(i);
                }
            }
            running.decrementAndGet();
            return i;
        });
        assertEquals(ITEMS, s.join());
        assertEquals(List.of(), overlaps);
    }

    @Test
    void cancel_skipsChunksNotBegun() {
        AtomicInteger ran = new AtomicInteger();
        Parallel.Split<Integer, RuntimeException> s = Parallel.start(ITEMS, 1, i -> {
            ran.incrementAndGet();
            return i;
        });
        s.cancel();
        s.join(); // still returns: every chunk is accounted for
        assertTrue(ran.get() <= ITEMS.size());
    }
}
