package jp.mimamori.core.internal.work;

import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * A bounded hand-off of filled buffers from one thread (the producer) to another (the consumer): a fixed number of
 * buffers goes round from the free queue ({@link #take()}) to the full queue ({@link #pass}, in order) to the
 * consumer ({@link #next()}) and back ({@link #release}), so memory is bounded by the buffers and nothing is copied
 * between the two sides. The producer marks the end ({@link #end()}); either side may report a failure
 * ({@link #fail}: the first one is kept, for the other side to surface with its cause) or give up ({@link #cancel()});
 * either stops the hand-off and wakes a side blocked in {@link #take()} or {@link #next()}, which then returns null.
 *
 * <pre>{@code
 * BufferHandOff h = new BufferHandOff(4, () -> ByteBuffer.allocate(1 << 20));
 * // producer thread                          // consumer thread
 * ByteBuffer b = h.take();                    for (ByteBuffer b = h.next(); b != null; b = h.next()) {
 * read(b); h.pass(b.flip());                      write(b); h.release(b);
 * h.end();                                    }   // then h.failure(): null, or why it stopped
 * }</pre>
 *
 * <p>A side may hand back a view ({@link ByteBuffer#duplicate()}) of a buffer it holds instead of the buffer
 * itself, so that it may go on reading its own position and limit while the other side reads the view's; the view
 * then takes the buffer's place. The hand-off never changes a buffer's position or limit except that {@link #take()}
 * clears the buffer it gives. No buffer is handed out twice: {@link #pass} and {@link #release} refuse a buffer
 * already queued and more buffers than are out. Thread-safe (one producer, one consumer).
 */
public final class BufferHandOff {
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition freed = lock.newCondition();
    private final Condition filled = lock.newCondition();
    private final int buffers;
    private final ArrayDeque<ByteBuffer> free = new ArrayDeque<>();
    private final ArrayDeque<ByteBuffer> full = new ArrayDeque<>();
    /** The buffers now in either queue, by identity (guarded by lock). */
    private final Set<ByteBuffer> queued = Collections.newSetFromMap(new IdentityHashMap<>());
    private boolean ended; // guarded by lock
    private volatile boolean cancelled;
    private volatile Throwable failure;

    /**
     * A hand-off of {@code buffers} buffers made by {@code buffer} (each a distinct buffer; heap or direct, of the
     * size the user wants).
     *
     * @throws IllegalArgumentException if {@code buffers} is below 1 or {@code buffer} gives the same buffer twice
     */
    public BufferHandOff(int buffers, Supplier<ByteBuffer> buffer) {
        if (buffers < 1) {
            throw new IllegalArgumentException("buffers: " + buffers + " is below 1");
        }
        this.buffers = buffers;
        for (int i = 0; i < buffers; i++) {
            ByteBuffer b = Objects.requireNonNull(buffer.get(), "buffer");
            if (!queued.add(b)) {
                throw new IllegalArgumentException("buffer: the same buffer was given twice");
            }
            free.add(b);
        }
    }

    /**
     * Producer: a free buffer, cleared, waiting for the consumer to release one; null once the hand-off stopped
     * ({@link #fail}, {@link #cancel()}).
     */
    public ByteBuffer take() throws InterruptedException {
        lock.lockInterruptibly();
        try {
            while (free.isEmpty() && !stopped()) {
                freed.await();
            }
            if (stopped()) {
                return null;
            }
            ByteBuffer b = free.poll();
            queued.remove(b);
            return b.clear();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Producer: hands a buffer {@link #take()} gave (or a view of it), with its bytes between position and limit,
     * to the consumer, after those passed before. Never waits for room (there is a place for every buffer); once
     * the hand-off stopped the buffer goes back to the free queue instead, unread.
     *
     * @throws InterruptedException if the calling thread is interrupted
     * @throws IllegalArgumentException if {@code b} is already queued or every buffer is
     * @throws IllegalStateException after {@link #end()}
     */
    public void pass(ByteBuffer b) throws InterruptedException {
        lock.lockInterruptibly();
        try {
            if (ended) {
                throw new IllegalStateException("pass after end");
            }
            handBack(b);
            if (stopped()) {
                free.add(b);
                freed.signal();
            } else {
                full.add(b);
                filled.signal();
            }
        } finally {
            lock.unlock();
        }
    }

    /** Producer: no more buffers follow; the consumer's {@link #next()} returns null after the last one passed. */
    public void end() {
        lock.lock();
        try {
            ended = true;
            filled.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Consumer: the next buffer passed, in order; null after the last one once the producer {@linkplain #end()
     * ended}, or at once when the hand-off stopped (buffers still queued are then not read).
     */
    public ByteBuffer next() throws InterruptedException {
        lock.lockInterruptibly();
        try {
            while (full.isEmpty() && !ended && !stopped()) {
                filled.await();
            }
            if (stopped() || full.isEmpty()) {
                return null;
            }
            ByteBuffer b = full.poll();
            queued.remove(b);
            return b;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Either side: gives a buffer it holds (or a view of it) back to the free queue, for the producer's next
     * {@link #take()}.
     *
     * @throws IllegalArgumentException if {@code b} is already queued or every buffer is
     */
    public void release(ByteBuffer b) {
        lock.lock();
        try {
            handBack(b);
            free.add(b);
            freed.signal();
        } finally {
            lock.unlock();
        }
    }

    private void handBack(ByteBuffer b) {
        Objects.requireNonNull(b, "buffer");
        if (free.size() + full.size() == buffers) {
            throw new IllegalArgumentException("buffer: all " + buffers + " buffers are already handed back");
        }
        if (!queued.add(b)) {
            throw new IllegalArgumentException("buffer: already handed back");
        }
    }

    /**
     * Either side: the hand-off failed with {@code cause}; it stops (see {@link #next()}, {@link #take()}). Only the
     * first failure is kept; a later one (often a consequence of the first) is dropped.
     */
    public void fail(Throwable cause) {
        Objects.requireNonNull(cause, "cause");
        lock.lock();
        try {
            if (failure == null) {
                failure = cause;
            }
            wake();
        } finally {
            lock.unlock();
        }
    }

    /** Either side: gives up without a failure; the hand-off stops (see {@link #next()}, {@link #take()}). */
    public void cancel() {
        lock.lock();
        try {
            cancelled = true;
            wake();
        } finally {
            lock.unlock();
        }
    }

    private void wake() {
        freed.signalAll();
        filled.signalAll();
    }

    /** The first failure reported by {@link #fail}, or null. */
    public Throwable failure() {
        return failure;
    }

    /** Whether {@link #cancel()} was called. */
    public boolean cancelled() {
        return cancelled;
    }

    /** Whether the hand-off stopped: failed or cancelled. */
    public boolean stopped() {
        return cancelled || failure != null;
    }
}
