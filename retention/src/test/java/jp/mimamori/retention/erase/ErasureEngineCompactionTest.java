package jp.mimamori.retention.erase;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import jp.mimamori.core.evidence.ErasureReason;
import jp.mimamori.core.evidence.EvidenceTypes;
import jp.mimamori.core.segment.SegmentRef;
import jp.mimamori.retention.internal.ErasureProbes;
import jp.mimamori.retention.testing.Segs;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The erasure journal does not grow with the number of erasures (K3-2-3: the retention service must keep starting;
 * invariant 6: write-ahead, never losing track): once a batch's receipts are logged it is compacted back to its
 * header line, a journal with erasures pending keeps them, and compaction neither lets an earlier line be replayed
 * nor hides a line planted behind the engine's back.
 */
class ErasureEngineCompactionTest {
    @TempDir
    Path dir;

    final ErasureEngineFixture fx = new ErasureEngineFixture();

    List<SegmentRef> record(String camera, int from, int n) {
        List<SegmentRef> out = new ArrayList<>();
        for (int i = from; i < from + n; i++) {
            SegmentRef s = Segs.hourly(camera, i, i, 10);
            fx.store.record(s);
            out.add(s);
        }
        return out;
    }

    static List<String> lines(Path j) throws IOException {
        return List.of(Files.readString(j, StandardCharsets.US_ASCII).split("\n"));
    }

    @Test
    @DisplayName("K3-2-3, invariant 6: after any number of complete batches the journal is back to its header line")
    void completeBatches_leaveTheJournalAtItsMinimalSize_K3_2_3() throws Exception {
        Path j = dir.resolve("erasure.journal");
        try (ErasureEngine e = fx.open(j)) {
            long header = Files.size(j);
            assertTrue(lines(j).get(0).matches("H 2 1 [0-9a-f]{32} [0-9a-f]{64}"), lines(j).get(0));
            for (int b = 0; b < 30; b++) {
                e.erase(record("cam-1", b * 20, 20), ErasureReason.SCHEDULED, "svc");
                assertEquals(1, lines(j).size(), "batch " + b + ": " + lines(j));
                assertTrue(Files.size(j) <= header + 2, "batch " + b + ": " + Files.size(j) + " bytes");
            }
            assertEquals(0, e.pending());
        }
        assertEquals(600, fx.log.records().stream().filter(r -> r.type().equals(EvidenceTypes.ERASURE_RECEIPT))
                .count());
        try (ErasureEngine e = fx.open(j)) {
            assertEquals(0, e.pending());
            assertEquals(List.of(), e.resume());
        }
        assertTrue(fx.store.list().isEmpty());
    }

    @Test
    @DisplayName("Invariant 6, K3-2-3: a journal with an erasure pending is never compacted away; it is resumed on"
            + " reopen, then compacted")
    void pendingIntents_areNeverCompactedAway_invariant6() throws Exception {
        Path j = dir.resolve("erasure.journal");
        List<SegmentRef> first = record("cam-1", 0, 2);
        List<SegmentRef> second = record("cam-2", 0, 3);
        ErasureEngine e = fx.open(j);
        ErasureProbes.set(e, s -> {
            if (s == ErasureProbes.Step.INTENT_LOGGED) {
                throw new IOException("crash");
            }
        });
        assertThrows(IOException.class, () -> e.erase(first, ErasureReason.SCHEDULED, "svc"));
        ErasureProbes.set(e, ErasureProbes.Probe.NONE);
        e.erase(second, ErasureReason.SCHEDULED, "svc");
        assertEquals(2, e.pending(), "the interrupted batch is still pending");
        e.close();
        assertTrue(lines(j).size() > 1, "not compacted away: " + lines(j));
        try (ErasureEngine again = fx.open(j)) {
            assertEquals(first, again.pendingSegments());
            assertEquals(2, again.resume().size());
            assertEquals(0, again.pending());
        }
        assertEquals(1, lines(j).size(), "compacted once everything is receipted");
        assertTrue(fx.store.list().isEmpty());
    }

    @Test
    @DisplayName("K3-2-3: after compaction, reopening works and a forged line is still refused, never executed")
    void reopenAfterCompaction_refusesAForgedLine_K3_2_3() throws Exception {
        Path j = dir.resolve("erasure.journal");
        try (ErasureEngine e = fx.open(j)) {
            e.erase(record("cam-1", 0, 3), ErasureReason.SCHEDULED, "svc");
        }
        List<SegmentRef> live = record("cam-1", 3, 2);
        try (ErasureEngine e = fx.open(j)) {
            assertEquals(0, e.pending());
        }
        long logged = fx.log.size();
        Files.writeString(j, ErasureEngineFixture.forgedIntent(live.get(0)), StandardOpenOption.APPEND);
        JournalTamperedException x = assertThrows(JournalTamperedException.class, () -> fx.open(j));
        assertEquals(2, x.line());
        assertEquals(live, fx.store.list(), "nothing erased");
        assertEquals(logged, fx.log.size(), "nothing logged");
    }

    @Test
    @DisplayName("K3-2-3: a line planted while the engine runs is never compacted away: the batch reports it, the next"
            + " open refuses")
    void linePlantedWhileOpen_isNeverCompactedAway_K3_2_3() throws Exception {
        Path j = dir.resolve("erasure.journal");
        try (ErasureEngine e = fx.open(j)) {
            e.erase(record("cam-1", 0, 2), ErasureReason.SCHEDULED, "svc");
            String forged = ErasureEngineFixture.forgedIntent(Segs.hourly("cam-1", 9, 9, 10));
            Files.writeString(j, forged, StandardOpenOption.APPEND);
            assertThrows(JournalTamperedException.class,
                    () -> e.erase(record("cam-1", 2, 2), ErasureReason.SCHEDULED, "svc"));
            assertTrue(Files.readString(j).contains(forged), "the planted line is still there");
        }
        assertEquals(2, assertThrows(JournalTamperedException.class, () -> fx.open(j)).line());
    }
}
