package jp.mimamori.integrity.log;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import jp.mimamori.core.evidence.EvidenceRecord;
import jp.mimamori.core.evidence.EvidenceTypes;
import jp.mimamori.core.finding.VerificationCode;
import jp.mimamori.integrity.checkpoint.NoteSigner;
import jp.mimamori.integrity.checkpoint.NoteVerifier;
import jp.mimamori.integrity.log.internal.RecordFile;
import jp.mimamori.integrity.report.VerificationReport;
import jp.mimamori.integrity.timestamp.Timestamps;
import jp.mimamori.integrity.timestamp.internal.TestTsa;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The log verifier classifies every change to a log (invariant 4, K3-4) and never throws. */
class LogVerifierTest {
    static final Instant NOW = Instant.parse("2026-04-01T09:00:00Z");
    static final NoteSigner KEY = NoteSigner.fromSeed("city.example/evidence-log", NoteVerifier.ED25519, new byte[32]);

    @TempDir
    Path dir;

    /** A log of 20 records with signed checkpoints at 8 and 20, the latter timestamped. */
    TestTsa build() throws IOException {
        TestTsa tsa = TestTsa.create(new SecureRandom(), NOW);
        try (TransparentEvidenceLog log = TransparentEvidenceLog.open(dir)) {
            for (int i = 0; i < 20; i++) {
                log.append(TransparentEvidenceLogTest.rec(i));
                if (i == 7) {
                    LogCheckpoints.write(log, KEY, List.of(), NOW);
                }
            }
            Path cp = LogCheckpoints.write(log, KEY, List.of(), NOW);
            LogCheckpoints.writeTimestamp(cp, tsa.respond(Timestamps.request(Files.readAllBytes(cp), new SecureRandom()), NOW));
        }
        return tsa;
    }

    VerificationReport verify(TestTsa tsa) {
        return LogVerifier.verify(dir, List.of(KEY.verifier()), List.of(tsa.caCertificate()));
    }

    @Test
    void untouchedLog_isValid() throws IOException {
        TestTsa tsa = build();
        VerificationReport r = verify(tsa);
        assertTrue(r.isValid(), r.render(Locale.ENGLISH));
    }

    @Test
    void changedRecord_isLogRecordModifiedAtItsIndex() throws IOException {
        TestTsa tsa = build();
        Path f = dir.resolve(TransparentEvidenceLog.RECORDS);
        byte[] b = Files.readAllBytes(f);
        String s = new String(b, StandardCharsets.ISO_8859_1);
        int at = s.indexOf("\"n\":5,");
        b[at + 4] = '6';
        // Keep the frame CRC right, as a careful forger would: only the Merkle tree can tell.
        fixCrc(b, frameStart(b, at));
        Files.write(f, b);
        VerificationReport r = verify(tsa);
        assertTrue(r.has(VerificationCode.LOG_RECORD_MODIFIED), r.render(Locale.ENGLISH));
        assertEquals(5L, r.findings(VerificationCode.LOG_RECORD_MODIFIED).get(0).where().index().getAsLong());
    }

    @Test
    void truncatedLog_isLogTruncated() throws IOException {
        TestTsa tsa = build();
        Path f = dir.resolve(TransparentEvidenceLog.RECORDS);
        byte[] b = Files.readAllBytes(f);
        Files.write(f, java.util.Arrays.copyOf(b, frameStart(b, b.length - 1)));
        VerificationReport r = verify(tsa);
        assertTrue(r.has(VerificationCode.LOG_TRUNCATED), r.render(Locale.ENGLISH));
    }

    @Test
    void swappedRecords_areReportedAsReordered() throws IOException {
        TestTsa tsa = build();
        Path f = dir.resolve(TransparentEvidenceLog.RECORDS);
        byte[] b = Files.readAllBytes(f);
        int a = nthFrame(b, 3);
        int c = nthFrame(b, 4);
        int e = nthFrame(b, 5);
        byte[] out = b.clone();
        System.arraycopy(b, c, out, a, e - c);
        System.arraycopy(b, a, out, a + (e - c), c - a);
        Files.write(f, out);
        VerificationReport r = verify(tsa);
        assertTrue(r.findings(VerificationCode.LOG_RECORD_MODIFIED).stream()
                .anyMatch(x -> x.message().en().contains("(reordered)")), r.render(Locale.ENGLISH));
    }

    @Test
    void forkedCheckpoint_isLogInconsistent() throws IOException {
        TestTsa tsa = build();
        // A validly signed checkpoint of size 8 over other records: the log signed two histories.
        Path other = dir.resolveSibling(dir.getFileName() + "-fork");
        try (TransparentEvidenceLog log = TransparentEvidenceLog.open(other)) {
            for (int i = 100; i < 108; i++) {
                log.append(TransparentEvidenceLogTest.rec(i));
            }
            Path cp = LogCheckpoints.write(log, KEY, List.of(), NOW);
            Files.copy(cp, dir.resolve("checkpoints").resolve(cp.getFileName()), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        VerificationReport r = verify(tsa);
        assertTrue(r.has(VerificationCode.LOG_INCONSISTENT), r.render(Locale.ENGLISH));
    }

    @Test
    void checkpointEditedOrSignedByAnotherKey_isSignatureInvalidOrKeyUntrusted() throws IOException {
        TestTsa tsa = build();
        VerificationReport untrusted = LogVerifier.verify(dir, List.of(NoteSigner.generate("other.example/log",
                NoteVerifier.ED25519, new SecureRandom()).verifier()), List.of());
        assertTrue(untrusted.has(VerificationCode.KEY_UNTRUSTED), untrusted.render(Locale.ENGLISH));
        Path latest = dir.resolve(LogCheckpoints.LATEST);
        Files.writeString(latest, Files.readString(latest).replaceFirst("\n20\n", "\n19\n"));
        assertTrue(verify(tsa).has(VerificationCode.SIGNATURE_INVALID));
    }

    @Test
    void timestampOverAnotherCheckpoint_isTimestampInvalid() throws IOException {
        TestTsa tsa = build();
        List<Path> cps = LogCheckpoints.list(dir);
        Files.copy(cps.get(1).resolveSibling(cps.get(1).getFileName() + ".tsr"),
                cps.get(0).resolveSibling(cps.get(0).getFileName() + ".tsr"));
        assertTrue(verify(tsa).has(VerificationCode.TIMESTAMP_INVALID));
    }

    @Test
    void damagedStoredTree_isProofInvalid() throws IOException {
        TestTsa tsa = build();
        try (FileChannel ch = FileChannel.open(dir.resolve("tree/level-01.hashes"), StandardOpenOption.WRITE)) {
            ch.write(ByteBuffer.wrap(new byte[32 * 10]), 0);
        }
        VerificationReport r = verify(tsa);
        assertTrue(r.has(VerificationCode.PROOF_INVALID), r.render(Locale.ENGLISH));
    }

    @Test
    void garbageFolder_givesAReportNotAnException() throws IOException {
        Files.writeString(dir.resolve(TransparentEvidenceLog.RECORDS), "not a log");
        VerificationReport r = LogVerifier.verify(dir, List.of(KEY.verifier()), List.of());
        assertTrue(r.has(VerificationCode.LOG_RECORD_MODIFIED));
    }

    @Test
    void auditIndexAndDisclosureRegister_readTheLog_K3_4() throws IOException {
        try (TransparentEvidenceLog log = TransparentEvidenceLog.open(dir)) {
            for (int i = 0; i < 10; i++) {
                log.append(TransparentEvidenceLogTest.rec(i));
            }
            log.append(EvidenceRecord.of(EvidenceTypes.DISCLOSURE, NOW, Map.of("disclosure_id", "D-2026-001",
                    "provided_at", "2026-04-01T10:00:00Z", "recipient", "Kumagaya Police Station",
                    "recipient_verification", "officer ID card checked", "reason", "theft investigation",
                    "basis", "written request (捜査関係事項照会)", "camera", "cam-1",
                    "content", Map.of("camera", "cam-1", "from", "2026-03-31T20:00:00Z", "to", "2026-03-31T21:00:00Z"))));
            AuditIndex idx = AuditIndex.build(log);
            assertEquals(List.of(1L, 4L, 7L, 10L), idx.query(AuditIndex.Query.all().withCamera("cam-1")));
            assertEquals(List.of(0L, 5L), idx.query(AuditIndex.Query.ofType(EvidenceTypes.ACCESS_DECISION)
                    .withPrincipal("op-0")));
            assertEquals(List.of(2L, 3L), idx.query(AuditIndex.Query.all().since(NOW.plusSeconds(2))
                    .until(NOW.plusSeconds(4))));
            DisclosureRegister reg = DisclosureRegister.from(log);
            assertEquals(1, reg.entries().size());
            String ja = reg.render(Locale.JAPANESE);
            assertTrue(ja.contains("提供先: Kumagaya Police Station"), ja);
            assertTrue(ja.contains("本人確認の方法: officer ID card checked"), ja);
            assertTrue(reg.render(Locale.ENGLISH).contains("Reason: theft investigation"));
        }
    }

    @Test
    void auditIndex_findsARecordOfSeveralCamerasByEachOfThem_singleCameraRecordsAsBefore_K3_4() throws IOException {
        try (TransparentEvidenceLog log = TransparentEvidenceLog.open(dir)) {
            for (int i = 0; i < 6; i++) {
                log.append(TransparentEvidenceLogTest.rec(i)); // cam-0: 0, 3; cam-1: 1, 4; cam-2: 2, 5
            }
            EvidenceRecord decision = EvidenceRecord.of(EvidenceTypes.DISCLOSURE_DECISION, NOW.plusSeconds(10),
                    Map.of("request_id", "R-1", "decision", "PERMIT", "cameras", List.of("cam-1", "cam-9")));
            EvidenceRecord export = EvidenceRecord.of(EvidenceTypes.EXPORT, NOW.plusSeconds(11),
                    Map.of("disclosure_id", "R-1", "cameras", List.of("cam-9", "cam-2")));
            log.append(decision); // 6
            log.append(export); // 7
            // a camera named twice is indexed once (the intersections need each index once)
            log.append(EvidenceRecord.of("note.test", NOW.plusSeconds(12),
                    Map.of("camera", "cam-3", "cameras", List.of("cam-3")))); // 8
            AuditIndex idx = AuditIndex.build(log);
            assertEquals(List.of(0L, 3L), idx.query(AuditIndex.Query.all().withCamera("cam-0")));
            assertEquals(List.of(1L, 4L, 6L), idx.query(AuditIndex.Query.all().withCamera("cam-1")));
            assertEquals(List.of(2L, 5L, 7L), idx.query(AuditIndex.Query.all().withCamera("cam-2")));
            assertEquals(List.of(8L), idx.query(AuditIndex.Query.all().withCamera("cam-3")));
            assertEquals(List.of(decision, export), idx.records(AuditIndex.Query.all().withCamera("cam-9")));
            assertEquals(List.of(6L), idx.query(AuditIndex.Query.ofType(EvidenceTypes.DISCLOSURE_DECISION)
                    .withCamera("cam-1")));
            assertEquals(List.of(7L), idx.query(AuditIndex.Query.ofType(EvidenceTypes.EXPORT).withCamera("cam-2")));
            assertEquals(List.of(), idx.query(AuditIndex.Query.ofType(EvidenceTypes.EXPORT).withCamera("cam-1")));
            assertTrue(AuditIndex.Query.all().withCamera("cam-9").matches(export));
            assertTrue(!AuditIndex.Query.all().withCamera("cam-1").matches(export));
        }
    }

    static int nthFrame(byte[] b, int n) {
        int off = RecordFile.HEADER.length;
        for (int i = 0; i < n; i++) {
            off += RecordFile.FRAME_HEADER + ByteBuffer.wrap(b, off, 4).getInt();
        }
        return off;
    }

    static int frameStart(byte[] b, int pos) {
        int off = RecordFile.HEADER.length;
        while (true) {
            int next = off + RecordFile.FRAME_HEADER + ByteBuffer.wrap(b, off, 4).getInt();
            if (next > pos) {
                return off;
            }
            off = next;
        }
    }

    static void fixCrc(byte[] b, int off) {
        int len = ByteBuffer.wrap(b, off, 4).getInt();
        java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
        crc.update(b, off, 12);
        crc.update(b, off + RecordFile.FRAME_HEADER, len);
        ByteBuffer.wrap(b).putInt(off + 12, (int) crc.getValue());
    }
}
