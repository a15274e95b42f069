package jp.mimamori.cli.integrity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Random;
import jp.mimamori.core.evidence.ErasureReason;
import jp.mimamori.integrity.log.TransparentEvidenceLog;
import jp.mimamori.recorder.erasure.SealedSegmentStore;
import jp.mimamori.retention.erase.ErasureEngine;
import jp.mimamori.testing.TestSigner;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code mimamori verify STORE --trust PEM --log LOGDIR}: erasure receipts read from the evidence log tell an
 * erasure under retention from a deletion, end to end (K3-2-3, invariant 4).
 */
class VerifyWithLogTest {
    private static IntegrityCommandsTest.Run run(String... args) {
        return IntegrityCommandsTest.run(args);
    }

    @TempDir
    Path dir;

    @BeforeEach
    void sealTwoAndEraseTheFirst() throws Exception {
        assertEquals(0, run("keys", "generate", "--alg", "ed25519", "--out", dir.resolve("k").toString()).code());
        Random r = new Random(7);
        byte[] bytes = new byte[100_000];
        Path[] files = {dir.resolve("a.mp4"), dir.resolve("b.mp4")};
        for (Path f : files) {
            r.nextBytes(bytes);
            Files.write(f, bytes);
        }
        assertEquals(0, run("seal", "--camera", "cam-01", "--key", dir.resolve("k/private.pem").toString(), "--out",
                dir.resolve("store").toString(), "--start", "2026-04-01T09:00:00Z", files[0].toString(),
                files[1].toString()).code());
        SealedSegmentStore store = new SealedSegmentStore(dir.resolve("store"));
        try (TransparentEvidenceLog log = TransparentEvidenceLog.open(dir.resolve("log"));
             ErasureEngine engine = ErasureEngine.open(dir.resolve("erasure.journal"), store, log, s -> false,
                     Clock.fixed(Instant.parse("2026-04-20T00:00:00Z"), ZoneOffset.UTC), TestSigner.RETENTION)) {
            engine.erase(List.of(store.find("cam-01", 0).orElseThrow()), ErasureReason.SCHEDULED, "svc-retention");
        }
    }

    @Test
    @DisplayName("K3-2-3: with --log the erased segment is SEGMENT_ERASED and the store VALID (exit 0)")
    void verifyWithLog_reportsErasureAndIsValid() {
        IntegrityCommandsTest.Run r = run("verify", dir.resolve("store").toString(), "--trust", dir.resolve("k/public.pem").toString(),
                "--log", dir.resolve("log").toString(), "--json");
        assertEquals(0, r.code(), r.out());
        assertTrue(r.out().contains("\"verdict\":\"VALID\""), r.out());
        assertTrue(r.out().contains("SEGMENT_ERASED"), r.out());
    }

    @Test
    @DisplayName("invariant 4: without the log's receipts the same gap is SEGMENT_MISSING (exit 1)")
    void verifyWithoutLog_isSegmentMissing() {
        IntegrityCommandsTest.Run r = run("verify", dir.resolve("store").toString(), "--trust", dir.resolve("k/public.pem").toString(),
                "--json");
        assertEquals(1, r.code(), r.out());
        assertTrue(r.out().contains("SEGMENT_MISSING"), r.out());
        assertFalse(r.out().contains("SEGMENT_ERASED"), r.out());
    }

    @Test
    @DisplayName("DESIGN CLI contract: --log naming a folder that is not an evidence log is an input error (exit 2)")
    void verifyWithNotALog_isUsageError() {
        IntegrityCommandsTest.Run r = run("verify", dir.resolve("store").toString(), "--trust", dir.resolve("k/public.pem").toString(),
                "--log", dir.resolve("k").toString());
        assertEquals(2, r.code(), r.out());
    }
}
