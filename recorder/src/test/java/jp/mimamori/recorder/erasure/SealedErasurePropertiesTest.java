package jp.mimamori.recorder.erasure;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import jp.mimamori.core.crypto.SecretBytes;
import jp.mimamori.core.evidence.ErasureReason;
import jp.mimamori.core.finding.VerificationCode;
import jp.mimamori.core.segment.SegmentRef;
import jp.mimamori.integrity.keys.SignatureAlgorithm;
import jp.mimamori.integrity.keys.SigningKey;
import jp.mimamori.integrity.keys.TrustStore;
import jp.mimamori.integrity.checkpoint.NoteSigner;
import jp.mimamori.integrity.checkpoint.NoteVerifier;
import jp.mimamori.integrity.log.AnchoredLog;
import jp.mimamori.integrity.log.LogCheckpoints;
import jp.mimamori.integrity.log.TransparentEvidenceLog;
import jp.mimamori.integrity.report.VerificationReport;
import jp.mimamori.integrity.seal.SegmentLog;
import jp.mimamori.integrity.verify.VerifyContext;
import jp.mimamori.recorder.store.CameraRecorder;
import jp.mimamori.recorder.store.Recorder;
import jp.mimamori.recorder.store.RecorderOptions;
import jp.mimamori.recorder.store.StoreVerifier;
import jp.mimamori.recorder.store.TestSegments;
import jp.mimamori.retention.erase.ErasureEngine;
import jp.mimamori.testing.Props;
import jp.mimamori.testing.TestDecisions;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Invariant 4 over random histories of sealing and erasing: every sealed segment erased through retention's
 * engine is reported {@code SEGMENT_ERASED} with the log's receipts (store VALID), and each is
 * {@code SEGMENT_MISSING} without them (K3-2-3) — also when a crash cut the removal of erased segments' files
 * short, and after the writer's next open removed them.
 */
class SealedErasurePropertiesTest {
    private static final SigningKey KEY = keyOrThrow();
    private static final SigningKey RETENTION = keyOrThrow();
    private static final jp.mimamori.retention.crypto.KeyEncryptionKey KEK =
            jp.mimamori.retention.crypto.KeyEncryptionKey.generate();
    private static final NoteSigner LOG_KEY = NoteSigner.generate("test.mimamori.example/log", NoteVerifier.ED25519,
            new SecureRandom());

    @TempDir
    Path base;

    private static SigningKey keyOrThrow() {
        try {
            return SigningKey.generate(SignatureAlgorithm.ED25519, new SecureRandom());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    @DisplayName("invariant 4, K3-2-3: random seal/erase histories verify VALID with receipts, one gap each without")
    void randomHistories_erasuresAreToldApartFromDeletions() {
        TrustStore trust = TrustStore.of(List.of(KEY.verifyingKey(), RETENTION.verifyingKey()));
        // 0-4 seal, 5-9 erase, 10: from then on the cleanup is cut short (a crash after the keys' destruction).
        Props.theory(25).forAll(lists().of(integers().between(0, 10)).ofSizeBetween(1, 8)).checkAssert(actions -> {
            try {
                Path dir = Files.createTempDirectory(base, "h");
                Path store = dir.resolve("store");
                int erasedCount = 0;
                List<Long> erasedSeqs = new java.util.ArrayList<>();
                Clock clock = Clock.fixed(Instant.parse("2026-05-01T00:00:00Z"), ZoneOffset.UTC);
                // Encrypted: erasure destroys data keys in the vault the recording process holds open (shared).
                try (TransparentEvidenceLog log = TransparentEvidenceLog.open(dir.resolve("log"));
                     Recorder recorder = Recorder.open(store, RecorderOptions.encrypted(KEY, KEK)
                             .withSegmentLog(SegmentLog.to(log, clock)));
                     CameraRecorder chain = recorder.camera("cam-01");
                     SealedSegmentStore adapter = SealedSegmentStore.open(store, Optional.of(KEK));
                     ErasureEngine engine = ErasureEngine.open(dir.resolve("journal"), SecretBytes.random(32), adapter,
                             log, s -> false, (p, c, t) -> TestDecisions.permit(), clock, RETENTION)) {
                    long us = Instant.parse("2026-04-01T00:00:00Z").getEpochSecond() * 1_000_000L;
                    for (int a : actions) {
                        List<SegmentRef> live = adapter.list();
                        if (a == 10) {
                            adapter.skipCleanupForTest();
                        } else if (a < 5 || live.isEmpty()) {
                            us += 60_000_000L;
                            TestSegments.seal(chain, new byte[] {(byte) a}, us);
                        } else {
                            SegmentRef victim = live.get(a % live.size());
                            assertTrue(engine.erase(List.of(victim), ErasureReason.SCHEDULED, "svc-retention")
                                    .receipts().get(0).erased());
                            assertFalse(adapter.list().contains(victim), "not live once its key is destroyed");
                            erasedCount++;
                            erasedSeqs.add(victim.sequence());
                        }
                    }
                    LogCheckpoints.write(log, LOG_KEY, List.of(), clock.instant());
                }
                StoreVerifier v = new StoreVerifier(Optional.of(KEK));
                VerificationReport with = v.verify(store, VerifyContext.of(trust)
                        .withLog(AnchoredLog.read(dir.resolve("log"), List.of(LOG_KEY.verifier()))));
                assertTrue(with.isValid(), with.render(Locale.ENGLISH));
                assertEquals(erasedCount, with.findings(VerificationCode.SEGMENT_ERASED).size());
                VerificationReport without = v.verify(store, VerifyContext.of(trust));
                assertEquals(erasedCount, without.findings(VerificationCode.SEGMENT_MISSING).size(),
                        without.render(Locale.ENGLISH));
                assertEquals(erasedCount == 0, without.isValid());
                // The writer's next open removes whatever an interrupted cleanup left; the verdict stays.
                try (Recorder recorder = Recorder.open(store, RecorderOptions.encrypted(KEY, KEK));
                     CameraRecorder chain = recorder.camera("cam-01")) {
                    for (long seq : erasedSeqs) {
                        assertFalse(Files.exists(store.resolve("cam-01").resolve(String.format("%012d", seq))),
                                "files of erased segment " + seq + " removed");
                    }
                }
                VerificationReport again = v.verify(store, VerifyContext.of(trust)
                        .withLog(AnchoredLog.read(dir.resolve("log"), List.of(LOG_KEY.verifier()))));
                assertTrue(again.isValid(), again.render(Locale.ENGLISH));
                assertEquals(erasedCount, again.findings(VerificationCode.SEGMENT_ERASED).size());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
    }
}
