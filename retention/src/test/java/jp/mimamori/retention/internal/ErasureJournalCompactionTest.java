package jp.mimamori.retention.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import jp.mimamori.core.crypto.SecretBytes;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The erasure journal's compaction (K3-2-3, invariant 6) at the journal itself: what a compaction carries over,
 * that a crash during it leaves a journal that opens, and that no line of an earlier journal verifies in a later
 * one. The engine's side is {@code jp.mimamori.retention.erase.ErasureJournalCompactionTest}.
 */
class ErasureJournalCompactionTest {
    private static final SecretBytes KEY = SecretBytes.copyOf(new byte[] {
        1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29,
        30, 31, 32});
    private static final String HASH = "ab".repeat(32);

    @TempDir
    Path dir;

    private static void intent(ErasureJournal j, String id, long seq) throws Exception {
        j.intent(id, "cam-1", seq, 1_000L * seq, 1_000L * seq + 999, 10, HASH, "crypto-erase", "scheduled", "svc", 7);
    }

    private static List<String> lines(Path f) throws Exception {
        return List.of(Files.readString(f, StandardCharsets.US_ASCII).split("\n"));
    }

    @Test
    @DisplayName("K3-2-3, invariant 6: a new journal is its header alone; compaction with nothing pending returns to it,"
            + " one epoch on")
    void newJournal_isItsHeader_andCompactionReturnsToIt() throws Exception {
        Path f = dir.resolve("erasure.journal");
        try (ErasureJournal j = ErasureJournal.open(f, KEY)) {
            assertEquals(1, j.epoch());
            long header = Files.size(f);
            assertTrue(lines(f).get(0).matches("H 2 1 [0-9a-f]{32} [0-9a-f]{64}"), lines(f).get(0));
            intent(j, "er-01", 1);
            j.logged("er-01");
            j.erased("er-01", true, "key destroyed", 9);
            j.sync();
            assertEquals(4, lines(f).size());
            j.receipted("er-01");
            j.settle();
            assertEquals(2, j.epoch());
            assertEquals(1, lines(f).size());
            assertEquals(header, Files.size(f), "back to the header's size");
            assertTrue(lines(f).get(0).startsWith("H 2 2 "));
        }
        try (ErasureJournal j = ErasureJournal.open(f, KEY)) {
            assertEquals(0, j.pendingCount());
            assertEquals(2, j.epoch(), "a header-only journal is not rewritten on open");
        }
    }

    @Test
    @DisplayName("Invariant 6: compaction carries every pending erasure over, line for line, and drops finished ones")
    void compaction_carriesPendingErasuresOver() throws Exception {
        Path f = dir.resolve("erasure.journal");
        try (ErasureJournal j = ErasureJournal.open(f, KEY)) {
            intent(j, "er-01", 1);
            intent(j, "er-02", 2);
            intent(j, "er-03", 3);
            j.sync();
            j.logged("er-01");
            j.logged("er-02");
            j.erased("er-01", true, "key destroyed, ✓ 鍵を破棄", 9);
            j.erased("er-02", false, "held", 10);
            j.receipted("er-01");
            j.compact();
            assertEquals(2, j.pendingCount());
        }
        assertEquals(5, lines(f).size(), "header, I er-02, L er-02, E er-02, I er-03: " + lines(f));
        try (ErasureJournal j = ErasureJournal.open(f, KEY)) {
            List<ErasureJournal.Pending> p = j.pending();
            assertEquals(2, p.size());
            assertEquals("er-02", p.get(0).intent[1]);
            assertTrue(p.get(0).logged);
            assertEquals(Boolean.FALSE, p.get(0).erased);
            assertEquals("held", p.get(0).note);
            assertEquals(10, p.get(0).erasedAt);
            assertEquals("er-03", p.get(1).intent[1]);
            assertFalse(p.get(1).logged);
            assertEquals(null, p.get(1).erased);
            assertEquals("3", p.get(1).intent[3]);
        }
    }

    @Test
    @DisplayName("K3-2-3: no line of a journal before a compaction verifies after it: replayed lines are refused")
    void linesOfAnEarlierJournal_areRefusedAfterCompaction() throws Exception {
        Path f = dir.resolve("erasure.journal");
        List<String> before;
        try (ErasureJournal j = ErasureJournal.open(f, KEY)) {
            intent(j, "er-01", 1);
            j.sync();
            before = lines(f);
            j.logged("er-01");
            j.erased("er-01", true, "key destroyed", 9);
            j.receipted("er-01");
            j.settle();
        }
        byte[] compacted = Files.readAllBytes(f);
        // The earlier journal's intent line appended to the compacted one.
        Files.writeString(f, before.get(1) + "\n", StandardCharsets.US_ASCII, StandardOpenOption.APPEND);
        ErasureJournal.TamperedException e = assertThrows(ErasureJournal.TamperedException.class,
                () -> ErasureJournal.open(f, KEY));
        assertEquals(2, e.tampered().line());
        try (ErasureJournal ro = ErasureJournal.openReadOnly(f, KEY)) {
            assertEquals(2, ro.tampered().orElseThrow().line());
            assertEquals(0, ro.pendingCount(), "nothing of the replayed line is pending");
        }
        // The earlier intent line without its header (a chain starting at zero, as version 1 had) is refused too.
        Files.writeString(f, before.get(1) + "\n", StandardCharsets.US_ASCII);
        assertEquals(1, assertThrows(ErasureJournal.TamperedException.class, () -> ErasureJournal.open(f, KEY))
                .tampered().line());
        // A header moved to the middle is refused.
        Files.write(f, compacted);
        Files.writeString(f, new String(compacted, StandardCharsets.US_ASCII), StandardCharsets.US_ASCII,
                StandardOpenOption.APPEND);
        assertEquals(2, assertThrows(ErasureJournal.TamperedException.class, () -> ErasureJournal.open(f, KEY))
                .tampered().line());
    }

    @Test
    @DisplayName("Invariant 6: a crash during compaction leaves the old journal or the new one, and either opens with"
            + " every pending erasure")
    void crashDuringCompaction_leavesOldOrNew() throws Exception {
        Path f = dir.resolve("erasure.journal");
        byte[] old;
        byte[] fresh;
        try (ErasureJournal j = ErasureJournal.open(f, KEY)) {
            intent(j, "er-01", 1);
            intent(j, "er-02", 2);
            j.sync();
            j.logged("er-01");
            j.erased("er-01", true, "key destroyed", 9);
            j.receipted("er-01");
            j.sync();
            old = Files.readAllBytes(f);
            j.compact();
            fresh = Files.readAllBytes(f);
        }
        Path tmp = dir.resolve(".erasure.journal.tmp");
        // Crash before the rename: the old journal, and the new one's temporary file beside it.
        Files.write(f, old);
        Files.write(tmp, fresh);
        try (ErasureJournal j = ErasureJournal.open(f, KEY)) {
            assertEquals(List.of("er-02"), j.pending().stream().map(p -> p.intent[1]).toList());
            j.receipted("er-02");
            j.settle();
        }
        assertEquals(1, lines(f).size(), "compacted once er-02 is finished");
        // Crash after the rename: the new journal (a torn temporary file of a later compaction beside it).
        Files.write(f, fresh);
        Files.writeString(tmp, "H 2 9 torn");
        try (ErasureJournal j = ErasureJournal.open(f, KEY)) {
            assertEquals(List.of("er-02"), j.pending().stream().map(p -> p.intent[1]).toList());
        }
    }

    @Test
    @DisplayName("K3-2-3, invariant 6: a line edited in place behind the journal's back, the file's length unchanged,"
            + " is never compacted away: the compaction refuses and leaves the file as it is")
    void lineEditedInPlace_sameLength_isRefusedAtCompaction() throws Exception {
        Path f = dir.resolve("erasure.journal");
        byte[] edited;
        try (ErasureJournal j = ErasureJournal.open(f, KEY)) {
            intent(j, "er-01", 1);
            intent(j, "er-02", 2);
            j.sync();
            byte[] b = Files.readAllBytes(f);
            String text = new String(b, StandardCharsets.US_ASCII);
            int at = text.indexOf("cam-1 2 ") + "cam-1 ".length();
            b[at] = '3'; // er-02's sequence 2 becomes 3, the same length
            Files.write(f, b);
            edited = b;
            j.logged("er-01");
            j.logged("er-02");
            j.erased("er-01", true, "key destroyed", 9);
            j.erased("er-02", true, "key destroyed", 9);
            j.receipted("er-01");
            j.receipted("er-02");
            ErasureJournal.TamperedException e = assertThrows(ErasureJournal.TamperedException.class, j::settle);
            assertEquals(3, e.tampered().line());
        }
        byte[] now = Files.readAllBytes(f);
        assertArrayEquals(edited, java.util.Arrays.copyOf(now, edited.length), "nothing compacted away");
        assertEquals(3, assertThrows(ErasureJournal.TamperedException.class, () -> ErasureJournal.open(f, KEY))
                .tampered().line());
    }

    @Test
    @DisplayName("Invariant 6: a journal reopened after a crash (a torn last line cut) is compacted after its next"
            + " batch: what it read back is what it read and wrote")
    void reopenedJournal_withTornTail_compactsAfterItsBatch() throws Exception {
        Path f = dir.resolve("erasure.journal");
        try (ErasureJournal j = ErasureJournal.open(f, KEY)) {
            intent(j, "er-01", 1);
            j.sync();
        }
        Files.writeString(f, "L er-01 torn", StandardCharsets.US_ASCII, StandardOpenOption.APPEND);
        try (ErasureJournal j = ErasureJournal.open(f, KEY)) {
            assertEquals(1, j.pendingCount());
            j.logged("er-01");
            j.erased("er-01", true, "key destroyed", 9);
            j.receipted("er-01");
            j.settle();
            assertEquals(1, lines(f).size(), "compacted to its header");
        }
    }

    /** A version 1 journal (no header, the chain starting at zero), MAC'd as the journal does. */
    private static void writeVersionOne(Path f, Iterable<String> bodies) throws Exception {
        javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
        mac.init(new javax.crypto.spec.SecretKeySpec(KEY.toByteArray(), "HmacSHA256"));
        byte[] last = new byte[32];
        try (var out = new java.io.BufferedWriter(Files.newBufferedWriter(f, StandardCharsets.US_ASCII), 1 << 20)) {
            for (String body : bodies) {
                mac.update(last);
                last = mac.doFinal(body.getBytes(StandardCharsets.US_ASCII));
                out.write(body + " " + java.util.HexFormat.of().formatHex(last) + "\n");
            }
        }
    }

    @Test
    @DisplayName("K3-2-3: a journal written before headers (version 1) is read as before and compacted into version 2")
    void versionOneJournal_isReadAndCompacted() throws Exception {
        Path f = dir.resolve("erasure.journal");
        writeVersionOne(f, List.of("I er-01 cam-1 1 1000 1999 10 " + HASH + " crypto-erase scheduled c3Zj 7",
                "L er-01", "I er-02 cam-1 2 2000 2999 10 " + HASH + " crypto-erase scheduled c3Zj 7", "R er-01"));
        try (ErasureJournal ro = ErasureJournal.openReadOnly(f, KEY)) {
            assertEquals(0, ro.epoch());
            assertEquals(1, ro.pendingCount());
        }
        try (ErasureJournal j = ErasureJournal.open(f, KEY)) {
            assertEquals(List.of("er-02"), j.pending().stream().map(p -> p.intent[1]).toList());
            j.logged("er-02");
            j.erased("er-02", true, "key destroyed", 9);
            j.receipted("er-02");
            j.settle();
            assertEquals(1, j.epoch());
        }
        assertTrue(lines(f).get(0).startsWith("H 2 1 "));
        assertEquals(1, lines(f).size());
    }

    @Test
    @DisplayName("K3-2-3: a journal that grew past the former 64 MiB limit before compaction existed opens again, keeps"
            + " its pending erasure and is compacted")
    void journalPast64MiB_opensAndIsCompacted() throws Exception {
        Path f = dir.resolve("erasure.journal");
        int finished = 130_000; // about 70 MiB of finished erasures, as the unbounded journal left them
        String note = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(
                "data key destroyed; wrapped key overwritten in place".getBytes(StandardCharsets.UTF_8));
        writeVersionOne(f, () -> new java.util.Iterator<String>() {
            int i;

            @Override
            public boolean hasNext() {
                return i < 4 * finished + 1;
            }

            @Override
            public String next() {
                int k = i / 4;
                String id = String.format("er-%016x", k);
                String line = switch (i % 4) {
                    case 0 -> "I " + id + " cam-1 " + k + " 1000 1999 10 " + HASH + " crypto-erase scheduled c3Zj 7";
                    case 1 -> "L " + id;
                    case 2 -> "E " + id + " 1 " + note + " 9";
                    default -> "R " + id;
                };
                i++;
                return line;
            }
        });
        assertTrue(Files.size(f) > (64L << 20), Files.size(f) + " bytes");
        try (ErasureJournal j = ErasureJournal.open(f, KEY)) {
            assertEquals(1, j.pendingCount(), "the last intent, still pending");
            assertEquals(String.format("er-%016x", finished), j.pending().get(0).intent[1]);
        }
        assertTrue(Files.size(f) < 1024, "pending erasures carried over, finished ones dropped: " + Files.size(f));
        try (ErasureJournal j = ErasureJournal.open(f, KEY)) {
            assertEquals(1, j.pendingCount());
        }
    }
}
