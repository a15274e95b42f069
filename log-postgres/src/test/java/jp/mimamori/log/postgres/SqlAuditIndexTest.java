package jp.mimamori.log.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.sql.DataSource;
import jp.mimamori.core.evidence.EvidenceRecord;
import jp.mimamori.core.evidence.EvidenceTypes;
import jp.mimamori.integrity.checkpoint.NoteSigner;
import jp.mimamori.integrity.checkpoint.NoteVerifier;
import jp.mimamori.integrity.log.AuditIndex;
import jp.mimamori.integrity.log.DisclosureRegister;
import jp.mimamori.integrity.tiles.TileLog;
import jp.mimamori.log.postgres.testing.PgCluster;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The audit index and the K3-4 disclosure register in SQL: queries find exactly what a scan of the log finds,
 * every hit is reread from the tiles, and an altered index row is caught, never believed.
 */
class SqlAuditIndexTest {
    @TempDir
    Path dir;

    @Test
    void queriesByTypeCameraPrincipalAndTime_findWhatAScanFinds_andTheRegisterListsEveryDisclosure_K3_4()
            throws Exception {
        PgCluster pg = PgCluster.shared();
        DataSource ds = pg.dataSource(pg.newDatabase("audit"));
        NoteSigner signer = NoteSigner.generate(LogIntegratorTest.ORIGIN, NoteVerifier.ED25519, new SecureRandom());
        List<EvidenceRecord> all = new ArrayList<>();
        for (int i = 0; i < 1200; i++) {
            all.add(LogIntegratorTest.record(i));
        }
        try (PostgresEvidenceLog log = PostgresEvidenceLog.open(ds, LogIntegratorTest.ORIGIN)) {
            log.appendAll(all);
        }
        Path tiles = dir.resolve("tiles");
        try (LogIntegrator in = LogIntegrator.open(ds, tiles, signer, LogIntegrator.Options.defaults())) {
            LogIntegratorTest.integrateAll(in);
        }
        SqlAuditIndex idx = new SqlAuditIndex(ds, TileLog.open(tiles, List.of(signer.verifier())));
        assertTrue(idx.complete());
        Instant from = Instant.parse("2026-12-01T00:05:00Z");
        Instant to = Instant.parse("2026-12-01T00:15:00Z");
        AuditIndex.Query q = AuditIndex.Query.ofType("access.viewed").withCamera("cam-3").withPrincipal("op-1")
                .since(from).until(to);
        List<EvidenceRecord> want = all.stream().filter(r -> r.type().equals("access.viewed")
                && r.string("camera").orElse("").equals("cam-3") && r.string("principal").orElse("").equals("op-1")
                && !r.occurredAt().isBefore(from) && r.occurredAt().isBefore(to)).toList();
        assertTrue(!want.isEmpty());
        assertEquals(want, idx.records(q));
        DisclosureRegister reg = idx.register();
        assertEquals(all.stream().filter(r -> r.type().equals(EvidenceTypes.DISCLOSURE)).count(), reg.entries().size());
        assertEquals("D-50", reg.entries().get(1).disclosureId());
        assertEquals(50, reg.entries().get(1).logIndex());
        assertTrue(reg.render(Locale.JAPANESE).contains("画像提供記録簿"));

        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            s.executeUpdate("UPDATE mimamori_log_audit SET camera = 'cam-3' WHERE idx = 1"); // a lie: record 1 is cam-1
        }
        IOException e = assertThrows(IOException.class, () -> idx.records(AuditIndex.Query.all().withCamera("cam-3")));
        assertTrue(e.getMessage().contains("row 1"), e.getMessage());
    }

    @Test
    void recordOfSeveralCameras_isFoundByEachOfThem_andAnAlteredCamerasRowIsRefused_K3_4() throws Exception {
        PgCluster pg = PgCluster.shared();
        DataSource ds = pg.dataSource(pg.newDatabase("auditcams"));
        NoteSigner signer = NoteSigner.generate(LogIntegratorTest.ORIGIN, NoteVerifier.ED25519, new SecureRandom());
        List<EvidenceRecord> all = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            all.add(LogIntegratorTest.record(i)); // camera cam-(i % 5)
        }
        Instant t = Instant.parse("2026-12-01T01:00:00Z");
        EvidenceRecord decision = EvidenceRecord.of(EvidenceTypes.DISCLOSURE_DECISION, t,
                Map.of("request_id", "R-1", "decision", "PERMIT", "cameras", List.of("cam-1", "cam-7")));
        EvidenceRecord export = EvidenceRecord.of(EvidenceTypes.EXPORT, t.plusSeconds(1),
                Map.of("disclosure_id", "R-1", "cameras", List.of("cam-7", "cam-2")));
        all.add(decision); // 20
        all.add(export); // 21
        try (PostgresEvidenceLog log = PostgresEvidenceLog.open(ds, LogIntegratorTest.ORIGIN)) {
            log.appendAll(all);
        }
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            try (ResultSet r = s.executeQuery("SELECT camera, array_to_string(cameras, ',') FROM mimamori_log_audit"
                    + " WHERE idx IN (1, 20) ORDER BY idx")) {
                assertTrue(r.next());
                assertEquals("cam-1", r.getString(1)); // a single camera: as before, no cameras array
                assertEquals(null, r.getString(2));
                assertTrue(r.next());
                assertEquals(null, r.getString(1));
                assertEquals("cam-1,cam-7", r.getString(2)); // the appender's row
            }
            // the integrator fills in the decision's row again (the path of records sequenced without one)
            s.executeUpdate("DELETE FROM mimamori_log_audit WHERE idx = 20");
        }
        Path tiles = dir.resolve("tiles");
        try (LogIntegrator in = LogIntegrator.open(ds, tiles, signer, LogIntegrator.Options.defaults())) {
            LogIntegratorTest.integrateAll(in);
        }
        SqlAuditIndex idx = new SqlAuditIndex(ds, TileLog.open(tiles, List.of(signer.verifier())));
        assertTrue(idx.complete());
        assertEquals(List.of(decision, export), idx.records(AuditIndex.Query.all().withCamera("cam-7")));
        assertEquals(List.of(1L, 6L, 11L, 16L, 20L), idx.query(AuditIndex.Query.all().withCamera("cam-1")));
        assertEquals(List.of(2L, 7L, 12L, 17L, 21L), idx.query(AuditIndex.Query.all().withCamera("cam-2")));
        assertEquals(List.of(3L, 8L, 13L, 18L), idx.query(AuditIndex.Query.all().withCamera("cam-3")));
        assertEquals(List.of(decision), idx.records(AuditIndex.Query.ofType(EvidenceTypes.DISCLOSURE_DECISION)
                .withCamera("cam-1")));
        assertEquals(List.of(export), idx.records(AuditIndex.Query.ofType(EvidenceTypes.EXPORT).withCamera("cam-2")));
        assertEquals(List.of(), idx.records(AuditIndex.Query.ofType(EvidenceTypes.EXPORT).withCamera("cam-1")));

        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            s.executeUpdate("UPDATE mimamori_log_audit SET cameras = '{cam-7,cam-4}' WHERE idx = 21"); // a lie
        }
        IOException e = assertThrows(IOException.class, () -> idx.records(AuditIndex.Query.all().withCamera("cam-4")));
        assertTrue(e.getMessage().contains("row 21"), e.getMessage());
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            s.executeUpdate("UPDATE mimamori_log_audit SET cameras = '{cam-3}' WHERE idx = 1"); // record 1 is cam-1
        }
        e = assertThrows(IOException.class, () -> idx.records(AuditIndex.Query.all().withCamera("cam-3")));
        assertTrue(e.getMessage().contains("row 1"), e.getMessage());
    }

    @Test
    void databaseOfTheSchemaWithoutCameras_gainsTheColumnOnOpen_andKeepsItsRows() throws Exception {
        PgCluster pg = PgCluster.shared();
        DataSource ds = pg.dataSource(pg.newDatabase("auditold"));
        try (PostgresEvidenceLog log = PostgresEvidenceLog.open(ds, LogIntegratorTest.ORIGIN)) {
            log.appendAll(List.of(LogIntegratorTest.record(1)));
        }
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            s.execute("DROP INDEX mimamori_log_audit_cameras");
            s.execute("ALTER TABLE mimamori_log_audit DROP COLUMN cameras"); // as a database created before it
        }
        try (PostgresEvidenceLog log = PostgresEvidenceLog.open(ds, LogIntegratorTest.ORIGIN)) {
            log.appendAll(List.of(EvidenceRecord.of(EvidenceTypes.EXPORT, Instant.parse("2026-12-01T01:00:00Z"),
                    Map.of("disclosure_id", "R-1", "cameras", List.of("cam-7", "cam-2")))));
        }
        try (Connection c = ds.getConnection(); Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT idx, camera, array_to_string(cameras, ',') FROM mimamori_log_audit"
                     + " ORDER BY idx")) {
            assertTrue(r.next());
            assertEquals("cam-1", r.getString(2));
            assertEquals(null, r.getString(3));
            assertTrue(r.next());
            assertEquals("cam-7,cam-2", r.getString(3));
        }
        // a row written before the column: the hand-run statement of docs/FORMATS.md sets it
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            s.executeUpdate("UPDATE mimamori_log_audit SET cameras = NULL");
            s.executeUpdate("UPDATE mimamori_log_audit a SET cameras = NULLIF(ARRAY(SELECT x #>> '{}' FROM"
                    + " jsonb_array_elements(convert_from(e.record, 'UTF8')::jsonb -> 'body' -> 'cameras') AS j(x)"
                    + " WHERE jsonb_typeof(x) = 'string'), '{}') FROM mimamori_log_entries e"
                    + " WHERE e.idx = a.idx AND a.cameras IS NULL"
                    + " AND jsonb_typeof(convert_from(e.record, 'UTF8')::jsonb -> 'body' -> 'cameras') = 'array'");
            try (ResultSet r = s.executeQuery("SELECT array_to_string(cameras, ',') FROM mimamori_log_audit"
                    + " ORDER BY idx")) {
                assertTrue(r.next());
                assertEquals(null, r.getString(1));
                assertTrue(r.next());
                assertEquals("cam-7,cam-2", r.getString(1));
            }
        }
    }
}
