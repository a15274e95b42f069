package jp.mimamori.bench.log;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import jp.mimamori.integrity.checkpoint.NoteSigner;
import jp.mimamori.integrity.checkpoint.NoteVerifier;
import jp.mimamori.log.postgres.LogIntegrator;
import jp.mimamori.log.postgres.PostgresEvidenceLog;
import jp.mimamori.integrity.tiles.TileLog;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * Whole-process measurements of the PostgreSQL evidence log (docs/PERFORMANCE.md), run from the benchmarks jar by
 * {@code bench/pglog.sh}:
 *
 * <pre>
 * PgLogWholeProcess append URL START_MS SECONDS THREADS [IN_FLIGHT]
 *                                                          appends from THREADS threads during [START, START+SECONDS),
 *                                                          each with IN_FLIGHT records in flight (default 1: the
 *                                                          blocking append; more: appendAsync), prints
 *                                                          "appended N p50_us p99_us max_us"
 * PgLogWholeProcess integrate URL TILES SEEDHEX            runs an integrator until killed
 * PgLogWholeProcess monitor URL START_MS SECONDS           samples integrator lag and checkpoint gaps every 20 ms
 * PgLogWholeProcess fill URL N                             sequences N records of 300 bytes straight in SQL
 * PgLogWholeProcess catchup URL TILES SEEDHEX              integrates everything, then prints the rate
 * PgLogWholeProcess reopen URL TILES SEEDHEX               elect + resume + one round, timed; then 100k proofs
 * </pre>
 */
public final class PgLogWholeProcess {
    private PgLogWholeProcess() {}

    static final String ORIGIN = "bench.mimamori.example/city-log";

    public static void main(String[] args) throws Exception {
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setURL(args[1]);
        switch (args[0]) {
            case "append" -> append(ds, Long.parseLong(args[2]), Integer.parseInt(args[3]), Integer.parseInt(args[4]),
                    args.length > 5 ? Integer.parseInt(args[5]) : 1);
            case "integrate" -> {
                try (LogIntegrator in = LogIntegrator.open(ds, Path.of(args[2]), signer(args[3]),
                        new LogIntegrator.Options(16_384, Duration.ofMillis(20)))) {
                    in.run(() -> true);
                }
            }
            case "monitor" -> monitor(ds, Long.parseLong(args[2]), Integer.parseInt(args[3]));
            case "fill" -> fill(ds, Long.parseLong(args[2]));
            case "catchup" -> catchup(ds, Path.of(args[2]), signer(args[3]));
            case "reopen" -> reopen(ds, Path.of(args[2]), signer(args[3]));
            default -> throw new IllegalArgumentException("unknown mode " + args[0]);
        }
    }

    static NoteSigner signer(String seedHex) {
        return NoteSigner.fromSeed(ORIGIN, NoteVerifier.ED25519, HexFormat.of().parseHex(seedHex));
    }

    private static void append(PGSimpleDataSource ds, long startMs, int seconds, int threads, int inFlight)
            throws Exception {
        try (PostgresEvidenceLog log = PostgresEvidenceLog.open(ds, ORIGIN)) {
            long endMs = startMs + seconds * 1000L;
            AtomicLong seq = new AtomicLong(ProcessHandle.current().pid() << 32);
            List<long[]> lat = new ArrayList<>();
            List<Thread> ts = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                long[] mine = new long[100_000];
                lat.add(mine);
                Runnable blocking = () -> {
                    int n = 0;
                    while (true) {
                        long now = System.currentTimeMillis();
                        if (now >= endMs) {
                            break;
                        }
                        long t0 = System.nanoTime();
                        try {
                            log.append(BenchRecords.of(seq.incrementAndGet(), 300));
                        } catch (Exception e) {
                            throw new IllegalStateException(e);
                        }
                        long t1 = System.nanoTime();
                        if (now >= startMs && n < mine.length - 1) {
                            mine[++n] = (t1 - t0) / 1000;
                        }
                    }
                    mine[0] = n;
                };
                Runnable async = () -> appendAsync(log, seq, startMs, endMs, inFlight, mine);
                Thread th = new Thread(inFlight > 1 ? async : blocking);
                ts.add(th);
                th.start();
            }
            for (Thread t : ts) {
                t.join();
            }
            int total = 0;
            for (long[] l : lat) {
                total += (int) l[0];
            }
            long[] all = new long[total];
            int k = 0;
            for (long[] l : lat) {
                System.arraycopy(l, 1, all, k, (int) l[0]);
                k += (int) l[0];
            }
            Arrays.sort(all);
            if (total == 0) {
                System.out.println("appended 0 0 0 0"); // starved: nothing acknowledged in the window
                return;
            }
            System.out.printf("appended %d %d %d %d%n", total, all[total / 2], all[(int) (total * 0.99)], all[total - 1]);
        }
    }

    /** Keeps {@code inFlight} records in flight until {@code endMs}; latencies of those started after the start. */
    private static void appendAsync(PostgresEvidenceLog log, AtomicLong seq, long startMs, long endMs, int inFlight,
            long[] mine) {
        java.util.ArrayDeque<java.util.concurrent.CompletableFuture<?>> futures = new java.util.ArrayDeque<>();
        java.util.ArrayDeque<long[]> started = new java.util.ArrayDeque<>(); // {t0 nanos, counted 0/1}
        int n = 0;
        try {
            while (true) {
                long now = System.currentTimeMillis();
                if (now < endMs) {
                    while (futures.size() < inFlight) {
                        started.add(new long[] {System.nanoTime(), System.currentTimeMillis() >= startMs ? 1 : 0});
                        futures.add(log.appendAsync(BenchRecords.of(seq.incrementAndGet(), 300)));
                    }
                } else if (futures.isEmpty()) {
                    break;
                }
                futures.poll().get();
                long[] s = started.poll();
                long t1 = System.nanoTime();
                if (s[1] == 1 && System.currentTimeMillis() <= endMs && n < mine.length - 1) {
                    mine[++n] = (t1 - s[0]) / 1000;
                }
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        mine[0] = n;
    }

    private static void monitor(PGSimpleDataSource ds, long startMs, int seconds) throws Exception {
        long endMs = startMs + seconds * 1000L;
        List<Long> lags = new ArrayList<>();
        long maxGapMs = 0;
        Timestamp last = null;
        long lastChangeMs = 0;
        int checkpoints = 0;
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            while (System.currentTimeMillis() < endMs) {
                long now = System.currentTimeMillis();
                try (ResultSet r = s.executeQuery("SELECT (SELECT next_index FROM mimamori_log_sequence) - size,"
                        + " updated_at FROM mimamori_log_integrated")) {
                    r.next();
                    if (now >= startMs) {
                        lags.add(r.getLong(1));
                        Timestamp u = r.getTimestamp(2);
                        if (last == null || !u.equals(last)) {
                            if (last != null) {
                                checkpoints++;
                                maxGapMs = Math.max(maxGapMs, now - lastChangeMs);
                            }
                            last = u;
                            lastChangeMs = now;
                        }
                    }
                }
                Thread.sleep(20);
            }
            maxGapMs = Math.max(maxGapMs, System.currentTimeMillis() - lastChangeMs);
        }
        lags.sort(null);
        System.out.printf("lag_records p50 %d p99 %d max %d; checkpoints %d in %d s, longest gap %d ms%n",
                lags.get(lags.size() / 2), lags.get((int) (lags.size() * 0.99)), lags.get(lags.size() - 1),
                checkpoints, seconds, maxGapMs);
    }

    private static void fill(PGSimpleDataSource ds, long n) throws Exception {
        try (PostgresEvidenceLog log = PostgresEvidenceLog.open(ds, ORIGIN)) {
            log.size(); // the schema exists
        }
        String rec = new String(jp.mimamori.integrity.log.internal.RecordCodec.encode(BenchRecords.of(0, 300)),
                java.nio.charset.StandardCharsets.UTF_8);
        // Vary one fixed-width field ("seq") so that every record differs; all remain canonical.
        String seq0 = String.format("%012d", 0);
        int at = rec.indexOf("\"seq\":\"" + seq0 + "\"") + 7;
        String head = rec.substring(0, at).replace("'", "''");
        String tail = rec.substring(at + 12).replace("'", "''");
        long t0 = System.nanoTime();
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            long start;
            try (ResultSet r = s.executeQuery("SELECT next_index FROM mimamori_log_sequence")) {
                r.next();
                start = r.getLong(1);
            }
            for (long done = 0; done < n; done += 1_000_000) {
                long m = Math.min(1_000_000, n - done);
                s.executeUpdate("INSERT INTO mimamori_log_entries (idx, record) SELECT " + (start + done) + " + g,"
                        + " convert_to('" + head + "' || lpad(g::text, 12, '0') || '" + tail + "', 'UTF8')"
                        + " FROM generate_series(0, " + (m - 1) + ") g");
                s.executeUpdate("UPDATE mimamori_log_sequence SET next_index = " + (start + done + m));
            }
        }
        System.out.printf("filled %d records in %.1f s%n", n, (System.nanoTime() - t0) / 1e9);
    }

    private static void catchup(PGSimpleDataSource ds, Path tiles, NoteSigner signer) throws Exception {
        try (LogIntegrator in = LogIntegrator.open(ds, tiles, signer, new LogIntegrator.Options(65_536,
                Duration.ofMillis(20)))) {
            while (!in.tryLead()) {
                Thread.sleep(50);
            }
            long t0 = System.nanoTime();
            long n = 0;
            for (int k; (k = in.integrateOnce()) > 0; ) {
                n += k;
            }
            double s = (System.nanoTime() - t0) / 1e9;
            System.out.printf("integrated %d records in %.1f s (%.0f/s); size %d%n", n, s, n / s, in.treeHead().size());
        }
    }

    private static void reopen(PGSimpleDataSource ds, Path tiles, NoteSigner signer) throws Exception {
        long t0 = System.nanoTime();
        long size;
        try (LogIntegrator in = LogIntegrator.open(ds, tiles, signer, LogIntegrator.Options.defaults())) {
            while (!in.tryLead()) {
                Thread.sleep(10);
            }
            long t1 = System.nanoTime();
            int k = in.integrateOnce();
            long t2 = System.nanoTime();
            size = in.treeHead().size();
            System.out.printf("reopen: elected and resumed at %d records in %.1f ms (tiles rebuilt: %s); first round"
                    + " (%d records, checkpoint signed) after %.1f ms%n", size - k, (t1 - t0) / 1e6,
                    in.rebuiltSize() >= 0, k, (t2 - t0) / 1e6);
        }
        TileLog log = TileLog.open(tiles, List.of(signer.verifier()));
        Random rnd = new Random(1);
        for (int i = 0; i < 20_000; i++) {
            log.inclusionProof(Math.floorMod(rnd.nextLong(), log.size()), log.size());
        }
        long p0 = System.nanoTime();
        int proofs = 100_000;
        for (int i = 0; i < proofs; i++) {
            log.inclusionProof(Math.floorMod(rnd.nextLong(), log.size()), log.size());
        }
        System.out.printf("inclusion proof from tiles (random index, verified against the signed root), %d records:"
                + " %.1f us each%n", log.size(), (System.nanoTime() - p0) / 1e3 / proofs);
    }
}
