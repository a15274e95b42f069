package jp.mimamori.integrity.log;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import jp.mimamori.core.evidence.EvidenceRecord;
import jp.mimamori.core.evidence.EvidenceTypes;
import jp.mimamori.core.finding.Finding;
import jp.mimamori.core.finding.VerificationCode;
import jp.mimamori.core.internal.io.ConfinedFiles;
import jp.mimamori.integrity.checkpoint.NoteSigner;
import jp.mimamori.integrity.checkpoint.NoteVerifier;
import jp.mimamori.integrity.report.VerificationReport;
import jp.mimamori.integrity.timestamp.Timestamps;
import jp.mimamori.integrity.timestamp.internal.TestTsa;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * An insider plants links, FIFOs, devices and huge files in a log folder: the verifier reports each, never
 * following, opening or reading it whole, and the writer refuses to open (docs/SECURITY.md G17, G18; K3-4). Its
 * findings cite the requirement they serve: K3-4 for the log, its checkpoints and timestamps, and for a record the
 * requirement of its type (K3-2-3 for an erasure receipt).
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class LogFolderHostileTest {
    static final Instant NOW = Instant.parse("2026-04-01T09:00:00Z");
    static final NoteSigner KEY = NoteSigner.fromSeed("city.example/evidence-log", NoteVerifier.ED25519, new byte[32]);
    static final String CP = "checkpoints/00000000000000000004.checkpoint";

    @TempDir
    Path tmp;
    Path dir;
    Path outside;
    TestTsa tsa;

    void build() throws IOException {
        dir = tmp.resolve("log");
        outside = Files.createDirectories(tmp.resolve("outside"));
        tsa = TestTsa.create(new SecureRandom(), NOW);
        try (TransparentEvidenceLog log = TransparentEvidenceLog.open(dir)) {
            log.append(TransparentEvidenceLogTest.rec(0));
            log.append(EvidenceRecord.of(EvidenceTypes.ERASURE_RECEIPT, NOW, Map.of("camera", "cam-01", "n", 1)));
            log.append(EvidenceRecord.of(EvidenceTypes.DISCLOSURE, NOW, Map.of("disclosure_id", "d-1")));
            log.append(TransparentEvidenceLogTest.rec(3));
            Path cp = LogCheckpoints.write(log, KEY, List.of(), NOW);
            LogCheckpoints.writeTimestamp(cp, tsa.respond(Timestamps.request(Files.readAllBytes(cp),
                    new SecureRandom()), NOW));
        }
    }

    VerificationReport verify() {
        return LogVerifier.verify(dir, List.of(KEY.verifier()), List.of(tsa.caCertificate()));
    }

    static boolean mkfifo(Path p) throws InterruptedException {
        try {
            Process proc = new ProcessBuilder("mkfifo", p.toString()).start();
            return proc.waitFor(10, TimeUnit.SECONDS) && proc.exitValue() == 0;
        } catch (IOException e) {
            return false;
        }
    }

    @Test
    @DisplayName("K3-4: a FIFO as a checkpoint, its timestamp or the tree state is reported at once, never opened")
    void plantedFifos_areReportedNotOpened() throws Exception {
        build();
        for (String f : List.of(CP, CP + ".tsr", "tree/state", "checkpoint")) {
            Path p = dir.resolve(f);
            Path keep = tmp.resolve("keep");
            Files.move(p, keep);
            assumeTrue(mkfifo(p), "mkfifo is not available");
            VerificationReport r = verify();
            assertFalse(r.isValid(), f);
            assertTrue(r.render(Locale.ENGLISH).contains(f + ": a device, FIFO or socket"), r.render(Locale.ENGLISH));
            ConfinedFiles.RefusedException e = assertThrows(ConfinedFiles.RefusedException.class,
                    () -> TransparentEvidenceLog.open(dir).close());
            assertEquals(ConfinedFiles.Refusal.SPECIAL_FILE, e.reason());
            Files.delete(p);
            Files.move(keep, p);
        }
        assertTrue(verify().isValid(), verify().render(Locale.ENGLISH));
    }

    @Test
    @DisplayName("K3-4: links to /dev/zero or to a file outside the folder are reported, never followed")
    void plantedLinks_areReportedNotFollowed() throws Exception {
        build();
        Files.copy(dir.resolve(TransparentEvidenceLog.RECORDS), outside.resolve("records.log"));
        Files.move(dir.resolve(TransparentEvidenceLog.RECORDS), tmp.resolve("gone"));
        Files.createSymbolicLink(dir.resolve(TransparentEvidenceLog.RECORDS), outside.resolve("records.log"));
        Path zero = Path.of("/dev/zero");
        if (Files.exists(zero)) {
            Files.delete(dir.resolve(CP + ".tsr"));
            Files.createSymbolicLink(dir.resolve(CP + ".tsr"), zero);
        }
        VerificationReport r = verify();
        String text = r.render(Locale.ENGLISH);
        assertTrue(r.has(VerificationCode.LOG_RECORD_MODIFIED), text);
        assertTrue(text.contains("records.log: a symbolic link; links are not followed here"), text);
        assertThrows(ConfinedFiles.RefusedException.class, () -> TransparentEvidenceLog.open(dir).close());
    }

    @Test
    @DisplayName("K3-4: a 3 GB sparse checkpoint, timestamp or tree state is refused by its size, not read")
    void hugeFiles_areRefusedBySize() throws Exception {
        build();
        for (String f : List.of("checkpoint", CP + ".tsr", "tree/state")) {
            try (RandomAccessFile raf = new RandomAccessFile(dir.resolve(f).toFile(), "rw")) {
                raf.setLength(3L << 30);
            }
        }
        VerificationReport r = verify();
        String text = r.render(Locale.ENGLISH);
        assertTrue(text.contains("checkpoint: checkpoint cannot be read"), text);
        assertTrue(text.contains("more than the limit"), text);
        assertTrue(text.contains(CP + ".tsr: timestamp cannot be read"), text);
    }

    @Test
    @DisplayName("findings cite the requirement they serve: K3-4 for checkpoints and timestamps, K3-2-3 for an"
            + " erasure receipt changed in place, K3-4 for a disclosure record")
    void findings_citeTheRequirementTheyServe() throws Exception {
        build();
        Path f = dir.resolve(TransparentEvidenceLog.RECORDS);
        byte[] b = Files.readAllBytes(f);
        String s = new String(b, StandardCharsets.ISO_8859_1);
        for (String field : List.of("\"n\":1", "\"disclosure_id\":\"d-1")) {
            int at = s.indexOf(field) + field.length() - 1;
            b[at] = '2'; // still canonical: only the stored leaf and the signed root can tell
            LogVerifierTest.fixCrc(b, LogVerifierTest.frameStart(b, at));
        }
        Files.write(f, b);
        byte[] cp = Files.readAllBytes(dir.resolve(CP));
        cp[cp.length - 5] ^= 1;
        Files.write(dir.resolve(CP), cp);
        VerificationReport r = verify();
        List<Finding> mod = r.findings(VerificationCode.LOG_RECORD_MODIFIED);
        assertEquals("K3-2-3", mod.stream().filter(x -> x.where().index().orElse(-1) == 1).findFirst()
                .orElseThrow().requirement(), r.render(Locale.ENGLISH));
        assertEquals("K3-4", mod.stream().filter(x -> x.where().index().orElse(-1) == 2).findFirst()
                .orElseThrow().requirement(), r.render(Locale.ENGLISH));
        for (VerificationCode c : List.of(VerificationCode.SIGNATURE_INVALID, VerificationCode.TIMESTAMP_INVALID)) {
            assertTrue(r.has(c), r.render(Locale.ENGLISH));
            r.findings(c).forEach(x -> assertEquals("K3-4", x.requirement(), x.toString()));
        }
    }
}
