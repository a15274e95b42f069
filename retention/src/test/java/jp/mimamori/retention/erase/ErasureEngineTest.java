package jp.mimamori.retention.erase;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import jp.mimamori.core.evidence.ErasureReason;
import jp.mimamori.core.evidence.ErasureReceipt;
import jp.mimamori.core.evidence.EvidenceRecord;
import jp.mimamori.core.evidence.EvidenceTypes;
import jp.mimamori.core.segment.SegmentRef;
import jp.mimamori.retention.internal.ErasureProbes;
import jp.mimamori.retention.testing.Auth;
import jp.mimamori.retention.testing.FakeStore;
import jp.mimamori.retention.testing.MutableClock;
import jp.mimamori.retention.testing.Segs;
import jp.mimamori.testing.InMemoryEvidenceLog;
import jp.mimamori.testing.TestSigner;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ErasureEngineTest {
    @TempDir
    Path dir;

    private final MutableClock clock = new MutableClock(Instant.parse("2026-05-01T00:00:00Z"));

    private static List<SegmentRef> segs(int n) {
        List<SegmentRef> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(Segs.hourly("cam-1", i, i, 10));
        }
        return out;
    }

    @Test
    @DisplayName("Invariant 6: the intent is in the log before the data is erased; the receipt follows with every field")
    void intentBeforeErasure_receiptAfter() throws Exception {
        InMemoryEvidenceLog log = new InMemoryEvidenceLog();
        FakeStore store = new FakeStore();
        segs(3).forEach(store::record);
        store.beforeErase(s -> assertTrue(log.records().stream().anyMatch(r ->
                r.type().equals(EvidenceTypes.ERASURE_INTENT) && Long.valueOf(s.sequence()).equals(r.body()
                        .get("sequence"))), "intent logged before erasing " + s.sequence()));
        try (ErasureEngine e = ErasureEngine.open(dir.resolve("j"), Auth.journalKey(),
                store, log, s -> false, Auth.ANYONE,
                clock, TestSigner.RETENTION)) {
            ErasureEngine.Batch b = e.erase(segs(3), ErasureReason.SCHEDULED, "svc-retention");
            assertEquals(3, b.receipts().size());
        }
        List<EvidenceRecord> recs = log.records();
        assertEquals(6, recs.size());
        EvidenceRecord receipt = recs.get(3);
        assertEquals(EvidenceTypes.ERASURE_RECEIPT, receipt.type());
        for (String f : List.of("erasure_id", "camera", "sequence", "manifest_hash", "hash_alg", "method",
                "erased_at", "principal", "outcome", "note")) {
            assertTrue(receipt.body().containsKey(f), f);
        }
        assertEquals("crypto-erase", receipt.string("method").orElseThrow());
        assertEquals("erased", receipt.string("outcome").orElseThrow());
        assertEquals("sha-256", receipt.string("hash_alg").orElseThrow());
        assertEquals(recs.get(0).string("erasure_id").orElseThrow(), receipt.string("erasure_id").orElseThrow());
        assertEquals(Segs.hash("cam-1/0"), receipt.string("manifest_hash").orElseThrow());
    }

    @Test
    @DisplayName("K3-2-3: every receipt the engine logs is signed by the retention key and verifies under it")
    void receipts_areSignedByTheRetentionKey() throws Exception {
        InMemoryEvidenceLog log = new InMemoryEvidenceLog();
        FakeStore store = new FakeStore();
        segs(2).forEach(store::record);
        try (ErasureEngine e = ErasureEngine.open(dir.resolve("j"), Auth.journalKey(), store, log, s -> false,
                Auth.ANYONE, clock, TestSigner.RETENTION)) {
            e.erase(segs(2), ErasureReason.SCHEDULED, "svc-retention");
        }
        List<EvidenceRecord> receipts = log.records().stream()
                .filter(r -> r.type().equals(EvidenceTypes.ERASURE_RECEIPT)).toList();
        assertEquals(2, receipts.size());
        for (EvidenceRecord r : receipts) {
            ErasureReceipt back = ErasureReceipt.fromRecord(r);
            back.verifySignature(TestSigner.RETENTION);
            assertEquals(TestSigner.RETENTION.keyId(), back.signature().orElseThrow().keyId());
            assertEquals(false, r.body().get("simulated"));
        }
    }

    @Test
    @DisplayName("K3-2-3: on a simulated clock every receipt, resumed ones included, is marked simulated")
    void simulatedClock_marksEveryReceiptSimulated() throws Exception {
        InMemoryEvidenceLog log = new InMemoryEvidenceLog();
        FakeStore store = new FakeStore();
        segs(2).forEach(store::record);
        try (ErasureEngine e = ErasureEngine.open(dir.resolve("j"), Auth.journalKey(), store, log, s -> false,
                Auth.ANYONE, SimulatedClock.of(clock), TestSigner.RETENTION)) {
            assertTrue(e.simulated());
            e.erase(segs(2), ErasureReason.SCHEDULED, "svc-retention");
        }
        List<EvidenceRecord> receipts = log.records().stream()
                .filter(r -> r.type().equals(EvidenceTypes.ERASURE_RECEIPT)).toList();
        assertEquals(2, receipts.size());
        for (EvidenceRecord r : receipts) {
            assertEquals(true, r.body().get("simulated"));
            assertTrue(ErasureReceipt.fromRecord(r).simulated());
        }
    }

    @Test
    @DisplayName("Invariant 3: held segments are refused before any intent")
    void heldSegments_refusedWithoutIntent() throws Exception {
        InMemoryEvidenceLog log = new InMemoryEvidenceLog();
        FakeStore store = new FakeStore();
        segs(4).forEach(store::record);
        try (ErasureEngine e = ErasureEngine.open(dir.resolve("j"), Auth.journalKey(), store, log,
                s -> s.sequence() % 2 == 0, Auth.ANYONE, clock, TestSigner.RETENTION)) {
            ErasureEngine.Batch b = e.erase(segs(4), ErasureReason.SCHEDULED, "svc");
            assertEquals(List.of(0L, 2L), b.refused().stream().map(SegmentRef::sequence).toList());
            assertEquals(2, store.list().size());
        }
        assertEquals(4, log.size());
    }

    @Test
    @DisplayName("Invariant 6: a crash after any step resumes on reopen; every segment ends erased with a receipt")
    void crashAtEveryStep_resumes() throws Exception {
        for (ErasureProbes.Step step : ErasureProbes.Step.values()) {
            Path j = dir.resolve("j-" + step);
            InMemoryEvidenceLog log = new InMemoryEvidenceLog();
            FakeStore store = new FakeStore();
            segs(5).forEach(store::record);
            ErasureEngine e = ErasureEngine.open(j, Auth.journalKey(),
                    store, log, s -> false, Auth.ANYONE, clock, TestSigner.RETENTION);
            ErasureProbes.set(e, s -> {
                if (s == step) {
                    throw new IOException("simulated crash after " + s);
                }
            });
            assertThrows(IOException.class, () -> e.erase(segs(5), ErasureReason.FORCED, "svc"));
            e.close();
            try (ErasureEngine again = ErasureEngine.open(j, Auth.journalKey(),
                    store, log, s -> false, Auth.ANYONE, clock, TestSigner.RETENTION)) {
                again.resume();
                assertEquals(0, again.pending(), step.toString());
            }
            assertTrue(store.list().isEmpty(), step.toString());
            for (SegmentRef s : segs(5)) {
                int intent = -1;
                int receipt = -1;
                List<EvidenceRecord> recs = log.records();
                for (int i = 0; i < recs.size(); i++) {
                    if (Long.valueOf(s.sequence()).equals(recs.get(i).body().get("sequence"))) {
                        if (recs.get(i).type().equals(EvidenceTypes.ERASURE_INTENT) && intent < 0) {
                            intent = i;
                        } else if (recs.get(i).type().equals(EvidenceTypes.ERASURE_RECEIPT)) {
                            receipt = i;
                            assertEquals("forced", recs.get(i).string("reason").orElseThrow());
                        }
                    }
                }
                assertTrue(intent >= 0 && receipt > intent, step + ": segment " + s.sequence());
            }
        }
    }
}
