package jp.mimamori.log.postgres;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.stream.Stream;
import javax.sql.DataSource;
import jp.mimamori.core.evidence.EvidenceReceipt;
import jp.mimamori.core.evidence.EvidenceRecord;
import jp.mimamori.core.finding.VerificationCode;
import jp.mimamori.integrity.checkpoint.NoteSigner;
import jp.mimamori.integrity.checkpoint.NoteVerifier;
import jp.mimamori.integrity.log.ConsistencyProof;
import jp.mimamori.integrity.log.InclusionProof;
import jp.mimamori.integrity.merkle.Merkle;
import jp.mimamori.integrity.report.VerificationReport;
import jp.mimamori.integrity.log.internal.RecordCodec;
import jp.mimamori.integrity.tiles.TileLog;
import jp.mimamori.log.postgres.testing.PgCluster;
import jp.mimamori.testing.Props;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The integrator and the published tiles (K3-4: the log that proves disclosures; invariant 4: a changed record
 * or a truncated log is detected): the tiles give the RFC 9162 root of the records, proofs from tiles verify
 * against the signed checkpoint, one integrator leads at a time, damaged tiles are rebuilt from the database,
 * and the verifier classifies each kind of damage.
 */
class LogIntegratorTest {
    static final String ORIGIN = "test.mimamori.example/city-log";
    static PgCluster pg;
    static NoteSigner signer;

    @TempDir
    Path dir;

    @BeforeAll
    static void cluster() {
        pg = PgCluster.shared();
        signer = NoteSigner.generate(ORIGIN, NoteVerifier.ED25519, new SecureRandom());
    }

    static DataSource newDb() throws Exception {
        return pg.dataSource(pg.newDatabase("integ"));
    }

    /** A tile's path in the C2SP tlog-tiles layout (level -1: entry bundles). */
    static Path tile(Path root, int level, long index, int width) {
        String n = String.format("%d", index);
        n = "0".repeat((3 - n.length() % 3) % 3) + n;
        StringBuilder sb = new StringBuilder("tile/").append(level < 0 ? "entries" : Integer.toString(level));
        for (int i = 0; i < n.length(); i += 3) {
            sb.append('/').append(i + 3 < n.length() ? "x" : "").append(n, i, i + 3);
        }
        return root.resolve(sb + (width < 256 ? ".p/" + width : ""));
    }

    static EvidenceRecord record(int n) {
        return EvidenceRecord.of(n % 50 == 0 ? "disclosure" : "access.viewed",
                Instant.parse("2026-12-01T00:00:00Z").plusSeconds(n),
                Map.of("camera", "cam-" + (n % 5), "principal", "op-" + (n % 3), "disclosure_id", "D-" + n, "n", n));
    }

    static List<byte[]> append(DataSource ds, int from, int count) throws IOException {
        List<byte[]> leaves = new ArrayList<>();
        try (PostgresEvidenceLog log = PostgresEvidenceLog.open(ds, ORIGIN)) {
            List<EvidenceRecord> batch = new ArrayList<>();
            for (int i = from; i < from + count; i++) {
                batch.add(record(i));
            }
            for (EvidenceReceipt r : log.appendAll(batch)) {
                leaves.add(HexFormat.of().parseHex(r.leafHash()));
            }
        }
        return leaves;
    }

    /** Competes until elected (the old leader's backend ends shortly after its client closed), at most 60 s. */
    static boolean awaitLead(LogIntegrator in) throws Exception {
        long end = System.nanoTime() + 60_000_000_000L;
        while (!in.tryLead()) {
            if (System.nanoTime() > end) {
                return false;
            }
            Thread.sleep(20);
        }
        return true;
    }

    static void integrateAll(LogIntegrator in) throws Exception {
        assertTrue(awaitLead(in));
        while (in.integrateOnce() > 0) {
            // until nothing is left
        }
    }

    @Test
    void integratedTiles_giveTheRfc9162RootOfTheRecords_andProofsFromTilesVerify_K3_4() throws Exception {
        DataSource ds = newDb();
        Path tiles = dir.resolve("tiles");
        List<byte[]> leaves = new ArrayList<>(append(ds, 0, 66_000)); // past 65,536: a level-2 tile hash
        try (LogIntegrator in = LogIntegrator.open(ds, tiles, signer, new LogIntegrator.Options(10_000,
                java.time.Duration.ofMillis(10)))) {
            integrateAll(in);
            assertEquals(66_000, in.treeHead().size());
        }
        assertTrue(Files.exists(tile(tiles, 2, 0, 1)), "a level-2 partial tile");
        TileLog log = TileLog.open(tiles, List.of(signer.verifier()));
        assertEquals(66_000, log.size());
        assertArrayEquals(Merkle.root(leaves), log.checkpoint().rootHash());
        Random rnd = new Random(Props.seed());
        for (int k = 0; k < 50; k++) {
            long i = rnd.nextInt(66_000);
            InclusionProof p = log.inclusionProof(i, log.size());
            Merkle.verifyInclusion(leaves.get((int) i), i, 66_000, p.path(), Merkle.root(leaves));
            assertEquals(record((int) i), RecordCodec.decode(log.entry(i)));
        }
        for (long m : new long[] {1, 255, 256, 257, 65_535, 65_536, 65_999}) {
            ConsistencyProof c = log.consistencyProof(m, log.size());
            Merkle.verifyConsistency(m, 66_000, c.path(), Merkle.root(leaves.subList(0, (int) m)), Merkle.root(leaves));
        }
        VerificationReport r = PostgresLogVerifier.verify(tiles, List.of(signer.verifier()), Optional.of(ds),
                Optional.empty());
        assertTrue(r.isValid(), r.toString());
    }

    @Test
    void secondIntegrator_waitsWhileTheFirstLeads_andTakesOverWhenItsSessionEnds_K3_4() throws Exception {
        DataSource ds = newDb();
        Path tiles = dir.resolve("tiles");
        append(ds, 0, 300);
        LogIntegrator first = LogIntegrator.open(ds, tiles, signer, LogIntegrator.Options.defaults());
        LogIntegrator second = LogIntegrator.open(ds, tiles, signer, LogIntegrator.Options.defaults());
        assertTrue(first.tryLead());
        assertFalse(second.tryLead(), "the lock is held");
        assertEquals(300, first.integrateOnce());
        append(ds, 300, 100);
        first.close(); // its session ends: PostgreSQL releases the lock once the backend has gone
        assertTrue(awaitLead(second), "the second takes over");
        assertEquals(100, second.integrateOnce());
        assertEquals(400, second.treeHead().size());
        second.close();
        assertTrue(PostgresLogVerifier.verify(tiles, List.of(signer.verifier()), Optional.of(ds), Optional.empty())
                .isValid());
    }

    @Test
    void deletedTiles_areRebuiltFromTheDatabase_toTheSameRoot() throws Exception {
        DataSource ds = newDb();
        Path tiles = dir.resolve("tiles");
        append(ds, 0, 1000);
        byte[] root;
        try (LogIntegrator in = LogIntegrator.open(ds, tiles, signer, LogIntegrator.Options.defaults())) {
            integrateAll(in);
            root = in.treeHead().rootHash();
        }
        try (Stream<Path> s = Files.walk(tiles.resolve("tile"))) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
        append(ds, 1000, 10);
        try (LogIntegrator in = LogIntegrator.open(ds, tiles, signer, LogIntegrator.Options.defaults())) {
            assertTrue(awaitLead(in));
            assertEquals(1000, in.rebuiltSize());
            assertArrayEquals(root, in.treeHead().rootHash());
            assertEquals(10, in.integrateOnce());
        }
        assertTrue(PostgresLogVerifier.verify(tiles, List.of(signer.verifier()), Optional.of(ds), Optional.empty())
                .isValid());
    }

    @Test
    void witnessThreshold_anUncosignedCheckpointAnchorsNothing_aCosignedOneDoes_G26_K3_4() throws Exception {
        DataSource ds = newDb();
        Path tiles = dir.resolve("tiles");
        append(ds, 0, 300);
        try (LogIntegrator in = LogIntegrator.open(ds, tiles, signer, LogIntegrator.Options.defaults())) {
            integrateAll(in);
        }
        NoteSigner witness = NoteSigner.generate("audit.test.mimamori.example/witness", NoteVerifier.COSIGNATURE_V1,
                new SecureRandom());
        jp.mimamori.integrity.keys.TrustStore trust = jp.mimamori.integrity.keys.TrustStore.builder()
                .addKey(jp.mimamori.integrity.keys.VerifyingKey.fromRawEd25519(signer.verifier().publicKey()),
                        jp.mimamori.integrity.keys.KeyScope.of(jp.mimamori.integrity.keys.KeyRole.LOG)
                                .withNoteName(signer.name()))
                .addKey(jp.mimamori.integrity.keys.VerifyingKey.fromRawEd25519(witness.verifier().publicKey()),
                        jp.mimamori.integrity.keys.KeyScope.of(jp.mimamori.integrity.keys.KeyRole.WITNESS)
                                .withNoteName(witness.name()))
                .build();
        jp.mimamori.integrity.checkpoint.CheckpointPolicy one =
                jp.mimamori.integrity.checkpoint.CheckpointPolicy.of(trust).withWitnessThreshold(1);
        List<NoteVerifier> keys = List.of(signer.verifier());
        assertTrue(PostgresLogVerifier.verify(tiles, keys, one.withWitnessThreshold(0), Optional.of(ds),
                Optional.empty()).isValid());
        VerificationReport r = PostgresLogVerifier.verify(tiles, keys, one, Optional.of(ds), Optional.empty());
        assertTrue(r.has(VerificationCode.CHECKPOINT_MISSING), r.toString());
        // The witness cosigns the published checkpoint: now it counts.
        Path cp = tiles.resolve("checkpoint");
        jp.mimamori.integrity.checkpoint.SignedNote n =
                jp.mimamori.integrity.checkpoint.SignedNote.parse(Files.readAllBytes(cp));
        Files.write(cp, n.with(witness.sign(n.text(), Instant.parse("2026-12-01T00:00:00Z").getEpochSecond()))
                .encode());
        r = PostgresLogVerifier.verify(tiles, keys, one, Optional.of(ds), Optional.empty());
        assertTrue(r.isValid(), r.toString());
    }

    @Test
    void aRecordChangedInTheDatabase_isReported_andTheIntegratorRefusesToRebuildOverIt_invariant4() throws Exception {
        DataSource ds = newDb();
        Path tiles = dir.resolve("tiles");
        append(ds, 0, 600);
        try (LogIntegrator in = LogIntegrator.open(ds, tiles, signer, LogIntegrator.Options.defaults())) {
            integrateAll(in);
        }
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            s.executeUpdate("UPDATE mimamori_log_entries SET record = convert_to(replace(convert_from(record, 'UTF8'),"
                    + " 'cam-2', 'cam-9'), 'UTF8') WHERE idx = 7");
        }
        VerificationReport r = PostgresLogVerifier.verify(tiles, List.of(signer.verifier()), Optional.of(ds),
                Optional.empty());
        assertEquals(List.of(VerificationCode.LOG_RECORD_MODIFIED), r.findings().stream().map(x -> x.code()).toList(),
                r.toString());
        assertEquals(7, r.findings().get(0).where().index().getAsLong());
        Files.delete(tile(tiles, 0, 2, 88)); // a partial tile the next leader must read back
        try (LogIntegrator in = LogIntegrator.open(ds, tiles, signer, LogIntegrator.Options.defaults())) {
            IOException e = assertThrows(IOException.class, () -> awaitLead(in));
            assertTrue(e.getMessage().contains("LOG_RECORD_MODIFIED"), e.getMessage());
        }
    }

    @Test
    void damageToPublishedTiles_isClassified_invariant4() throws Exception {
        DataSource ds = newDb();
        Path tiles = dir.resolve("tiles");
        append(ds, 0, 700);
        byte[] early;
        try (LogIntegrator in = LogIntegrator.open(ds, tiles, signer, new LogIntegrator.Options(300,
                java.time.Duration.ofMillis(10)))) {
            assertTrue(awaitLead(in));
            in.integrateOnce();
            early = Files.readAllBytes(tiles.resolve("checkpoint")); // a checkpoint of 300, seen by a client
            integrateAll(in);
        }
        List<NoteVerifier> keys = List.of(signer.verifier());
        assertTrue(PostgresLogVerifier.verify(tiles, keys, Optional.empty(), Optional.of(early)).isValid());

        // a byte of an entry flipped
        Path bundle = tile(tiles, -1, 1, 256);
        byte[] b = Files.readAllBytes(bundle);
        byte[] flipped = b.clone();
        flipped[100] ^= 1;
        Files.write(bundle, flipped);
        VerificationReport r = PostgresLogVerifier.verify(tiles, keys, Optional.empty(), Optional.empty());
        assertTrue(r.has(VerificationCode.LOG_RECORD_MODIFIED), r.toString());
        Files.write(bundle, b);

        // a stored hash above the leaves flipped: proofs would fail
        Path level1 = tile(tiles, 1, 0, 2);
        byte[] t = Files.readAllBytes(level1);
        byte[] t2 = t.clone();
        t2[40] ^= 1;
        Files.write(level1, t2);
        r = PostgresLogVerifier.verify(tiles, keys, Optional.empty(), Optional.empty());
        assertEquals(List.of(VerificationCode.PROOF_INVALID), r.findings().stream().map(x -> x.code()).toList(),
                r.toString());
        TileLog log = TileLog.open(tiles, keys);
        IOException e = assertThrows(IOException.class, () -> log.inclusionProof(3, log.size()));
        assertTrue(e.getMessage().contains("PROOF_INVALID"), e.getMessage());
        Files.write(level1, t);

        // a checkpoint of another history (a fork) given as the one seen before
        NoteSigner same = signer;
        byte[] fork = same.signNote(new jp.mimamori.integrity.checkpoint.Checkpoint(ORIGIN, 300, new byte[32],
                List.of()).body(), 0).encode();
        r = PostgresLogVerifier.verify(tiles, keys, Optional.empty(), Optional.of(fork));
        assertEquals(List.of(VerificationCode.LOG_INCONSISTENT), r.findings().stream().map(x -> x.code()).toList());

        // a missing tile the checkpoint covers, then no checkpoint at all
        Files.delete(tile(tiles, 0, 1, 256));
        r = PostgresLogVerifier.verify(tiles, keys, Optional.empty(), Optional.empty());
        assertTrue(r.has(VerificationCode.LOG_TRUNCATED), r.toString());
        Files.delete(tiles.resolve("checkpoint"));
        r = PostgresLogVerifier.verify(tiles, keys, Optional.empty(), Optional.empty());
        assertEquals(List.of(VerificationCode.CHECKPOINT_MISSING), r.findings().stream().map(x -> x.code()).toList());
    }

    /** Rows of the audit index and the disclosure register, as text, in index order. */
    static List<String> auditRows(DataSource ds) throws Exception {
        List<String> out = new ArrayList<>();
        try (Connection c = ds.getConnection(); Statement s = c.createStatement();
             java.sql.ResultSet r = s.executeQuery("SELECT a.idx, a.type, a.camera, a.principal,"
                     + " extract(epoch FROM a.occurred_at)::bigint, d.disclosure_id, d.recipient"
                     + " FROM mimamori_log_audit a LEFT JOIN mimamori_log_disclosures d USING (idx) ORDER BY a.idx")) {
            while (r.next()) {
                out.add(r.getLong(1) + " " + r.getString(2) + " " + r.getString(3) + " " + r.getString(4) + " "
                        + r.getLong(5) + " " + r.getString(6) + " " + r.getString(7));
            }
        }
        return out;
    }

    static String expectedRow(int n) {
        EvidenceRecord r = record(n);
        boolean d = r.type().equals("disclosure");
        return n + " " + r.type() + " cam-" + (n % 5) + " op-" + (n % 3) + " " + r.occurredAt().getEpochSecond() + " "
                + (d ? "D-" + n : null) + " null";
    }

    @Test
    void appendedRecords_haveTheirAuditRowsFromTheirOwnTransaction_beforeIntegration_K3_4() throws Exception {
        DataSource ds = newDb();
        append(ds, 0, 120);
        List<String> want = new ArrayList<>();
        for (int i = 0; i < 120; i++) {
            want.add(expectedRow(i));
        }
        assertEquals(want, auditRows(ds)); // no integrator has run
        try (LogIntegrator in = LogIntegrator.open(ds, dir.resolve("tiles"), signer, LogIntegrator.Options.defaults())) {
            integrateAll(in);
        }
        assertEquals(want, auditRows(ds)); // the integrator added nothing twice
    }

    @Test
    void recordsSequencedStraightInSql_getTheirAuditRowsFromTheIntegrator_K3_4() throws Exception {
        DataSource ds = newDb();
        append(ds, 0, 10);
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            // as an older appender or a bulk load would: records and the sequence only
            for (int i = 10; i < 300; i++) {
                try (java.sql.PreparedStatement p = c.prepareStatement(
                        "INSERT INTO mimamori_log_entries (idx, record) VALUES (?, ?)")) {
                    p.setLong(1, i);
                    p.setBytes(2, RecordCodec.encode(record(i)));
                    p.executeUpdate();
                }
            }
            s.executeUpdate("UPDATE mimamori_log_sequence SET next_index = 300");
        }
        append(ds, 300, 10);
        assertEquals(20, auditRows(ds).size());
        try (LogIntegrator in = LogIntegrator.open(ds, dir.resolve("tiles"), signer, new LogIntegrator.Options(128,
                java.time.Duration.ofMillis(10)))) {
            integrateAll(in);
        }
        List<String> want = new ArrayList<>();
        for (int i = 0; i < 310; i++) {
            want.add(expectedRow(i));
        }
        assertEquals(want, auditRows(ds));
        try (TileLog log = TileLog.open(dir.resolve("tiles"), List.of(signer.verifier()))) {
            SqlAuditIndex idx = new SqlAuditIndex(ds, log);
            assertTrue(idx.complete());
            assertEquals(7, idx.records(jp.mimamori.integrity.log.AuditIndex.Query.ofType("disclosure")).size());
            assertEquals(55, idx.records(jp.mimamori.integrity.log.AuditIndex.Query.ofType("access.viewed")
                    .withCamera("cam-0")).size()); // 0, 5, ... 305 less the disclosures 0, 50, ... 300
        }
    }

    @Test
    void nonCanonicalRecordSequencedStraightInSql_isRefusedByTheIntegrator_invariant4() throws Exception {
        DataSource ds = newDb();
        append(ds, 0, 10);
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            s.executeUpdate("INSERT INTO mimamori_log_entries (idx, record) VALUES (10,"
                    + " convert_to('{\"type\": \"access.viewed\", \"time\": \"x\", \"body\": {}}', 'UTF8'))");
            s.executeUpdate("UPDATE mimamori_log_sequence SET next_index = 11");
        }
        Path tiles = dir.resolve("tiles");
        try (LogIntegrator in = LogIntegrator.open(ds, tiles, signer, LogIntegrator.Options.defaults())) {
            assertTrue(awaitLead(in));
            IOException e = assertThrows(IOException.class, in::integrateOnce);
            assertTrue(e.getMessage().contains("record 10 is not a canonical record"), e.getMessage());
            assertTrue(e.getMessage().contains("LOG_RECORD_MODIFIED"), e.getMessage());
        }
        assertFalse(Files.exists(tiles.resolve("checkpoint")), "nothing was signed");
    }
}
