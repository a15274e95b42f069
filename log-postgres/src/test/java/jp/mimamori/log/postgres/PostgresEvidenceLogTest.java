package jp.mimamori.log.postgres;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.sql.DataSource;
import jp.mimamori.core.evidence.EvidenceReceipt;
import jp.mimamori.core.evidence.EvidenceRecord;
import jp.mimamori.integrity.log.internal.RecordCodec;
import jp.mimamori.log.postgres.testing.PgCluster;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Sequencing on PostgreSQL (cross-cutting "everything that matters for accountability is appended to a
 * tamper-evident log"; invariant 5: acknowledged records are durable): receipts are gapless indices whose
 * records the database holds byte for byte.
 */
class PostgresEvidenceLogTest {
    static final String ORIGIN = "test.mimamori.example/city-log";
    static DataSource ds;

    @BeforeAll
    static void database() throws Exception {
        PgCluster pg = PgCluster.shared();
        ds = pg.dataSource(pg.newDatabase("seq"));
    }

    static EvidenceRecord record(String camera, int n) {
        return EvidenceRecord.of("hold.placed", Instant.parse("2026-12-01T09:00:00Z").plusMillis(n),
                Map.of("camera", camera, "principal", "op-" + (n % 7), "n", n));
    }

    @Test
    void appendsFromEightThreads_areAcknowledgedWithGaplessIndicesInEachThreadsOrder_invariant5() throws Exception {
        List<EvidenceReceipt> all = Collections.synchronizedList(new ArrayList<>());
        try (PostgresEvidenceLog log = PostgresEvidenceLog.open(ds, ORIGIN)) {
            long before = log.size();
            ExecutorService ex = Executors.newFixedThreadPool(8);
            List<Future<List<EvidenceReceipt>>> fs = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                String cam = "cam-" + t;
                fs.add(ex.submit(() -> {
                    List<EvidenceReceipt> mine = new ArrayList<>();
                    for (int i = 0; i < 200; i++) {
                        mine.add(log.append(record(cam, i)));
                    }
                    return mine;
                }));
            }
            for (int t = 0; t < 8; t++) {
                List<EvidenceReceipt> mine = fs.get(t).get();
                for (int i = 1; i < mine.size(); i++) {
                    assertTrue(mine.get(i).index() > mine.get(i - 1).index(), "thread " + t + " order");
                }
                for (int i = 0; i < mine.size(); i++) {
                    assertEquals(RecordCodec.leafHashHex(RecordCodec.encode(record("cam-" + t, i))),
                            mine.get(i).leafHash());
                }
                all.addAll(mine);
            }
            ex.shutdown();
            assertEquals(before + 1600, log.size());
            long[] idx = all.stream().mapToLong(EvidenceReceipt::index).sorted().toArray();
            for (int i = 0; i < idx.length; i++) {
                assertEquals(before + i, idx[i], "indices are gapless");
            }
        }
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            for (EvidenceReceipt r : all) {
                try (ResultSet rs = s.executeQuery("SELECT record FROM mimamori_log_entries WHERE idx = " + r.index())) {
                    assertTrue(rs.next(), "record " + r.index() + " is in the database");
                    assertEquals(r.leafHash(), HexFormat.of().formatHex(RecordCodec.leafHash(rs.getBytes(1))));
                }
            }
        }
    }

    @Test
    void appendAll_isOneBatchInOrder() throws Exception {
        try (PostgresEvidenceLog log = PostgresEvidenceLog.open(ds, ORIGIN)) {
            List<EvidenceRecord> rs = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                rs.add(record("cam-x", i));
            }
            List<EvidenceReceipt> got = log.appendAll(rs);
            for (int i = 1; i < got.size(); i++) {
                assertEquals(got.get(i - 1).index() + 1, got.get(i).index());
            }
        }
    }

    @Test
    void anotherOrigin_isRefused_namingBoth() throws Exception {
        try (PostgresEvidenceLog log = PostgresEvidenceLog.open(ds, ORIGIN)) {
            assertEquals(ORIGIN, log.origin());
        }
        IOException e = assertThrows(IOException.class, () -> PostgresEvidenceLog.open(ds, "other.example/log"));
        assertTrue(e.getMessage().contains(ORIGIN) && e.getMessage().contains("other.example/log"), e.getMessage());
    }

    @Test
    void appendAfterClose_fails_andATooLargeRecordIsRefusedNamingTheLimit() throws Exception {
        PostgresEvidenceLog log = PostgresEvidenceLog.open(ds, ORIGIN);
        IllegalArgumentException big = assertThrows(IllegalArgumentException.class, () -> log.append(
                EvidenceRecord.of("note.added", Instant.EPOCH, Map.of("text", "x".repeat(70_000)))));
        assertTrue(big.getMessage().contains("65535"), big.getMessage());
        log.close();
        assertThrows(IOException.class, () -> log.append(record("cam-z", 1)));
        assertArrayEquals(new byte[0], new byte[0]);
    }
}
