package jp.mimamori.recorder.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import jp.mimamori.core.evidence.EvidenceTypes;
import jp.mimamori.core.evidence.SegmentSealed;
import jp.mimamori.core.finding.VerificationCode;
import jp.mimamori.integrity.keys.TrustStore;
import jp.mimamori.integrity.log.AnchoredLog;
import jp.mimamori.integrity.log.TransparentEvidenceLog;
import jp.mimamori.integrity.report.VerificationReport;
import jp.mimamori.integrity.verify.VerifyContext;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * K3-2-4, DESIGN.md invariant 4 ("the log knows every segment that ever existed"): a recorder killed with SIGKILL
 * after a segment's files became durable and before (or just after) its {@code segment.sealed} record was appended
 * leaves that record in the log exactly once after the camera reopens — appended by the reopen when missing, not
 * appended twice when present. The child stops itself at that point and is killed there, so the test does not
 * depend on timing.
 */
class SegmentLogKillTest {
    @TempDir
    Path tmp;

    private static List<Long> sealedSequences(Path logDir) throws IOException {
        List<Long> seqs = new ArrayList<>();
        try (TransparentEvidenceLog log = TransparentEvidenceLog.open(logDir)) {
            for (long i = 0; i < log.size(); i++) {
                var r = log.record(i);
                if (EvidenceTypes.SEGMENT_SEALED.equals(r.type())) {
                    try {
                        seqs.add(SegmentSealed.fromRecord(r).sequence());
                    } catch (jp.mimamori.core.error.InvalidDocumentException e) {
                        throw new AssertionError(e);
                    }
                }
            }
        }
        return seqs;
    }

    @ParameterizedTest(name = "killed {0}")
    @ValueSource(strings = {"before-append", "after-append"})
    @DisplayName("K3-2-4: a kill between a durable segment and its segment.sealed record: the reopen leaves it logged once")
    void killInTheLogWindow_reopenLogsTheSegmentExactlyOnce(String mode) throws Exception {
        Path store = tmp.resolve("store");
        Path logDir = tmp.resolve("log");
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx96m", "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
                SegmentLogKillChild.class.getName(), store.toString(), logDir.toString(), mode)
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.US_ASCII));
        assertEquals("durable 1", in.readLine());
        p.destroyForcibly(); // SIGKILL
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(mode.equals("after-append") ? List.of(0L, 1L) : List.of(0L), sealedSequences(logDir));

        for (int reopen = 0; reopen < 2; reopen++) {
            try (TransparentEvidenceLog log = TransparentEvidenceLog.open(logDir);
                 Recorder r = Recorder.open(store, RecorderProcessTest.options()
                         .withAnchoring(log, StoreV2AnchoringTest.LOG_KEY, java.time.Duration.ofDays(1),
                                 Clock.systemUTC()));
                 CameraRecorder cam = r.camera("cam-01")) {
                assertEquals("cam-01", cam.camera());
            }
            assertEquals(List.of(0L, 1L), sealedSequences(logDir), "after reopen " + (reopen + 1));
        }
        VerificationReport report = new StoreVerifier(Optional.of(RecorderProcessTest.kek())).verify(store,
                VerifyContext.of(TrustStore.of(List.of(RecorderProcessTest.key().verifyingKey())))
                        .withLog(AnchoredLog.read(logDir, List.of(StoreV2AnchoringTest.LOG_KEY.verifier()))));
        assertTrue(report.isValid(), report.render(Locale.ENGLISH));
        // The recorder signed a checkpoint at close (RecorderOptions.withAnchoring): nothing is left unanchored.
        assertTrue(!report.has(VerificationCode.NOT_ANCHORED), report.render(Locale.ENGLISH));
    }
}
