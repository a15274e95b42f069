package jp.mimamori.recorder.erasure;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import jp.mimamori.core.crypto.SecretBytes;
import jp.mimamori.core.evidence.ErasureReason;
import jp.mimamori.core.evidence.ErasureReceipt;
import jp.mimamori.core.finding.Severity;
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
import jp.mimamori.integrity.manifest.SignedManifest;
import jp.mimamori.integrity.report.VerificationReport;
import jp.mimamori.integrity.seal.SegmentLog;
import jp.mimamori.integrity.verify.VerifyContext;
import jp.mimamori.recorder.store.CameraRecorder;
import jp.mimamori.recorder.store.Recorder;
import jp.mimamori.recorder.store.RecorderOptions;
import jp.mimamori.recorder.store.StoreVerifier;
import jp.mimamori.recorder.store.TestSegments;
import jp.mimamori.retention.erase.ErasureEngine;
import jp.mimamori.testing.Receipts;
import jp.mimamori.testing.TestDecisions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Retention's erasure engine over the recorder's store v2: an erased sealed segment is reported
 * {@code SEGMENT_ERASED} with its signed, anchored receipt from the evidence log, and as tampering without it (K3-2-3,
 * invariant 4).
 */
class SealedSegmentStoreTest {
    private static final Instant T0 = Instant.parse("2026-04-01T09:00:00Z");
    private static final Clock CLOCK = Clock.fixed(T0.plusSeconds(86_400 * 15), ZoneOffset.UTC);

    @TempDir
    Path dir;
    private Path store;
    private TrustStore trust;
    private final List<SignedManifest> sealed = new ArrayList<>();

    /** The retention service's key, which signs receipts; the log's checkpoint key. */
    static final SigningKey RETENTION = SigningKey.generate(SignatureAlgorithm.ED25519, new SecureRandom());
    static final NoteSigner LOG_KEY = NoteSigner.generate("test.mimamori.example/log", NoteVerifier.ED25519,
            new SecureRandom());

    @BeforeEach
    void sealThreeSegments() throws Exception {
        store = dir.resolve("store");
        SigningKey key = SigningKey.generate(SignatureAlgorithm.ED25519, new SecureRandom());
        trust = TrustStore.of(List.of(key.verifyingKey(), RETENTION.verifyingKey()));
        try (TransparentEvidenceLog log = TransparentEvidenceLog.open(dir.resolve("log"));
             Recorder recorder = Recorder.open(store, RecorderOptions.plain(key)
                     .withSegmentLog(SegmentLog.to(log, CLOCK)));
             CameraRecorder cam = recorder.camera("cam-01")) {
            for (int seq = 0; seq < 3; seq++) {
                long us = (T0.getEpochSecond() + seq * 60L) * 1_000_000L;
                sealed.add(TestSegments.seal(cam, new byte[] {1, (byte) seq, 2, (byte) seq}, us));
            }
        }
    }

    /** Erases through retention's engine (a signed receipt in the log), then checkpoints the log. */
    private List<ErasureReceipt> eraseThroughEngine(long sequence) throws Exception {
        SealedSegmentStore adapter = SealedSegmentStore.open(store, Optional.empty());
        SegmentRef ref = adapter.find("cam-01", sequence).orElseThrow();
        try (TransparentEvidenceLog log = TransparentEvidenceLog.open(dir.resolve("log"));
             ErasureEngine engine = ErasureEngine.open(dir.resolve("erasure.journal"), SecretBytes.random(32),
                             adapter, log, s -> false, (p, c, t) -> TestDecisions.permit(),
                     CLOCK, RETENTION)) {
            ErasureEngine.Batch b = engine.erase(List.of(ref), ErasureReason.SCHEDULED, "svc-retention");
            assertTrue(b.receipts().get(0).erased(), b.receipts().get(0).receipt().note());
            LogCheckpoints.write(log, LOG_KEY, List.of(), CLOCK.instant());
            return b.receipts().stream().map(e -> e.receipt()).toList();
        }
    }

    private VerificationReport verifyAgainstLog() {
        return new StoreVerifier(Optional.empty()).verify(store, VerifyContext.of(trust)
                .withLog(AnchoredLog.read(dir.resolve("log"), List.of(LOG_KEY.verifier()))));
    }

    @Test
    @DisplayName("FORMATS manifest hash: the adapter names a sealed segment by the hash its successor links to")
    void find_namesTheManifestHashAsSealed() throws Exception {
        SegmentRef ref = SealedSegmentStore.open(store, Optional.empty()).find("cam-01", 1).orElseThrow();
        assertEquals(sealed.get(1).hashHex(), ref.manifestHash());
        assertEquals(sealed.get(1).manifest().start(), ref.start());
        assertEquals(3, SealedSegmentStore.open(store, Optional.empty()).list().size());
    }

    @Test
    @DisplayName("K3-2-3: a sealed segment erased through the engine is SEGMENT_ERASED (INFO), verdict VALID")
    void erasedWithReceipt_isSegmentErasedAndValid() throws Exception {
        List<ErasureReceipt> receipts = eraseThroughEngine(1);
        assertFalse(Files.exists(store.resolve("cam-01/000000000001")), "no image data is kept");
        assertEquals(1, receipts.size());
        assertEquals(sealed.get(1).hashHex(), receipts.get(0).manifestHash());
        VerificationReport r = verifyAgainstLog();
        assertTrue(r.isValid(), r.render(java.util.Locale.ENGLISH));
        assertEquals(Severity.INFO, r.findings(VerificationCode.SEGMENT_ERASED).get(0).severity());
        assertEquals(1L, r.findings(VerificationCode.SEGMENT_ERASED).get(0).where().segment().getAsLong());
    }

    @Test
    @DisplayName("K3-2-3: the oldest sealed segment erased through the engine is SEGMENT_ERASED, verdict VALID")
    void oldestErasedWithReceipt_isValid() throws Exception {
        eraseThroughEngine(0);
        VerificationReport r = verifyAgainstLog();
        assertTrue(r.isValid(), r.render(java.util.Locale.ENGLISH));
        assertTrue(r.has(VerificationCode.SEGMENT_ERASED));
    }

    @Test
    @DisplayName("invariant 4: the same deletion verified without the log is SEGMENT_MISSING, verdict INVALID")
    void erasedWithoutReceipt_isSegmentMissing() throws Exception {
        eraseThroughEngine(1);
        VerificationReport r = new StoreVerifier(Optional.empty()).verify(store, VerifyContext.of(trust));
        assertFalse(r.isValid());
        assertTrue(r.has(VerificationCode.SEGMENT_MISSING));
        assertFalse(r.has(VerificationCode.SEGMENT_ERASED));
    }

    @Test
    @DisplayName("invariant 4: a receipt naming another manifest does not excuse the gap (SEGMENT_MISSING)")
    void receiptForAnotherManifest_isSegmentMissing() throws Exception {
        SealedSegmentStore.open(store, Optional.empty()).erase(List.of(SealedSegmentStore.open(store, Optional.empty()).find("cam-01", 1).orElseThrow()));
        try (TransparentEvidenceLog log = TransparentEvidenceLog.open(dir.resolve("log"))) {
            log.append(Receipts.erased("cam-01", 1, sealed.get(0).hashHex()).signed(RETENTION).toRecord());
            LogCheckpoints.write(log, LOG_KEY, List.of(), CLOCK.instant());
        }
        VerificationReport r = verifyAgainstLog();
        assertFalse(r.isValid());
        assertTrue(r.has(VerificationCode.SEGMENT_MISSING));
    }

    @Test
    @DisplayName("K3-2-3: erasure is idempotent (a resumed erasure reports erased again) and refuses a swapped manifest")
    void erase_isIdempotentAndChecksTheManifest() throws Exception {
        SealedSegmentStore adapter = SealedSegmentStore.open(store, Optional.empty());
        SegmentRef one = adapter.find("cam-01", 1).orElseThrow();
        assertTrue(adapter.erase(List.of(one)).get(0).erased());
        assertTrue(adapter.erase(List.of(one)).get(0).erased());
        assertEquals(List.of("cam-01/1"), adapter.erasedKeys());
        SegmentRef two = adapter.find("cam-01", 2).orElseThrow();
        SegmentRef wrong = new SegmentRef("cam-01", 2, two.start(), two.end(), two.sizeBytes(), one.manifestHash());
        assertFalse(adapter.erase(List.of(wrong)).get(0).erased());
        assertTrue(Files.exists(store.resolve("cam-01/000000000002/manifest.json")));
    }
}
