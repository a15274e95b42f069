package jp.mimamori.recorder.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;
import jp.mimamori.core.finding.VerificationCode;
import jp.mimamori.integrity.checkpoint.NoteSigner;
import jp.mimamori.integrity.checkpoint.NoteVerifier;
import jp.mimamori.integrity.keys.TrustStore;
import jp.mimamori.integrity.log.AnchoredLog;
import jp.mimamori.integrity.log.TransparentEvidenceLog;
import jp.mimamori.integrity.report.VerificationReport;
import jp.mimamori.integrity.verify.VerifyContext;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Store v2 anchored in the evidence log (K3-2-4, K3-4, invariant 4): the recorder records every sealed segment
 * ({@code segment.sealed}) and the log is checkpointed on a schedule and at close, so deleting the newest segments
 * of the store — chain state and all — is {@code SEGMENT_MISSING} when the store is verified against its log.
 */
class StoreV2AnchoringTest {
    static final NoteSigner LOG_KEY = NoteSigner.generate("test.mimamori.example/log", NoteVerifier.ED25519,
            new SecureRandom());

    @TempDir
    Path tmp;

    VerificationReport verify(Path store, Path log) {
        return new StoreVerifier(Optional.of(StoreV2Test.KEK)).verify(store, VerifyContext.of(TrustStore.of(
                List.of(StoreV2Test.KEY.verifyingKey()))).withLog(AnchoredLog.read(log, List.of(LOG_KEY.verifier()))));
    }

    @Test
    @DisplayName("G3: the newest segment of an encrypted store v2 deleted with its chain state is SEGMENT_MISSING")
    void newestSegmentDeleted_isSegmentMissingAgainstTheLog() throws Exception {
        Path store = tmp.resolve("store");
        Path logDir = tmp.resolve("log");
        // The recorder records each segment and signs checkpoints itself (hourly here, and at close).
        try (TransparentEvidenceLog log = TransparentEvidenceLog.open(logDir);
             Recorder r = Recorder.open(store, StoreV2Test.options(true)
                     .withAnchoring(log, LOG_KEY, Duration.ofHours(1), Clock.systemUTC()))) {
            try (CameraRecorder cam = r.camera("cam-01")) {
                for (int k = 0; k < 3; k++) {
                    StoreV2Test.live(cam, StoreV2Test.random(k, 2_500), k);
                }
            }
        }
        VerificationReport ok = verify(store, logDir);
        assertTrue(ok.isValid(), ok.render(Locale.ENGLISH));
        assertFalse(ok.has(VerificationCode.NOT_ANCHORED), ok.render(Locale.ENGLISH));

        Path cam = store.resolve("cam-01");
        deleteTree(cam.resolve(String.format("%012d", 2)));
        try (Stream<Path> s = Files.list(cam)) {
            for (Path p : s.filter(p -> p.getFileName().toString().startsWith("chain.json")).toList()) {
                Files.delete(p);
            }
        }
        VerificationReport r = verify(store, logDir);
        assertFalse(r.isValid(), r.render(Locale.ENGLISH));
        assertEquals(List.of(2L), r.findings(VerificationCode.SEGMENT_MISSING).stream()
                .map(f -> f.where().segment().orElse(-1)).toList(), r.render(Locale.ENGLISH));
    }

    static void deleteTree(Path p) throws Exception {
        try (Stream<Path> s = Files.walk(p)) {
            for (Path x : s.sorted((a, b) -> b.getNameCount() - a.getNameCount()).toList()) {
                Files.delete(x);
            }
        }
    }
}
