package jp.mimamori.log.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
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
}
