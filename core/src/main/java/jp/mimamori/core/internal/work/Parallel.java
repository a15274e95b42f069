package jp.mimamori.core.internal.work;

import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * An ordered map of a list over the machine's cores: the list is cut into chunks that the calling thread and up to
 * {@code cores - 1} shared daemon helpers take in turn. The caller always works through the chunks itself in
 * {@link Split#join()}, so a busy or absent helper only means less parallelism, never a wait for the pool (on one
 * core it is a plain loop). {@link #start} hands the chunks to the helpers at once and returns, so the caller can do
 * something else (force a file) before it joins.
 *
 * <p>For pure work only (encoding, hashing, signing): a task must have no effect a crash or a failure of another
 * task could leave half done, since after a failure the chunks not yet taken are skipped and the first exception is
 * rethrown by {@link Split#join()}.
 *
 * <pre>{@code
 * Parallel.Split<byte[], CryptoException> s = Parallel.start(receipts, 32, r -> key.sign(r.signedBytes()));
 * journal.sync();                     // meanwhile the helpers sign
 * List<byte[]> sigs = s.join();      // in list order
 * }</pre>
 *
 * <p>Thread-safe.
 */
public final class Parallel {
    /** Helper threads: one per core beyond the caller's. */
    private static final int HELPERS = Math.max(0, Runtime.getRuntime().availableProcessors() - 1);
    private static volatile ThreadPoolExecutor pool;

    private Parallel() {}

    /**
     * One item's work.
     *
     * @param <T> the item
     * @param <R> the result
     * @param <X> the checked exception it may throw
     */
    @FunctionalInterface
    public interface Task<T, R, X extends Exception> {
        /** The result for {@code item}. */
        R apply(T item) throws X;
    }

    /** Maps {@code items} in order, chunks of {@code chunk} items shared with the helpers. */
    public static <T, R, X extends Exception> List<R> map(List<T> items, int chunk, Task<? super T, ? extends R, X> task)
            throws X {
        return Parallel.<T, R, X>start(items, chunk, task, true).join();
    }

    /**
     * Starts mapping {@code items}: helpers begin at once; the caller's share runs in {@link Split#join()}. A chunk
     * is run by one thread, so a task that must not run concurrently with itself is started with one chunk (then a
     * helper, if there is one, runs it all while the caller does something else).
     */
    public static <T, R, X extends Exception> Split<R, X> start(List<T> items, int chunk,
                                                                Task<? super T, ? extends R, X> task) {
        return start(items, chunk, task, false);
    }

    private static <T, R, X extends Exception> Split<R, X> start(List<T> items, int chunk,
                                                                 Task<? super T, ? extends R, X> task,
                                                                 boolean callerJoinsNow) {
        Objects.requireNonNull(task, "task");
        if (chunk < 1) {
            throw new IllegalArgumentException("chunk: at least 1");
        }
        Split<R, X> s = new Split<>(List.copyOf(items), chunk, task);
        int helpers = Math.min(HELPERS, callerJoinsNow ? s.chunks - 1 : s.chunks);
        if (helpers > 0) {
            ThreadPoolExecutor p = pool();
            for (int i = 0; i < helpers; i++) {
                try {
                    p.execute(s::work);
                } catch (RejectedExecutionException e) {
                    break; // the caller does the rest
                }
            }
        }
        return s;
    }

    private static ThreadPoolExecutor pool() {
        ThreadPoolExecutor p = pool;
        if (p == null) {
            synchronized (Parallel.class) {
                p = pool;
                if (p == null) {
                    AtomicInteger n = new AtomicInteger();
                    // Daemon threads that end after a while without work: nothing to close.
                    p = new ThreadPoolExecutor(HELPERS, HELPERS, 10, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
                            r -> {
                                Thread t = new Thread(r, "mimamori-parallel-" + n.incrementAndGet());
                                t.setDaemon(true);
                                return t;
                            });
                    p.allowCoreThreadTimeOut(true);
                    pool = p;
                }
            }
        }
        return p;
    }

    /**
     * A map under way.
     *
     * @param <R> the result
     * @param <X> the checked exception a task may throw
     */
    public static final class Split<R, X extends Exception> {
        private final List<?> items;
        private final int chunk;
        private final int chunks;
        private final Task<Object, ? extends R, X> task;
        private final Object[] out;
        private final AtomicInteger next = new AtomicInteger();
        private final CountDownLatch done;
        private final AtomicReference<Throwable> failure = new AtomicReference<>();
        private final AtomicBoolean stopped = new AtomicBoolean();

        @SuppressWarnings("unchecked")
        private Split(List<?> items, int chunk, Task<?, ? extends R, X> task) {
            this.items = items;
            this.chunk = chunk;
            this.chunks = (items.size() + chunk - 1) / chunk;
            this.task = (Task<Object, ? extends R, X>) task;
            this.out = new Object[items.size()];
            this.done = new CountDownLatch(chunks);
        }

        /** Takes chunks until none is left (run by the helpers and by the caller). */
        private void work() {
            int c;
            while ((c = next.getAndIncrement()) < chunks) {
                try {
                    if (!stopped.get()) {
                        int end = Math.min(items.size(), (c + 1) * chunk);
                        for (int i = c * chunk; i < end; i++) {
                            out[i] = task.apply(items.get(i));
                        }
                    }
                } catch (Throwable t) {
                    failure.compareAndSet(null, t);
                    stopped.set(true);
                } finally {
                    done.countDown();
                }
            }
        }

        /**
         * Does the caller's share, waits for the helpers' chunks and returns the results in list order.
         *
         * @throws X the first exception a task threw (then the chunks not yet taken were skipped)
         */
        @SuppressWarnings("unchecked")
        public List<R> join() throws X {
            work();
            boolean interrupted = false;
            while (true) {
                try {
                    done.await();
                    break;
                } catch (InterruptedException e) {
                    interrupted = true; // the helpers finish their chunk soon; the results are needed whole
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
            Throwable t = failure.get();
            if (t instanceof RuntimeException r) {
                throw r;
            }
            if (t instanceof Error e) {
                throw e;
            }
            if (t != null) {
                throw (X) t; // only a task throws, and a task throws X or unchecked
            }
            return (List<R>) Collections.unmodifiableList(Arrays.asList(out));
        }

        /** Skips the chunks not yet begun (the results are not wanted); does not wait. */
        public void cancel() {
            stopped.set(true);
        }
    }
}
