package jp.mimamori.cli.integrity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import jp.mimamori.core.crypto.SecretBytes;
import java.util.stream.Stream;
import jp.mimamori.core.evidence.ErasureMethod;
import jp.mimamori.core.evidence.ErasureReason;
import jp.mimamori.core.evidence.ErasureReceipt;
import jp.mimamori.integrity.checkpoint.NoteSigner;
import jp.mimamori.integrity.checkpoint.NoteVerifier;
import jp.mimamori.integrity.keys.SigningKey;
import jp.mimamori.integrity.log.AnchoredLog;
import jp.mimamori.integrity.log.TransparentEvidenceLog;
import jp.mimamori.integrity.log.internal.RecordCodec;
import jp.mimamori.integrity.log.internal.RecordFile;
import jp.mimamori.integrity.store.internal.StoreLayout;
import jp.mimamori.recorder.erasure.SealedSegmentStore;
import jp.mimamori.retention.erase.ErasureEngine;
import jp.mimamori.testing.TestDecisions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code mimamori verify STORE --trust PEM… VKEY --log LOGDIR} against the attacks of docs/SECURITY.md G1–G4,
 * performed on the files as the insider without keys would: {@code seal --log} records every segment in the log,
 * retention erases segment 0 with a receipt signed by its own key, {@code log checkpoint} anchors both; then
 * segments are deleted by hand, {@code chain.json} is rewritten, receipt frames are appended by hand
 * (K3-2-3, K3-2-4, K3-4, invariant 4).
 */
class VerifyWithLogTest {
    private static final String ORIGIN = "test.mimamori.example/log";

    private static IntegrityCommandsTest.Run run(String... args) {
        return IntegrityCommandsTest.run(args);
    }

    @TempDir
    Path dir;
    private SigningKey retention;

    @BeforeEach
    void sealThreeEraseTheFirstAndCheckpoint() throws Exception {
        assertEquals(0, run("keys", "generate", "--alg", "ed25519", "--out", dir.resolve("k").toString()).code());
        assertEquals(0, run("keys", "generate", "--alg", "ed25519", "--out", dir.resolve("ret").toString()).code());
        assertEquals(0, run("keys", "generate", "--alg", "ed25519", "--out", dir.resolve("logkey").toString()).code());
        Files.writeString(dir.resolve("log.vkey"), NoteSigner.fromPkcs8Pem(ORIGIN,
                Files.readString(dir.resolve("logkey/private.pem")), NoteVerifier.ED25519).verifier().toVkey() + "\n");
        retention = SigningKey.fromPem(Files.readString(dir.resolve("ret/private.pem")));
        Random r = new Random(7);
        byte[] bytes = new byte[50_000];
        Path[] files = {dir.resolve("a.mp4"), dir.resolve("b.mp4"), dir.resolve("c.mp4")};
        for (Path f : files) {
            r.nextBytes(bytes);
            Files.write(f, bytes);
        }
        assertEquals(0, run("seal", "--camera", "cam-01", "--key", dir.resolve("k/private.pem").toString(), "--out",
                dir.resolve("store").toString(), "--log", dir.resolve("log").toString(), "--start",
                "2026-04-01T09:00:00Z", files[0].toString(), files[1].toString(), files[2].toString()).code());
        try (SealedSegmentStore store = SealedSegmentStore.open(dir.resolve("store"), Optional.of(
                jp.mimamori.retention.crypto.KeyEncryptionKey.create(SecretBytes.copyOf(
                        Files.readAllBytes(dir.resolve("store.kek"))))));
             TransparentEvidenceLog log = TransparentEvidenceLog.open(dir.resolve("log"));
             ErasureEngine engine = ErasureEngine.open(dir.resolve("erasure.journal"), SecretBytes.random(32),
                             store, log, s -> false, (p, c, t) -> TestDecisions.permit(),
                     Clock.fixed(Instant.parse("2026-04-20T00:00:00Z"), ZoneOffset.UTC), retention)) {
            engine.erase(List.of(store.find("cam-01", 0).orElseThrow()), ErasureReason.SCHEDULED, "svc-retention");
        }
        checkpoint();
    }

    private void checkpoint() {
        assertEquals(0, run("log", "checkpoint", dir.resolve("log").toString(), "--key",
                dir.resolve("logkey/private.pem").toString(), "--origin", ORIGIN).code());
    }

    private IntegrityCommandsTest.Run verify(String... extra) {
        List<String> args = new java.util.ArrayList<>(List.of("verify", dir.resolve("store").toString(), "--trust",
                dir.resolve("k/public.pem").toString(), dir.resolve("ret/public.pem").toString(),
                dir.resolve("log.vkey").toString(), "--log", dir.resolve("log").toString()));
        args.addAll(List.of(extra));
        return run(args.toArray(String[]::new));
    }

    private void deleteSegment(long seq) throws Exception {
        Path seg = StoreLayout.segment(dir.resolve("store"), "cam-01", seq);
        try (Stream<Path> s = Files.walk(seg)) {
            for (Path p : s.sorted((a, b) -> b.getNameCount() - a.getNameCount()).toList()) {
                Files.delete(p);
            }
        }
    }

    /** One CRC-framed record appended to records.log by hand: no key, no writer. */
    private void appendFrameByHand(ErasureReceipt receipt) throws Exception {
        Path file = dir.resolve("log").resolve(TransparentEvidenceLog.RECORDS);
        long index = AnchoredLog.read(dir.resolve("log"), List.of()).size();
        byte[] payload = RecordCodec.encode(receipt.toRecord());
        ByteBuffer frame = ByteBuffer.allocate(RecordFile.FRAME_HEADER + payload.length);
        RecordFile.putFrame(frame, index, payload);
        frame.flip();
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
            ch.write(frame);
        }
    }

    @Test
    @DisplayName("K3-2-3: with --log the erased segment is SEGMENT_ERASED and the store VALID (exit 0)")
    void verifyWithLog_reportsErasureAndIsValid() {
        IntegrityCommandsTest.Run r = verify("--json");
        assertEquals(0, r.code(), r.out());
        assertTrue(r.out().contains("\"verdict\":\"VALID\""), r.out());
        assertTrue(r.out().contains("SEGMENT_ERASED"), r.out());
    }

    @Test
    @DisplayName("K3-4: --trust is read in one place, by content: the log's key in a file not named .vkey anchors the"
            + " same; a file neither PEM, trust file nor .vkey is a usage error naming it (exit 2)")
    void logKeyUnderAnotherName_anchorsTheSame_unreadableTrustFileIsUsageError() throws Exception {
        Files.copy(dir.resolve("log.vkey"), dir.resolve("log-key.txt"));
        IntegrityCommandsTest.Run r = run("verify", dir.resolve("store").toString(), "--trust",
                dir.resolve("k/public.pem").toString(), dir.resolve("ret/public.pem").toString(),
                dir.resolve("log-key.txt").toString(), "--log", dir.resolve("log").toString(), "--json");
        assertEquals(0, r.code(), r.out());
        assertTrue(r.out().contains("SEGMENT_ERASED"), r.out());
        Files.writeString(dir.resolve("junk.vkey"), "not a key\n");
        java.io.PrintStream oldErr = System.err;
        java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
        System.setErr(new java.io.PrintStream(err, true, StandardCharsets.UTF_8));
        IntegrityCommandsTest.Run bad;
        try {
            bad = run("verify", dir.resolve("store").toString(), "--trust", dir.resolve("k/public.pem").toString(),
                    dir.resolve("junk.vkey").toString(), "--log", dir.resolve("log").toString());
        } finally {
            System.setErr(oldErr);
        }
        String e = err.toString(StandardCharsets.UTF_8);
        assertEquals(2, bad.code(), e);
        assertEquals(1, e.strip().lines().count(), e);
        assertTrue(e.contains(dir.resolve("junk.vkey") + ": neither a PEM key or certificate, a trust file nor a"
                + " signed-note .vkey"), e);
    }

    @Test
    @DisplayName("K3-4: checkpoints count only by a key the trust store allows the log role: the same key given as a"
            + " witness's .vkey (0x04) anchors nothing (CHECKPOINT_MISSING, exit 1)")
    void witnessKey_cannotAnchorTheLog() throws Exception {
        Files.writeString(dir.resolve("witness.vkey"), NoteSigner.fromPkcs8Pem(ORIGIN,
                Files.readString(dir.resolve("logkey/private.pem")), NoteVerifier.COSIGNATURE_V1).verifier().toVkey()
                + "\n");
        IntegrityCommandsTest.Run r = run("verify", dir.resolve("store").toString(), "--trust",
                dir.resolve("k/public.pem").toString(), dir.resolve("ret/public.pem").toString(),
                dir.resolve("witness.vkey").toString(), "--log", dir.resolve("log").toString(), "--json");
        assertEquals(1, r.code(), r.out());
        assertTrue(r.out().contains("CHECKPOINT_MISSING"), r.out());
        assertFalse(r.out().contains("SEGMENT_ERASED"), "an unanchored receipt excuses nothing: " + r.out());
    }

    @Test
    @DisplayName("G26, K3-4: verify STORE --log --witness-threshold 1 against a log no witness cosigned: nothing is"
            + " anchored, the receipt excuses nothing (exit 1)")
    void witnessThreshold_logNoWitnessCosigned_anchorsNothing_G26_K3_4() {
        IntegrityCommandsTest.Run ok = verify("--json");
        assertEquals(0, ok.code(), ok.out());
        assertTrue(ok.out().contains("SEGMENT_ERASED"), ok.out());
        IntegrityCommandsTest.Run r = verify("--witness-threshold", "1", "--json");
        assertEquals(1, r.code(), r.out());
        assertTrue(r.out().contains("CHECKPOINT_MISSING"), r.out());
        assertFalse(r.out().contains("SEGMENT_ERASED"), "an unwitnessed checkpoint anchors no receipt: " + r.out());
    }

    @Test
    @DisplayName("invariant 4: without the log the same gap is SEGMENT_MISSING (exit 1)")
    void verifyWithoutLog_isSegmentMissing() {
        IntegrityCommandsTest.Run r = run("verify", dir.resolve("store").toString(), "--trust",
                dir.resolve("k/public.pem").toString(), "--json");
        assertEquals(1, r.code(), r.out());
        assertTrue(r.out().contains("SEGMENT_MISSING"), r.out());
        assertFalse(r.out().contains("SEGMENT_ERASED"), r.out());
    }

    @Test
    @DisplayName("G3: the newest segment deleted and chain.json deleted is SEGMENT_MISSING (exit 1)")
    void newestSegmentDeleted_chainJsonDeleted_isSegmentMissing() throws Exception {
        deleteSegment(2);
        Files.delete(StoreLayout.camera(dir.resolve("store"), "cam-01").resolve(StoreLayout.CHAIN));
        IntegrityCommandsTest.Run r = verify();
        assertEquals(1, r.code(), r.out());
        assertTrue(r.out().contains("ERROR SEGMENT_MISSING [K3-2-4] cam-01 segment 2: segment 2 is missing"
                + " (no erasure receipt)"), r.out());
    }

    @Test
    @DisplayName("G1: one CRC-framed receipt appended by hand does not turn a deleted segment into SEGMENT_ERASED")
    void receiptFrameAppendedByHand_isStillSegmentMissing() throws Exception {
        deleteSegment(1);
        appendFrameByHand(new ErasureReceipt("er-00000000000000ff", "cam-01", 1, manifestHashOfSegment1(),
                ErasureMethod.CRYPTO_ERASE, ErasureReason.SCHEDULED,
                Instant.parse("2026-04-20T00:00:00Z"), "svc-retention", true, "key destroyed"));
        IntegrityCommandsTest.Run r = verify();
        assertEquals(1, r.code(), r.out());
        assertTrue(r.out().contains("segment 1 is missing; its erasure receipt (log record 5) is not signed by a"
                + " trusted retention key"), r.out());
        assertFalse(r.out().contains("SEGMENT_ERASED [K3-2-3] cam-01 segment 1"), r.out());
    }

    @Test
    @DisplayName("G2: the log's checkpoints deleted, nothing in it counts: CHECKPOINT_MISSING (exit 1)")
    void checkpointsDeleted_isCheckpointMissing() throws Exception {
        try (Stream<Path> s = Files.list(dir.resolve("log").resolve("checkpoints"))) {
            for (Path p : s.toList()) {
                Files.delete(p);
            }
        }
        Files.delete(dir.resolve("log").resolve("checkpoint"));
        IntegrityCommandsTest.Run r = verify();
        assertEquals(1, r.code(), r.out());
        assertTrue(r.out().contains("ERROR CHECKPOINT_MISSING [K3-4]"), r.out());
        assertTrue(r.out().contains("segment 0 is missing; its erasure receipt (log record 4) is not covered by a"
                + " signed checkpoint"), r.out());
    }

    @Test
    @DisplayName("G2: without the log key among --trust the log anchors nothing: CHECKPOINT_MISSING (exit 1)")
    void logKeyNotTrusted_isCheckpointMissing() {
        IntegrityCommandsTest.Run r = run("verify", dir.resolve("store").toString(), "--trust",
                dir.resolve("k/public.pem").toString(), dir.resolve("ret/public.pem").toString(), "--log",
                dir.resolve("log").toString());
        assertEquals(1, r.code(), r.out());
        assertTrue(r.out().contains("CHECKPOINT_MISSING"), r.out());
    }

    @Test
    @DisplayName("G1, K3-2-3: a receipt signed by the retention key but logged after the newest checkpoint excuses"
            + " nothing until a checkpoint covers it")
    void signedReceiptAfterCheckpoint_excusesNothingUntilAnchored() throws Exception {
        String hash = manifestHashOfSegment1();
        deleteSegment(1);
        try (TransparentEvidenceLog log = TransparentEvidenceLog.open(dir.resolve("log"))) {
            log.append(new ErasureReceipt("er-00000000000000fe", "cam-01", 1, hash, ErasureMethod.CRYPTO_ERASE,
                    ErasureReason.SCHEDULED, Instant.parse("2026-04-21T00:00:00Z"), "svc-retention", true,
                    "key destroyed").signed(retention).toRecord());
        }
        IntegrityCommandsTest.Run before = verify();
        assertEquals(1, before.code(), before.out());
        assertTrue(before.out().contains("INFO NOT_ANCHORED [K3-4]"), before.out());
        checkpoint();
        IntegrityCommandsTest.Run after = verify();
        assertEquals(0, after.code(), after.out());
        assertTrue(after.out().contains("SEGMENT_ERASED [K3-2-3] cam-01 segment 1"), after.out());
    }

    @Test
    @DisplayName("DESIGN CLI contract: --log naming a folder that is not an evidence log is an input error (exit 2)")
    void verifyWithNotALog_isUsageError() {
        IntegrityCommandsTest.Run r = run("verify", dir.resolve("store").toString(), "--trust",
                dir.resolve("k/public.pem").toString(), "--log", dir.resolve("k").toString());
        assertEquals(2, r.code(), r.out());
    }

    /** Segment 1's manifest hash, as segment 2 names it (read before segment 1 is deleted, or from segment 2). */
    private String manifestHashOfSegment1() throws Exception {
        Path m = StoreLayout.segment(dir.resolve("store"), "cam-01", 2).resolve(StoreLayout.MANIFEST);
        String text = Files.readString(m, StandardCharsets.UTF_8);
        int i = text.indexOf("\"prev_manifest_hash\":\"") + "\"prev_manifest_hash\":\"".length();
        return text.substring(i, i + 64);
    }
}
