package jp.mimamori.integrity.log;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;
import jp.mimamori.core.finding.Finding;
import jp.mimamori.core.finding.Severity;
import jp.mimamori.core.finding.VerificationCode;
import jp.mimamori.integrity.checkpoint.Checkpoint;
import jp.mimamori.integrity.checkpoint.SignedNote;
import jp.mimamori.integrity.merkle.Merkle;
import jp.mimamori.integrity.report.VerificationReport;
import jp.mimamori.integrity.timestamp.Timestamps;
import jp.mimamori.integrity.timestamp.internal.TestTsa;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The holes an independent verifier found in the file-backed log (issue 14; SECURITY.md G22–G27), each closed and
 * checked here: the stored tree is a cache, an edit in the middle is an edit, no anchor is no evidence, timestamps
 * are never passed over silently, a verifier starts from what it saw, the signer never launders, readers write
 * nothing. All cite K3-4 (the log that records disclosures).
 */
class LogHolesTest {
    static final Instant NOW = LogVerifierTest.NOW;

    @TempDir
    Path dir;

    /** 20 records, signed checkpoints at 8 and 20. */
    void build() throws IOException {
        try (TransparentEvidenceLog log = TransparentEvidenceLog.open(dir)) {
            for (int i = 0; i < 20; i++) {
                log.append(TransparentEvidenceLogTest.rec(i));
                if (i == 7) {
                    LogCheckpoints.write(log, LogVerifierTest.KEY, List.of(), NOW);
                }
            }
            LogCheckpoints.write(log, LogVerifierTest.KEY, List.of(), NOW);
        }
    }

    VerificationReport verify() {
        return LogVerifier.verify(dir, List.of(LogVerifierTest.KEY.verifier()), List.of());
    }

    byte[] records() throws IOException {
        return Files.readAllBytes(dir.resolve(TransparentEvidenceLog.RECORDS));
    }

    void records(byte[] b) throws IOException {
        Files.write(dir.resolve(TransparentEvidenceLog.RECORDS), b);
    }

    /** Changes record {@code i}'s {@code "n"} value in place (same length); the CRC is fixed when asked. */
    void editRecord(int i, boolean fixCrc) throws IOException {
        byte[] b = records();
        int at = new String(b, StandardCharsets.ISO_8859_1).indexOf("\"n\":" + i + ",");
        b[at + 4] = (byte) (b[at + 4] == '9' ? '8' : b[at + 4] + 1);
        if (fixCrc) {
            LogVerifierTest.fixCrc(b, LogVerifierTest.frameStart(b, at));
        }
        records(b);
    }

    void flip(Path file, long offset) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            ByteBuffer b = ByteBuffer.allocate(1);
            ch.read(b, offset);
            b.put(0, (byte) (b.get(0) ^ 1));
            ch.write(b.flip(), offset);
        }
    }

    static String render(VerificationReport r) {
        return r.render(Locale.ENGLISH);
    }

    @Test
    @DisplayName("K3-4, G22: one flipped bit in tree/level-01.hashes is reported; proofs are checked, repair rebuilds")
    void flippedBitInTheStoredTree_isReported_neverServed_andRepaired_K3_4() throws IOException {
        build();
        // Node 3 of level 1 (leaves 6 and 7): on no path the old verifier sampled for the checkpoints of 8 and 20.
        flip(dir.resolve("tree/level-01.hashes"), 3 * 32 + 5);
        VerificationReport r = verify();
        assertFalse(r.isValid(), render(r));
        Finding f = r.findings(VerificationCode.PROOF_INVALID).get(0);
        assertEquals("tree/level-01.hashes", f.where().entry().orElseThrow(), render(r));
        assertEquals(3L, f.where().index().getAsLong());
        assertFalse(r.has(VerificationCode.LOG_RECORD_MODIFIED), render(r));
        // The read-only reader serves the proof of record 4 (whose path holds that node) checked against the signed
        // root: recomputed from the records, never the cache's wrong one.
        Checkpoint signed = checkpoint(20);
        try (LogReader log = LogReader.open(dir)) {
            InclusionProof p = log.inclusionProof(4, 20);
            assertTrue(log.cacheDamaged());
            assertDoesNotThrow(() -> Merkle.verifyInclusion(log.leafHash(4), 4, 20, p.path(), signed.rootHash()));
            ConsistencyProof c = log.consistencyProof(8, 20);
            assertDoesNotThrow(() -> Merkle.verifyConsistency(8, 20, c.path(), checkpoint(8).rootHash(),
                    signed.rootHash()));
        }
        TransparentEvidenceLog.repair(dir);
        assertTrue(verify().isValid(), render(verify()));
    }

    @Test
    @DisplayName("K3-4, G23: a byte flipped mid-log is LOG_RECORD_MODIFIED at its index; later records are still checked")
    void byteFlippedMidLog_isModifiedAtItsIndex_andLaterRecordsAreStillRead_K3_4() throws IOException {
        build();
        editRecord(5, false);  // the frame's CRC now fails: an edit in place, not a cut
        editRecord(12, true);  // a careful forger's edit further on: must not hide behind the first
        VerificationReport r = verify();
        assertFalse(r.has(VerificationCode.LOG_TRUNCATED), render(r));
        List<Long> at = r.findings(VerificationCode.LOG_RECORD_MODIFIED).stream()
                .filter(x -> x.where().index().isPresent()).map(x -> x.where().index().getAsLong()).distinct()
                .sorted().toList();
        assertEquals(List.of(5L, 12L), at, render(r));
        assertTrue(r.findings(VerificationCode.LOG_RECORD_MODIFIED).stream()
                .anyMatch(x -> x.message().en().contains("record 5 (offset")), render(r));
    }

    @Test
    @DisplayName("K3-4, invariant 5: only a damaged final frame is a torn tail: not a finding, and the writer cuts it")
    void damagedFinalFrame_isATornTail_K3_4() throws IOException {
        build();
        long good = Files.size(dir.resolve(TransparentEvidenceLog.RECORDS));
        try (FileChannel ch = FileChannel.open(dir.resolve(TransparentEvidenceLog.RECORDS), StandardOpenOption.APPEND)) {
            ByteBuffer torn = ByteBuffer.allocate(30); // a frame header promising 200 bytes, and 14 of them
            torn.putInt(200).putLong(20).clear();
            ch.write(torn);
        }
        assertTrue(verify().isValid(), render(verify()));
        try (TransparentEvidenceLog log = TransparentEvidenceLog.open(dir)) {
            assertEquals(20, log.size());
            assertEquals(30, log.recovery().cutBytes());
        }
        assertEquals(good, Files.size(dir.resolve(TransparentEvidenceLog.RECORDS)));
    }

    @Test
    @DisplayName("K3-4, G24: a flipped byte plus a missing tree/state never makes the writer cut checkpointed records")
    void damageInsideTheCheckpointedRange_makesTheWriterRefuse_neverCut_K3_4() throws IOException {
        build();
        editRecord(5, false);
        Files.delete(dir.resolve("tree/state"));
        byte[] before = records();
        LogIntegrityException e = assertThrows(LogIntegrityException.class, () -> TransparentEvidenceLog.open(dir));
        assertEquals(VerificationCode.LOG_RECORD_MODIFIED, e.code(), e.getMessage());
        assertArrayEquals(before, records());
        // Beyond every checkpoint, a damaged record with valid records after it is still an edit: refused too.
        Path other = dir.resolveSibling(dir.getFileName() + "-2");
        try (TransparentEvidenceLog log = TransparentEvidenceLog.open(other)) {
            for (int i = 0; i < 6; i++) {
                log.append(TransparentEvidenceLogTest.rec(i));
            }
        }
        Path f = other.resolve(TransparentEvidenceLog.RECORDS);
        byte[] b = Files.readAllBytes(f);
        b[LogVerifierTest.nthFrame(b, 2) + 20] ^= 1;
        Files.write(f, b);
        Files.delete(other.resolve("tree/state"));
        assertEquals(VerificationCode.LOG_RECORD_MODIFIED,
                assertThrows(LogIntegrityException.class, () -> TransparentEvidenceLog.open(other)).code());
        assertArrayEquals(b, Files.readAllBytes(f));
    }

    @Test
    @DisplayName("K3-4, G2: no trusted checkpoint is CHECKPOINT_MISSING; records after the newest are NOT_ANCHORED")
    void unanchoredRecords_areReported_K3_4() throws IOException {
        try (TransparentEvidenceLog log = TransparentEvidenceLog.open(dir)) {
            for (int i = 0; i < 12; i++) {
                log.append(TransparentEvidenceLogTest.rec(i));
            }
        }
        VerificationReport none = verify();
        assertFalse(none.isValid(), render(none));
        assertTrue(none.has(VerificationCode.CHECKPOINT_MISSING), render(none));
        try (TransparentEvidenceLog log = TransparentEvidenceLog.open(dir)) {
            LogCheckpoints.write(log, LogVerifierTest.KEY, List.of(), NOW);
            log.append(TransparentEvidenceLogTest.rec(12));
            log.append(TransparentEvidenceLogTest.rec(13));
        }
        VerificationReport r = verify();
        assertTrue(r.isValid(), render(r));
        Finding f = r.findings(VerificationCode.NOT_ANCHORED).get(0);
        assertEquals(Severity.INFO, f.severity());
        assertEquals(12L, f.where().index().getAsLong());
    }

    @Test
    @DisplayName("K3-4, G27: a timestamp without a TSA root is TIMESTAMP_UNCHECKED; a damaged one TIMESTAMP_INVALID")
    void timestamps_areUncheckedOrInvalid_neverSilent_K3_4() throws IOException {
        build();
        TestTsa tsa = TestTsa.create(new SecureRandom(), NOW);
        Path cp = LogCheckpoints.list(dir).get(1);
        LogCheckpoints.writeTimestamp(cp, tsa.respond(Timestamps.request(Files.readAllBytes(cp), new SecureRandom()),
                NOW));
        VerificationReport r = verify();
        assertTrue(r.isValid(), render(r));
        assertEquals(Severity.INFO, r.findings(VerificationCode.TIMESTAMP_UNCHECKED).get(0).severity(), render(r));
        Path tsr = cp.resolveSibling(cp.getFileName() + ".tsr");
        byte[] t = Files.readAllBytes(tsr);
        t[t.length - 40] ^= 1;
        Files.write(tsr, t);
        VerificationReport damaged = verify();
        assertTrue(damaged.has(VerificationCode.TIMESTAMP_INVALID), render(damaged));
        assertFalse(damaged.has(VerificationCode.TIMESTAMP_UNCHECKED), render(damaged));
    }

    @Test
    @DisplayName("K3-4, G26: verify --since catches a rollback and a rewrite after the checkpoints were deleted")
    void verifySince_catchesRollbackAndRewrite_K3_4() throws IOException {
        build();
        Checkpoint seen = checkpoint(20);
        assertTrue(LogVerifier.verify(dir, List.of(LogVerifierTest.KEY.verifier()), List.of(), Optional.of(seen))
                .isValid());
        // Rewrite: record 3 edited (CRC fixed), the checkpoints and the cache deleted, the log signed afresh.
        editRecord(3, true);
        deleteCheckpointsAndTree();
        try (TransparentEvidenceLog log = TransparentEvidenceLog.open(dir)) {
            LogCheckpoints.write(log, LogVerifierTest.KEY, List.of(), NOW);
        }
        assertTrue(verify().isValid(), "without memory the rewrite looks fine: " + render(verify()));
        VerificationReport r = LogVerifier.verify(dir, List.of(LogVerifierTest.KEY.verifier()), List.of(),
                Optional.of(seen));
        assertTrue(r.has(VerificationCode.LOG_INCONSISTENT), render(r));
        // Rollback: cut to 10 records and re-signed.
        byte[] b = records();
        records(java.util.Arrays.copyOf(b, LogVerifierTest.nthFrame(b, 10)));
        deleteCheckpointsAndTree();
        try (TransparentEvidenceLog log = TransparentEvidenceLog.open(dir)) {
            LogCheckpoints.write(log, LogVerifierTest.KEY, List.of(), NOW);
        }
        VerificationReport back = LogVerifier.verify(dir, List.of(LogVerifierTest.KEY.verifier()), List.of(),
                Optional.of(seen));
        assertTrue(back.has(VerificationCode.LOG_TRUNCATED), render(back));
    }

    void deleteCheckpointsAndTree() throws IOException {
        for (String sub : List.of("checkpoints", "tree")) {
            try (Stream<Path> s = Files.list(dir.resolve(sub))) {
                for (Path p : s.toList()) {
                    Files.delete(p);
                }
            }
        }
        Files.delete(dir.resolve(LogCheckpoints.LATEST));
    }

    @Test
    @DisplayName("K3-4, G25: log checkpoint refuses a rewritten record (LOG_INCONSISTENT) and never overwrites a file")
    void signer_refusesToLaunderARewrite_andNeverOverwrites_K3_4() throws IOException {
        build();
        editRecord(3, true);
        try (Stream<Path> s = Files.list(dir.resolve("tree"))) {
            for (Path p : s.toList()) {
                Files.delete(p); // the writer rebuilds its cache from the edited records
            }
        }
        Map<String, byte[]> before = snapshot(dir.resolve("checkpoints"));
        try (TransparentEvidenceLog log = TransparentEvidenceLog.open(dir)) {
            log.append(TransparentEvidenceLogTest.rec(20));
            LogIntegrityException e = assertThrows(LogIntegrityException.class,
                    () -> LogCheckpoints.write(log, LogVerifierTest.KEY, List.of(), NOW));
            assertEquals(VerificationCode.LOG_INCONSISTENT, e.code(), e.getMessage());
        }
        assertEquals(before.keySet(), snapshot(dir.resolve("checkpoints")).keySet());
        // A checkpoint file of the current size with another root is never replaced.
        Path fresh = dir.resolveSibling(dir.getFileName() + "-fresh");
        try (TransparentEvidenceLog log = TransparentEvidenceLog.open(fresh)) {
            log.append(TransparentEvidenceLogTest.rec(0));
            Path planted = fresh.resolve("checkpoints").resolve(String.format("%020d.checkpoint", 1));
            Files.createDirectories(planted.getParent());
            byte[] other = LogVerifierTest.KEY.signNote(new Checkpoint(LogVerifierTest.KEY.name(), 1, new byte[32],
                    List.of()).body(), 0).encode();
            Files.write(planted, other);
            assertThrows(LogIntegrityException.class, () -> LogCheckpoints.write(log, LogVerifierTest.KEY, List.of(),
                    NOW));
            assertArrayEquals(other, Files.readAllBytes(planted));
        }
    }

    @Test
    @DisplayName("K3-4, G24: readers write nothing, take no lock, and read a write-protected copy")
    void readers_writeNothing_takeNoLock_andReadWriteProtectedFolders_K3_4() throws IOException {
        build();
        // The writer holds the folder's lock: a reader that took a lock would fail here.
        try (TransparentEvidenceLog writer = TransparentEvidenceLog.open(dir)) {
            try (LogReader r = LogReader.open(dir)) {
                assertEquals(20, r.size());
                r.inclusionProof(3, 20);
            }
            assertTrue(verify().isValid(), render(verify()));
            assertEquals(20, writer.size());
        }
        // A write-protected copy (files r--, folders r-x): every reader gives the right verdict and changes nothing.
        Path ro = dir.resolveSibling(dir.getFileName() + "-ro");
        copyTree(dir, ro);
        Map<String, byte[]> before = snapshot(ro);
        setWritable(ro, false);
        try {
            assertTrue(LogVerifier.verify(ro, List.of(LogVerifierTest.KEY.verifier()), List.of()).isValid());
            try (LogReader r = LogReader.open(ro)) {
                r.inclusionProof(7, 20);
                r.consistencyProof(8, 20);
                DisclosureRegister.from(r);
            }
            assertEquals(20, AnchoredLog.read(ro, List.of(LogVerifierTest.KEY.verifier())).anchoredSize());
        } finally {
            setWritable(ro, true);
        }
        Map<String, byte[]> after = snapshot(ro);
        assertEquals(before.keySet(), after.keySet());
        before.forEach((k, v) -> assertArrayEquals(v, after.get(k), k));
    }

    Checkpoint checkpoint(long size) throws IOException {
        try {
            return Checkpoint.parseBody(SignedNote.parse(Files.readAllBytes(dir.resolve("checkpoints")
                    .resolve(String.format("%020d.checkpoint", size)))).text());
        } catch (jp.mimamori.integrity.checkpoint.NoteFormatException e) {
            throw new IOException(e);
        }
    }

    static Map<String, byte[]> snapshot(Path root) throws IOException {
        Map<String, byte[]> out = new TreeMap<>();
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : s.toList()) {
                String k = root.relativize(p).toString() + "@" + Files.getLastModifiedTime(p).toMillis();
                out.put(k, Files.isRegularFile(p) ? Files.readAllBytes(p) : new byte[0]);
            }
        }
        return out;
    }

    static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> s = Files.walk(from)) {
            for (Path p : s.toList()) {
                Path t = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(t);
                } else {
                    Files.copy(p, t, java.nio.file.StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
    }

    static void setWritable(Path root, boolean writable) throws IOException {
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : s.toList()) {
                Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(Files.isDirectory(p)
                        ? (writable ? "rwxr-xr-x" : "r-xr-xr-x") : (writable ? "rw-r--r--" : "r--r--r--")));
            }
        }
    }

    static void assertDoesNotThrow(org.junit.jupiter.api.function.Executable e) {
        org.junit.jupiter.api.Assertions.assertDoesNotThrow(e);
    }
}
