package jp.mimamori.retention.erase;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
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
 * The erasure journal is authenticated (K3-2-3, invariant 6: an erasure starts only from an authorised intent):
 * each attack is performed on the journal file by someone with write access but no key, and the forged or edited
 * line is refused and reported, never executed.
 */
class ErasureJournalAuthTest {
    @TempDir
    Path dir;

    final ErasureEngineFixture fx = new ErasureEngineFixture();

    /**
     * A journal after one finished erasure of cam-1/0, with cam-1/1..3 still live in the store: compacted to its
     * header line (K3-2-3), so a line appended to it is line 2.
     */
    Path journalWithOneErasure() throws Exception {
        for (int i = 0; i < 4; i++) {
            fx.store.record(Segs.hourly("cam-1", i, i, 10));
        }
        Path j = dir.resolve("erasure.journal");
        try (ErasureEngine e = fx.open(j)) {
            e.erase(List.of(Segs.hourly("cam-1", 0, 0, 10)), ErasureReason.SCHEDULED, "svc");
        }
        return j;
    }

    @Test
    @DisplayName("K3-2-3, invariant 6: a forged intent line is refused, reported with its line, never executed")
    void forgedIntentLine_isRefusedAndNeverExecuted() throws Exception {
        Path j = journalWithOneErasure();
        long logged = fx.log.size();
        Files.writeString(j, ErasureEngineFixture.forgedIntent(Segs.hourly("cam-1", 2, 2, 10)),
                StandardOpenOption.APPEND);
        JournalTamperedException e = assertThrows(JournalTamperedException.class, () -> fx.open(j));
        assertEquals(2, e.line());
        assertTrue(e.getMessage().matches("erasure\\.journal line 2 \\(byte \\d+\\): fails.*"), e.getMessage());
        assertTrue(e.getMessage().endsWith(": fails its HMAC-SHA256 — forged or"
                + " edited; refused, nothing from this line on is executed (K3-2-3, invariant 6)"), e.getMessage());
        assertEquals(3, fx.store.list().size(), "cam-1/2 is still there");
        assertEquals(logged, fx.log.size(), "nothing logged");
        try (ErasureEngine ro = fx.openReadOnly(j)) {
            assertEquals(2, ro.tamperedLine().orElseThrow(), "a read-only open reports it");
            assertEquals(0, ro.pending());
        }
        assertEquals(3, fx.store.list().size());
    }

    @Test
    @DisplayName("K3-2-3: editing an authenticated line (another segment, another principal) is refused")
    void editedLine_isRefused() throws Exception {
        for (int i = 0; i < 4; i++) {
            fx.store.record(Segs.hourly("cam-1", i, i, 10));
        }
        Path j = dir.resolve("erasure.journal");
        ErasureEngine w = fx.open(j);
        ErasureProbes.set(w, s -> {
            if (s == ErasureProbes.Step.INTENT_JOURNALLED) {
                throw new IOException("crash");
            }
        });
        assertThrows(IOException.class, () -> w.erase(List.of(Segs.hourly("cam-1", 0, 0, 10)),
                ErasureReason.SCHEDULED, "svc"));
        w.close();
        String text = Files.readString(j, StandardCharsets.US_ASCII); // the header, then the pending intent
        String edited = text.replaceFirst("\nI (er-[0-9a-f]+) cam-1 0 ", "\nI $1 cam-1 3 ");
        assertFalse(edited.equals(text));
        Files.writeString(j, edited, StandardCharsets.US_ASCII);
        assertEquals(2, assertThrows(JournalTamperedException.class, () -> fx.open(j)).line());
        Files.writeString(j, text.substring(text.indexOf('\n') + 1), StandardCharsets.US_ASCII);
        assertThrows(JournalTamperedException.class, () -> fx.open(j), "a line dropped from the chain");
        assertEquals(4, fx.store.list().size());
    }

    @Test
    @DisplayName("Invariant 6: a read-only open reports a genuine pending intent and erases nothing; a writer resumes it")
    void pendingIntent_isReportedReadOnly_andResumedByTheWriter() throws Exception {
        for (int i = 0; i < 3; i++) {
            fx.store.record(Segs.hourly("cam-1", i, i, 10));
        }
        Path j = dir.resolve("erasure.journal");
        ErasureEngine e = fx.open(j);
        ErasureProbes.set(e, s -> {
            if (s == ErasureProbes.Step.INTENT_LOGGED) {
                throw new IOException("crash");
            }
        });
        assertThrows(IOException.class, () -> e.erase(List.of(Segs.hourly("cam-1", 1, 1, 10)),
                ErasureReason.SCHEDULED, "svc"));
        e.close();
        byte[] before = Files.readAllBytes(j);
        try (ErasureEngine ro = fx.openReadOnly(j)) {
            assertEquals(List.of(1L), ro.pendingSegments().stream().map(SegmentRef::sequence).toList());
            assertTrue(ro.tamperedLine().isEmpty());
            assertThrows(IllegalStateException.class, ro::resume);
        }
        assertEquals(3, fx.store.list().size(), "a read-only open erases nothing");
        assertTrue(java.util.Arrays.equals(before, Files.readAllBytes(j)), "nor writes the journal");
        try (ErasureEngine w = fx.open(j)) {
            assertEquals(1, w.resume().size());
        }
        assertEquals(2, fx.store.list().size());
        assertTrue(fx.log.records().stream().anyMatch(r -> r.type().equals(EvidenceTypes.ERASURE_RECEIPT)));
    }

    @Test
    @DisplayName("Invariant 5: a torn last line (no newline, a crash mid-write) is cut, not reported as forgery")
    void tornTail_isCut() throws Exception {
        Path j = journalWithOneErasure();
        Files.writeString(j, "I er-0011 cam-1 2 0 1", StandardOpenOption.APPEND);
        try (ErasureEngine w = fx.open(j)) {
            assertEquals(0, w.pending());
        }
        assertTrue(Files.readString(j).endsWith("\n"));
    }
}
