package jp.mimamori.bench.log;

import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;
import jp.mimamori.core.evidence.EvidenceRecord;
import jp.mimamori.integrity.log.TransparentEvidenceLog;

/**
 * Whole-process measurements of the evidence log (docs/PERFORMANCE.md), run from the benchmarks jar:
 *
 * <pre>
 * java -cp bench/target/benchmarks.jar jp.mimamori.bench.log.LogWholeProcess throughput DIR THREADS SECONDS WINDOW
 * java -cp bench/target/benchmarks.jar jp.mimamori.bench.log.LogWholeProcess build DIR N      (records of 120 bytes)
 * java -cp bench/target/benchmarks.jar jp.mimamori.bench.log.LogWholeProcess crash DIR N      (append N, then halt
 *                                                         without closing and leave a torn frame: a crash)
 * java -cp bench/target/benchmarks.jar jp.mimamori.bench.log.LogWholeProcess open DIR         (time to open)
 * </pre>
 */
public final class LogWholeProcess {
    private LogWholeProcess() {}

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[1]);
        switch (args[0]) {
            case "throughput" -> throughput(dir, Integer.parseInt(args[2]), Integer.parseInt(args[3]),
                    Integer.parseInt(args[4]));
            case "build" -> build(dir, Long.parseLong(args[2]));
            case "crash" -> crash(dir, Long.parseLong(args[2]));
            case "open" -> {
                long t0 = System.nanoTime();
                try (TransparentEvidenceLog log = TransparentEvidenceLog.open(dir)) {
                    long t1 = System.nanoTime();
                    System.out.printf("open: %d records in %.1f ms (replayed %d, cut %d bytes)%n", log.size(),
                            (t1 - t0) / 1e6, log.recovery().replayedRecords(), log.recovery().cutBytes());
                }
            }
            default -> throw new IllegalArgumentException("unknown mode " + args[0]);
        }
    }

    private static void throughput(Path dir, int threads, int seconds, int window) throws Exception {
        try (TransparentEvidenceLog log = TransparentEvidenceLog.open(dir)) {
            AtomicLong done = new AtomicLong();
            AtomicLong n = new AtomicLong();
            long end = System.nanoTime() + seconds * 1_000_000_000L;
            List<Thread> ts = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                Thread th = new Thread(() -> {
                    Semaphore slots = new Semaphore(window);
                    while (System.nanoTime() < end) {
                        slots.acquireUninterruptibly();
                        log.appendAsync(BenchRecords.of(n.incrementAndGet(), 300)).whenComplete((r, e) -> {
                            if (r != null) {
                                done.incrementAndGet();
                            }
                            slots.release();
                        });
                    }
                    slots.acquireUninterruptibly(window);
                });
                ts.add(th);
                th.start();
            }
            long t0 = System.nanoTime();
            for (Thread th : ts) {
                th.join();
            }
            double s = (System.nanoTime() - t0) / 1e9;
            System.out.printf("throughput: %d threads x %d in flight, 300-byte records: %d durable appends in %.2f s"
                    + " = %.0f records/s%n", threads, window, done.get(), s, done.get() / s);
        }
    }

    private static void build(Path dir, long count) throws Exception {
        long t0 = System.nanoTime();
        try (TransparentEvidenceLog log = TransparentEvidenceLog.open(dir)) {
            long start = log.size();
            List<EvidenceRecord> batch = new ArrayList<>(8192);
            for (long i = start; i < count; i++) {
                batch.add(BenchRecords.of(i, 150));
                if (batch.size() == 8192) {
                    log.appendAll(batch);
                    batch.clear();
                }
            }
            log.appendAll(batch);
            System.out.printf("build: %d records in %.1f s%n", log.size(), (System.nanoTime() - t0) / 1e9);
        }
    }

    private static void crash(Path dir, long count) throws Exception {
        TransparentEvidenceLog log = TransparentEvidenceLog.open(dir);
        long start = log.size();
        List<EvidenceRecord> batch = new ArrayList<>();
        for (long i = 0; i < count; i++) {
            batch.add(BenchRecords.of(start + i, 150));
        }
        log.appendAll(batch);
        try (FileChannel ch = FileChannel.open(dir.resolve(TransparentEvidenceLog.RECORDS), StandardOpenOption.WRITE,
                StandardOpenOption.APPEND)) {
            ch.write(ByteBuffer.wrap(new byte[] {0, 0, 1, 0, 0, 0, 0, 0, 0, 0}));
        }
        System.out.println("crash: appended " + count + " after the last tree state, tore the tail, halting");
        Runtime.getRuntime().halt(137);
    }
}
