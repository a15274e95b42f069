package jp.mimamori.log.postgres.crash;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;
import jp.mimamori.core.evidence.EvidenceRecord;
import jp.mimamori.integrity.checkpoint.NoteSigner;
import jp.mimamori.integrity.checkpoint.NoteVerifier;
import jp.mimamori.integrity.log.internal.RecordCodec;
import jp.mimamori.integrity.report.VerificationReport;
import jp.mimamori.integrity.tiles.TileLog;
import jp.mimamori.log.postgres.PostgresEvidenceLog;
import jp.mimamori.log.postgres.PostgresLogVerifier;
import jp.mimamori.log.postgres.testing.PgCluster;
import jp.mimamori.testing.Props;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Invariant 5 on PostgreSQL under real crashes: three recorder processes append from two threads each while two
 * integrator processes compete; at random points (counted in acknowledgements, never in time) an appender is
 * killed with SIGKILL, the leading or the waiting integrator is killed with SIGKILL, or PostgreSQL is shut down
 * with {@code pg_ctl stop -m fast} mid-batch, or crashes ({@code pg_ctl stop -m immediate}: WAL not yet written is
 * lost, so are batches committed without waiting for the flush and not yet acknowledged), and is started again. Afterwards every acknowledged record is in the
 * published log at its index with its leaf hash, each record is there exactly once, each appender thread's
 * records are there in the order it appended them with none missing between, and the tiles and the database
 * verify.
 */
@Tag("slow")
class PostgresKillTest {
    private static final String ORIGIN = "kill.mimamori.example/city-log";
    private static final int ROUNDS = Integer.getInteger("mimamori.pg.kills", 12);

    @TempDir
    Path dir;

    private record Ack(long index, String leaf, String client, int thread, long seq) {}

    private final Map<Long, Ack> acks = new ConcurrentHashMap<>();
    private final AtomicLong ackCount = new AtomicLong();
    private final List<String> conflicts = Collections.synchronizedList(new ArrayList<>());

    private Process start(Class<?> main, List<String> args, boolean go) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xshare:auto", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-XX:CICompilerCount=1", "-Xmx128m",
                "-cp", System.getProperty("java.class.path"), main.getName()));
        cmd.addAll(args);
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        Thread reader = new Thread(() -> read(p, go), "child-reader");
        reader.setDaemon(true);
        reader.start();
        return p;
    }

    private void read(Process p, boolean go) {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.US_ASCII))) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                if (line.equals("ready") && go) {
                    p.getOutputStream().write("go\n".getBytes(StandardCharsets.US_ASCII));
                    p.getOutputStream().flush();
                } else if (line.startsWith("a ")) {
                    String[] f = line.split(" ");
                    Ack a = new Ack(Long.parseLong(f[1]), f[2], f[3], Integer.parseInt(f[4]), Long.parseLong(f[5]));
                    Ack prev = acks.putIfAbsent(a.index(), a);
                    if (prev != null && !prev.equals(a)) {
                        conflicts.add("index " + a.index() + " acknowledged to " + prev + " and " + a);
                    }
                    ackCount.incrementAndGet();
                }
            }
        } catch (IOException closedByKill) {
            // the child was killed: acknowledgements not yet read are simply not asserted
        }
    }

    /**
     * Starts again an integrator that gave up: one started just before PostgreSQL was shut down fails to open and
     * exits (on a loaded machine a JVM takes seconds to start), and none would be left to catch up.
     */
    private void restartGivenUp(List<Process> integrators, List<String> args) throws IOException {
        for (int i = 0; i < integrators.size(); i++) {
            if (!integrators.get(i).isAlive()) {
                integrators.set(i, start(IntegratorChild.class, args, false));
            }
        }
    }

    private static long query(DataSource ds, String sql) {
        long end = System.nanoTime() + 120_000_000_000L;
        while (true) {
            try (Connection c = ds.getConnection(); Statement s = c.createStatement(); ResultSet r = s.executeQuery(sql)) {
                r.next();
                return r.getLong(1);
            } catch (SQLException e) {
                if (System.nanoTime() > end) {
                    throw new AssertionError("database unreachable for 120 s: " + e.getMessage(), e);
                }
                sleep(100);
            }
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    @Test
    void sigkilledAppendersAndIntegrators_andDatabaseShutdownsAndCrashesMidBatch_loseNoAcknowledgedRecord_invariant5()
            throws Exception {
        PgCluster pg = PgCluster.shared();
        String db = pg.newDatabase("kill");
        DataSource ds = pg.dataSource(db);
        String url = pg.jdbcUrl(db);
        PostgresEvidenceLog.open(ds, ORIGIN).close(); // the schema
        Path tiles = dir.resolve("tiles");
        byte[] seed = new byte[32];
        Random rnd = new Random(Props.seed());
        rnd.nextBytes(seed);
        NoteSigner signer = NoteSigner.fromSeed(ORIGIN, NoteVerifier.ED25519, seed);
        List<String> integratorArgs = List.of(url, tiles.toString(), ORIGIN, HexFormat.of().formatHex(seed));

        List<Process> appenders = new ArrayList<>();
        List<Process> integrators = new ArrayList<>();
        int clients = 0;
        for (; clients < 3; clients++) {
            appenders.add(start(AppenderChild.class, List.of(url, ORIGIN, "c" + clients), true));
        }
        for (int i = 0; i < 2; i++) {
            integrators.add(start(IntegratorChild.class, integratorArgs, false));
        }
        // Each kind of crash an equal number of times, in a random order.
        List<Integer> actions = new ArrayList<>();
        for (int i = 0; i < ROUNDS; i++) {
            actions.add(i % 4);
        }
        Collections.shuffle(actions, rnd);
        int[] done = new int[4];
        try {
            for (int action : actions) {
                long target = ackCount.get() + 50 + rnd.nextInt(400);
                long end = System.nanoTime() + 180_000_000_000L;
                while (ackCount.get() < target) {
                    for (int i = 0; i < appenders.size(); i++) {
                        if (!appenders.get(i).isAlive()) { // gave up (e.g. opened while PostgreSQL was down)
                            appenders.set(i, start(AppenderChild.class, List.of(url, ORIGIN, "c" + clients++), true));
                        }
                    }
                    restartGivenUp(integrators, integratorArgs);
                    if (System.nanoTime() > end) {
                        fail("no progress for 180 s: " + ackCount.get() + " acknowledged, waiting for " + target);
                    }
                    sleep(5);
                }
                switch (action) {
                    case 0 -> {
                        int k = rnd.nextInt(appenders.size());
                        appenders.get(k).destroyForcibly().waitFor();
                        appenders.set(k, start(AppenderChild.class, List.of(url, ORIGIN, "c" + clients++), true));
                    }
                    case 1 -> {
                        int k = rnd.nextInt(integrators.size());
                        integrators.get(k).destroyForcibly().waitFor();
                        integrators.set(k, start(IntegratorChild.class, integratorArgs, false));
                    }
                    case 2 -> {
                        pg.stopFast();
                        pg.start();
                    }
                    default -> {
                        pg.stopImmediate();
                        pg.start();
                    }
                }
                done[action]++;
            }
            long target = ackCount.get() + 100;
            long end = System.nanoTime() + 180_000_000_000L;
            while (ackCount.get() < target && System.nanoTime() < end) {
                sleep(5);
            }
        } finally {
            for (Process p : appenders) {
                p.destroyForcibly().waitFor();
            }
        }
        // A killed appender's last statement may still commit on its server backend: end every backend that
        // existed at the kill (the integrators reconnect), so that the sequenced size is final.
        String killedAt;
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            try (ResultSet r = s.executeQuery("SELECT now()::text")) {
                r.next();
                killedAt = r.getString(1);
            }
            s.executeQuery("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity"
                    + " WHERE datname = current_database() AND pid <> pg_backend_pid()").close();
        }
        long gone = System.nanoTime() + 120_000_000_000L;
        while (query(ds, "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()"
                + " AND pid <> pg_backend_pid() AND backend_start <= '" + killedAt + "'::timestamptz") > 0) {
            if (System.nanoTime() > gone) {
                fail("backends of killed appenders still running after 120 s");
            }
            sleep(20);
        }
        long sequenced = query(ds, "SELECT next_index FROM mimamori_log_sequence");
        long end = System.nanoTime() + 180_000_000_000L;
        while (query(ds, "SELECT size FROM mimamori_log_integrated") < sequenced) {
            if (System.nanoTime() > end) {
                fail("the integrators did not catch up with " + sequenced + " records in 180 s");
            }
            restartGivenUp(integrators, integratorArgs);
            sleep(50);
        }
        for (Process p : integrators) {
            p.destroyForcibly().waitFor();
        }

        assertEquals(List.of(), conflicts);
        assertTrue(done[0] > 0 && done[1] > 0 && done[2] > 0 && done[3] > 0, "every kind of crash happened");
        TileLog log = TileLog.open(tiles, List.of(signer.verifier()));
        assertEquals(sequenced, log.size(), "the published checkpoint covers every sequenced record");
        for (Ack a : acks.values()) {
            assertTrue(a.index() < log.size(), "acknowledged record " + a.index() + " is in the log");
            assertEquals(a.leaf(), HexFormat.of().formatHex(log.leafHash(a.index())), "acknowledged record " + a.index());
        }
        // Exactly once and in order: each appender thread's records appear as seq 0, 1, 2, ... in log order.
        Map<String, Long> next = new HashMap<>();
        for (long i = 0; i < log.size(); i++) {
            EvidenceRecord r = RecordCodec.decode(log.entry(i));
            String who = r.string("client").orElseThrow() + "/" + r.body().get("thread");
            long seq = ((Number) r.body().get("seq")).longValue();
            long want = next.getOrDefault(who, 0L);
            assertEquals(want, seq, "record " + i + " of " + who + ": each record once, in the order appended");
            next.put(who, want + 1);
            Ack a = acks.get(i);
            if (a != null) {
                assertEquals(a.client() + "/" + a.thread() + "/" + a.seq(), who + "/" + seq);
            }
        }
        VerificationReport v = PostgresLogVerifier.verify(tiles, List.of(signer.verifier()), Optional.of(ds),
                Optional.empty());
        assertTrue(v.isValid(), v.toString());
        System.out.println("pg kill test: " + done[0] + " appender kills, " + done[1] + " integrator kills, " + done[2]
                + " fast shutdowns, " + done[3] + " database crashes; " + acks.size() + " acknowledged, " + log.size() + " in the log");
    }
}
