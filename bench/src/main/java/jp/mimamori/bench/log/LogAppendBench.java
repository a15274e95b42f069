package jp.mimamori.bench.log;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import jp.mimamori.core.evidence.EvidenceReceipt;
import jp.mimamori.core.evidence.EvidenceRecord;
import jp.mimamori.integrity.log.TransparentEvidenceLog;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Durable appends of 300-byte records to the file-backed evidence log, group-committed (one
 * {@code FileChannel.force} per batch). {@code syncAppend8Threads}: eight threads each calling the blocking
 * {@code append}, so a batch holds at most eight records; {@code asyncAppend8Threads}: eight threads each
 * keeping up to 64 appends in flight through {@code appendAsync}, as a recorder pipeline would; every op is
 * still acknowledged only after its batch is durable. {@code syncAppendLatency}: one thread, sample time
 * (p50/p99 of one durable append).
 */
@State(Scope.Benchmark)
@Fork(1)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
public class LogAppendBench {
    private Path dir;
    private TransparentEvidenceLog log;
    private final AtomicLong n = new AtomicLong();

    /** A fresh log per trial. */
    @Setup(Level.Trial)
    public void open() throws IOException {
        dir = Files.createTempDirectory(Path.of(System.getProperty("mimamori.bench.tmp", ".")), "log-append-");
        log = TransparentEvidenceLog.open(dir);
    }

    /** Closes and deletes the log. */
    @TearDown(Level.Trial)
    public void close() throws IOException {
        log.close();
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    /** Per-thread window of appends in flight. */
    @State(Scope.Thread)
    public static class Window {
        final Semaphore slots = new Semaphore(64);
        CompletableFuture<EvidenceReceipt> last;

        /** Waits for this thread's appends. */
        @TearDown(Level.Iteration)
        public void drain() {
            slots.acquireUninterruptibly(64);
            slots.release(64);
        }
    }

    /** One blocking durable append per op, eight threads. */
    @Benchmark
    @Threads(8)
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    public EvidenceReceipt syncAppend8Threads() throws IOException {
        return log.append(BenchRecords.of(n.incrementAndGet(), 300));
    }

    /** One durable append per op, eight threads with 64 in flight each. */
    @Benchmark
    @Threads(8)
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    public void asyncAppend8Threads(Window w) {
        w.slots.acquireUninterruptibly();
        EvidenceRecord r = BenchRecords.of(n.incrementAndGet(), 300);
        w.last = log.appendAsync(r).whenComplete((x, e) -> w.slots.release());
    }

    /** Latency of one blocking durable append, one thread. */
    @Benchmark
    @Threads(1)
    @BenchmarkMode(Mode.SampleTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public EvidenceReceipt syncAppendLatency() throws IOException {
        return log.append(BenchRecords.of(n.incrementAndGet(), 300));
    }
}
