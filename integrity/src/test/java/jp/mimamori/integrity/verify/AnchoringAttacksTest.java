package jp.mimamori.integrity.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import jp.mimamori.core.evidence.ErasureReceipt;
import jp.mimamori.core.finding.Finding;
import jp.mimamori.core.finding.VerificationCode;
import jp.mimamori.integrity.checkpoint.NoteSigner;
import jp.mimamori.integrity.checkpoint.NoteVerifier;
import jp.mimamori.integrity.keys.TrustStore;
import jp.mimamori.integrity.log.AnchoredLog;
import jp.mimamori.integrity.log.LogCheckpoints;
import jp.mimamori.integrity.log.TransparentEvidenceLog;
import jp.mimamori.integrity.log.internal.RecordCodec;
import jp.mimamori.integrity.log.internal.RecordFile;
import jp.mimamori.integrity.manifest.SegmentManifest;
import jp.mimamori.integrity.manifest.SignedManifest;
import jp.mimamori.integrity.report.VerificationReport;
import jp.mimamori.integrity.seal.CameraChain;
import jp.mimamori.integrity.seal.SegmentLog;
import jp.mimamori.integrity.testutil.FolderStore;
import jp.mimamori.integrity.store.internal.StoreLayout;
import jp.mimamori.integrity.testutil.Recordings;
import jp.mimamori.testing.Receipts;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * docs/SECURITY.md G1–G4 and G9, performed as the insider with write access to the store and the log but no key
 * would: every sealed segment is recorded in the log ({@code segment.sealed}) and a record counts only when a
 * signed checkpoint by a trusted log key covers it; an erasure receipt counts only when it is also signed by a
 * trusted retention key and names the manifest the chain expects (K3-2-3, K3-2-4, K3-4, invariant 4). Golden
 * reports with the exact messages of the new findings are in {@code golden/anchoring-*.txt}.
 */
class AnchoringAttacksTest {
    static final String CAMERA = Recordings.CAMERA;
    static final Instant T = Instant.parse("2026-04-01T09:00:00Z");
    static final NoteSigner LOG_KEY = NoteSigner.fromSeed("anchoring.test/log", NoteVerifier.ED25519,
            seed("anchoring test log key"));

    @TempDir
    Path tmp;
    Path store;
    Path logDir;
    List<SignedManifest> sealed;

    static byte[] seed(String label) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(label.getBytes(StandardCharsets.UTF_8));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Four segments sealed into a store, each recorded in the log as sealed; the log checkpointed. */
    @BeforeEach
    void recordFourSegments() throws Exception {
        store = tmp.resolve("store");
        logDir = tmp.resolve("log");
        sealed = new ArrayList<>();
        Random r = new Random(2026);
        try (TransparentEvidenceLog log = TransparentEvidenceLog.open(logDir)) {
            FolderStore s = FolderStore.at(store);
            try (CameraChain chain = s.openChain(CAMERA, Recordings.fixedKey(),
                    SegmentLog.to(log, Clock.fixed(T, ZoneOffset.UTC)))) {
                long t = 1_775_034_000_000_000L;
                for (int k = 0; k < 4; k++) {
                    List<byte[]> units = new ArrayList<>();
                    long[] times = new long[3];
                    for (int i = 0; i < 3; i++) {
                        byte[] u = new byte[16 + k + i];
                        r.nextBytes(u);
                        units.add(u);
                        times[i] = t;
                        t += 40_000;
                    }
                    sealed.add(s.sealUnits(chain, SegmentManifest.KIND_CHUNK, units, times));
                }
            }
            LogCheckpoints.write(log, LOG_KEY, List.of(), T);
        }
    }

    static TrustStore trust() {
        return TrustStore.of(List.of(Recordings.fixedKey().verifyingKey(), Recordings.retentionKey().verifyingKey()));
    }

    VerificationReport verify() {
        return verify(List.of(LOG_KEY.verifier()));
    }

    VerificationReport verify(List<NoteVerifier> logKeys) {
        return new RecordingVerifier().verify(store, VerifyContext.of(trust()).withLog(AnchoredLog.read(logDir,
                logKeys)));
    }

    /** Appends records to the log as its writer would (the retention service, holding its key). */
    void appendWithWriter(ErasureReceipt r, boolean checkpoint) throws Exception {
        try (TransparentEvidenceLog log = TransparentEvidenceLog.open(logDir)) {
            log.append(r.toRecord());
            if (checkpoint) {
                LogCheckpoints.write(log, LOG_KEY, List.of(), T.plusSeconds(60));
            }
        }
    }

    /** Appends one CRC-framed record to records.log by hand: no key, no writer, no checkpoint. */
    void appendFrameByHand(ErasureReceipt r) throws Exception {
        Path file = logDir.resolve(TransparentEvidenceLog.RECORDS);
        long index = AnchoredLog.read(logDir, List.of()).size();
        byte[] payload = RecordCodec.encode(r.toRecord());
        ByteBuffer frame = ByteBuffer.allocate(RecordFile.FRAME_HEADER + payload.length);
        RecordFile.putFrame(frame, index, payload);
        frame.flip();
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
            ch.write(frame);
        }
    }

    void deleteSegment(long seq) throws Exception {
        Recordings.deleteTree(StoreLayout.segment(store, CAMERA, seq));
    }

    static String render(VerificationReport r) {
        return r.render(Locale.ENGLISH) + r.render(Locale.JAPANESE);
    }

    static List<Long> segments(VerificationReport r, VerificationCode code) {
        return r.findings(code).stream().map(f -> f.where().segment().orElse(-1)).toList();
    }

    @Test
    @DisplayName("baseline: the untouched store verifies VALID against its anchored log")
    void untouched_isValid() {
        VerificationReport r = verify();
        assertTrue(r.isValid(), render(r));
        assertTrue(r.findings().isEmpty(), render(r));
    }

    @Test
    @DisplayName("G3, invariant 4: deleting the newest segments is SEGMENT_MISSING however chain.json was edited")
    void newestSegmentsDeleted_chainJsonRewrittenOrDeleted_isSegmentMissing() throws Exception {
        deleteSegment(3);
        deleteSegment(2);
        Path chain = StoreLayout.camera(store, CAMERA).resolve(StoreLayout.CHAIN);
        // Lower next_sequence, as if segment 1 were the newest ever sealed.
        Files.writeString(chain, "{\"camera\":\"" + CAMERA + "\",\"format\":\"mimamori-chain-state\","
                + "\"last_manifest_hash\":\"" + sealed.get(1).hashHex() + "\",\"next_sequence\":2,\"version\":1}");
        VerificationReport lowered = verify();
        assertFalse(lowered.isValid(), render(lowered));
        assertEquals(List.of(2L, 3L), segments(lowered, VerificationCode.SEGMENT_MISSING), render(lowered));
        // Without the log the lowered chain.json hides it: that is why the log is needed.
        VerificationReport noLog = new RecordingVerifier().verify(store, VerifyContext.of(trust()));
        assertTrue(noLog.isValid(), render(noLog));
        Files.delete(chain);
        VerificationReport deleted = verify();
        assertEquals(List.of(2L, 3L), segments(deleted, VerificationCode.SEGMENT_MISSING), render(deleted));
        GoldenFindingsTest.golden("golden/anchoring-tail-deleted.txt",
                "# delete segments 2 and 3, lower chain.json, then delete it\n" + render(deleted));
    }

    @Test
    @DisplayName("G3: a camera folder deleted whole is SEGMENT_MISSING for every segment the log knows")
    void wholeCameraFolderDeleted_isSegmentMissing() throws Exception {
        Recordings.deleteTree(StoreLayout.camera(store, CAMERA));
        Files.createDirectories(store.resolve("cam-02").resolve("000000000000"));
        VerificationReport r = verify();
        assertEquals(List.of(0L, 1L, 2L, 3L), segments(r, VerificationCode.SEGMENT_MISSING), render(r));
    }

    @Test
    @DisplayName("G1, K3-2-3: one CRC-framed receipt appended by hand, no key, does not excuse a deleted segment")
    void receiptFrameAppendedByHand_doesNotExcuseADeletion() throws Exception {
        deleteSegment(1);
        appendFrameByHand(Receipts.erased(CAMERA, 1, sealed.get(1).hashHex()));
        VerificationReport r = verify();
        assertFalse(r.isValid(), render(r));
        assertEquals(List.of(1L), segments(r, VerificationCode.SEGMENT_MISSING), render(r));
        assertFalse(r.has(VerificationCode.SEGMENT_ERASED), render(r));
        assertTrue(r.has(VerificationCode.NOT_ANCHORED), render(r));
        GoldenFindingsTest.golden("golden/anchoring-unsigned-receipt.txt",
                "# delete segment 1, append an unsigned receipt frame by hand\n" + render(r));
    }

    @Test
    @DisplayName("G1: a receipt appended by hand even after a checkpoint the insider cannot sign stays unanchored")
    void signedReceiptAfterTheNewestCheckpoint_excusesNothing() throws Exception {
        deleteSegment(1);
        appendWithWriter(Recordings.signedReceipt(CAMERA, 1, sealed.get(1).hashHex()), false);
        VerificationReport r = verify();
        assertEquals(List.of(1L), segments(r, VerificationCode.SEGMENT_MISSING), render(r));
        assertEquals(1, r.findings(VerificationCode.NOT_ANCHORED).size(), render(r));
        GoldenFindingsTest.golden("golden/anchoring-unanchored-receipt.txt",
                "# delete segment 1, log a signed receipt after the newest checkpoint\n" + render(r));
    }

    @Test
    @DisplayName("K3-2-3: a receipt signed by a key not trusted for retention excuses nothing, anchored or not")
    void receiptSignedByAnotherKey_excusesNothing() throws Exception {
        deleteSegment(1);
        appendWithWriter(Receipts.erased(CAMERA, 1, sealed.get(1).hashHex()).signed(Recordings.otherKey()), true);
        VerificationReport r = verify();
        assertEquals(List.of(1L), segments(r, VerificationCode.SEGMENT_MISSING), render(r));
        assertTrue(r.findings(VerificationCode.SEGMENT_MISSING).get(0).message().en()
                .contains("not signed by a trusted retention key"), render(r));
    }

    @Test
    @DisplayName("K3-2-3: a signed, anchored receipt naming the erased manifest is SEGMENT_ERASED, the store VALID")
    void signedAnchoredReceipt_isSegmentErased() throws Exception {
        deleteSegment(1);
        deleteSegment(3);
        appendWithWriter(Recordings.signedReceipt(CAMERA, 1, sealed.get(1).hashHex()), false);
        appendWithWriter(Recordings.signedReceipt(CAMERA, 3, sealed.get(3).hashHex()), true);
        VerificationReport r = verify();
        assertTrue(r.isValid(), render(r));
        assertEquals(List.of(1L, 3L), segments(r, VerificationCode.SEGMENT_ERASED), render(r));
    }

    @Test
    @DisplayName("G4: receipts for the newest segment and for a wide gap are checked against the manifest hashes")
    void receiptsNamingOtherManifests_forTailAndWideGap_areSegmentMissing() throws Exception {
        deleteSegment(0);
        deleteSegment(1);
        deleteSegment(3);
        String other = "00".repeat(32);
        appendWithWriter(Recordings.signedReceipt(CAMERA, 0, other), false);
        appendWithWriter(Recordings.signedReceipt(CAMERA, 1, sealed.get(1).hashHex()), false);
        appendWithWriter(Recordings.signedReceipt(CAMERA, 3, other), true);
        VerificationReport r = verify();
        // 0: not next to its successor, checked against the sealing record; 1: named by segment 2; 3: the tail.
        assertEquals(List.of(0L, 3L), segments(r, VerificationCode.SEGMENT_MISSING), render(r));
        assertEquals(List.of(1L), segments(r, VerificationCode.SEGMENT_ERASED), render(r));
        GoldenFindingsTest.golden("golden/anchoring-receipt-for-another-manifest.txt",
                "# delete segments 0, 1, 3; receipts for 0 and 3 name another manifest\n" + render(r));
    }

    @Test
    @DisplayName("G2: a log without a checkpoint by a trusted log key cannot make even an untouched store VALID")
    void logWithoutTrustedCheckpoint_isCheckpointMissing() throws Exception {
        VerificationReport wrongKey = verify(List.of(NoteSigner.fromSeed("anchoring.test/log", NoteVerifier.ED25519,
                seed("another key")).verifier()));
        assertFalse(wrongKey.isValid(), render(wrongKey));
        assertTrue(wrongKey.has(VerificationCode.CHECKPOINT_MISSING), render(wrongKey));
        Recordings.deleteTree(logDir.resolve(LogCheckpoints.DIR));
        Files.delete(logDir.resolve(LogCheckpoints.LATEST));
        deleteSegment(1);
        appendFrameByHand(Recordings.signedReceipt(CAMERA, 1, sealed.get(1).hashHex()));
        VerificationReport none = verify();
        assertFalse(none.isValid(), render(none));
        assertEquals(List.of(1L), segments(none, VerificationCode.SEGMENT_MISSING), render(none));
        GoldenFindingsTest.golden("golden/anchoring-checkpoint-missing.txt",
                "# delete every checkpoint and segment 1; append a signed receipt\n" + render(none));
    }

    @Test
    @DisplayName("G9, invariant 4: a planted N.erased.json marker beside the store excuses nothing")
    void plantedErasureMarker_excusesNothing() throws Exception {
        deleteSegment(2);
        Files.writeString(StoreLayout.camera(store, CAMERA).resolve("2.erased.json"), "{\"erased\":true}");
        VerificationReport r = verify();
        assertEquals(List.of(2L), segments(r, VerificationCode.SEGMENT_MISSING), render(r));
    }

    @Test
    @DisplayName("K3-2-4: a present segment that is not the one the log recorded as sealed is reported")
    void segmentReplacedUnderItsSequence_isReported() throws Exception {
        Path foreign = tmp.resolve("foreign");
        List<SignedManifest> other = GoldenFindingsTest.deterministic(foreign, Recordings.fixedKey(), CAMERA, 7);
        Path seg = StoreLayout.segment(store, CAMERA, 2);
        Recordings.deleteTree(seg);
        Recordings.copyTree(StoreLayout.segment(foreign, CAMERA, 2), seg);
        VerificationReport r = verify();
        List<Finding> f = r.findings(VerificationCode.SEGMENT_INSERTED);
        assertTrue(f.stream().anyMatch(x -> x.message().en().contains("not the segment the log recorded as sealed")),
                render(r) + other.size());
    }

    @Test
    @DisplayName("invariant 4: a gap wider than 10 000 segments is reported in runs, each receipt still checked")
    void wideTailGap_isReportedInRuns_andReceiptsStillCount() throws Exception {
        List<jp.mimamori.core.evidence.EvidenceRecord> records = new ArrayList<>();
        for (SignedManifest m : sealed) {
            records.add(SegmentLog.record(m).toRecord(T));
        }
        String five = "55".repeat(32);
        for (long seq = 4; seq <= 20_003; seq++) {
            records.add(new jp.mimamori.core.evidence.SegmentSealed(CAMERA, seq, seq == 5 ? five : "44".repeat(32),
                    1_775_034_000_000_000L + seq, 1_775_034_000_000_000L + seq, 1).toRecord(T));
        }
        records.add(Recordings.signedReceipt(CAMERA, 5, five).toRecord());
        VerificationReport r = new RecordingVerifier().verify(store, VerifyContext.of(trust())
                .withLog(AnchoredLog.of(records, records.size())));
        List<String> missing = r.findings(VerificationCode.SEGMENT_MISSING).stream().map(f -> f.message().en())
                .toList();
        assertEquals(List.of("segment 4 is missing (no erasure receipt)",
                "segments 6 to 20003 are missing (no erasure receipt)"), missing, render(r));
        assertEquals(List.of(5L), segments(r, VerificationCode.SEGMENT_ERASED), render(r));
    }
}
