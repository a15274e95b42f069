package jp.mimamori.retention.erase;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import jp.mimamori.core.evidence.EvidenceRecord;
import jp.mimamori.core.evidence.EvidenceTypes;
import jp.mimamori.core.finding.Finding;
import jp.mimamori.core.segment.SegmentRef;
import jp.mimamori.retention.service.RetentionService;
import jp.mimamori.retention.store.FileSegmentStore;
import jp.mimamori.retention.testing.Auth;
import jp.mimamori.retention.testing.FileEvidenceLog;
import jp.mimamori.testing.Props;
import jp.mimamori.testing.TestSigner;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Invariant 6 under real crashes: a child JVM records and crypto-erases in a loop and is killed
 * ({@link Process#destroyForcibly()}) at a random moment, several times; after each kill the state is reopened
 * and nothing may have lost track: every intent has its receipt after resumption, every live entry still
 * decrypts, every erased entry's key and data are gone and its erasure is in the log, intent first; and the journal,
 * compacted after every batch (a kill may land in a compaction), is back to its header line.
 */
class ErasureKillTest {
    @TempDir
    Path dir;

    @Test
    @Tag("slow")
    @DisplayName("Invariant 6: killing the JVM at random points never loses track of a segment")
    void killAtRandomPoints_resumesAndLosesNothing() throws Exception {
        byte[] kek = new byte[32];
        new SecureRandom().nextBytes(kek);
        Files.write(dir.resolve("kek.bin"), kek);
        Random r = new Random(Props.seed());
        int rounds = 4;
        long lastNext = -1;
        for (int round = 0; round < rounds; round++) {
            ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", System.getProperty("java.class.path"), KillChild.class.getName(), dir.toString());
            pb.redirectErrorStream(true);
            Process p = pb.start();
            BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            String first = out.readLine();
            assertTrue(first != null && first.startsWith("ready"), "child started: " + first);
            long next = Long.parseLong(first.substring(6));
            assertTrue(next >= lastNext, "progress is never lost");
            lastNext = next;
            // Kill after a random amount of progress, then a random few milliseconds into the next step.
            int steps = 4 + r.nextInt(20);
            StringBuilder seen = new StringBuilder();
            for (int i = 0; i < steps; i++) {
                String line = out.readLine();
                assertTrue(line != null && line.startsWith("recorded"), "child alive: " + seen + line);
                seen.append(line).append('\n');
            }
            Thread.sleep(r.nextInt(40));
            p.destroyForcibly();
            assertTrue(p.waitFor(30, TimeUnit.SECONDS));
            check();
        }
        assertTrue(lastNext >= 4 * (rounds - 1), "the child made progress: " + lastNext);
    }

    private void check() throws Exception {
        FileSegmentStore store = KillChild.store(dir);
        try (FileEvidenceLog log = FileEvidenceLog.open(dir.resolve("log.jsonl"));
             RetentionService svc = RetentionService.open(dir.resolve("state"), store, log, KillChild.POLICY,
                     (p, c) -> true, Auth.ANYONE, Auth.journalKey(), Clock.systemUTC(), TestSigner.RETENTION)) {
            assertEquals(0, svc.pendingErasures());
            // K3-2-3: with nothing pending the journal is back to its header line, however many erasures ran.
            List<String> journal = Files.readAllLines(dir.resolve("state/erasure.journal"), StandardCharsets.US_ASCII);
            assertEquals(1, journal.size(), "journal compacted: " + journal);
            assertTrue(journal.get(0).startsWith("H 2 "), journal.get(0));
            Map<String, String> intentOf = new HashMap<>();
            Map<String, Integer> intentAt = new HashMap<>();
            Map<String, Integer> receiptAt = new HashMap<>();
            List<EvidenceRecord> recs = log.records();
            for (int i = 0; i < recs.size(); i++) {
                EvidenceRecord e = recs.get(i);
                String key = e.string("camera").orElseThrow() + "/" + e.body().get("sequence");
                if (e.type().equals(EvidenceTypes.ERASURE_INTENT)) {
                    intentOf.put(e.string("erasure_id").orElseThrow(), key);
                    intentAt.putIfAbsent(key, i);
                } else if (e.type().equals(EvidenceTypes.ERASURE_RECEIPT)) {
                    assertTrue(intentOf.containsKey(e.string("erasure_id").orElseThrow()), "receipt without intent");
                    assertEquals("erased", e.string("outcome").orElseThrow());
                    receiptAt.put(key, i);
                }
            }
            Set<String> receipted = new HashSet<>(receiptAt.keySet());
            for (String key : intentOf.values()) {
                assertTrue(receipted.contains(key), "intent without receipt after resume: " + key);
            }
            for (String key : store.erasedKeys()) {
                assertTrue(intentAt.containsKey(key) && receiptAt.get(key) > intentAt.get(key),
                        "erased with intent first and receipt after: " + key);
                String cam = key.substring(0, key.indexOf('/'));
                long seq = Long.parseLong(key.substring(key.indexOf('/') + 1));
                assertFalse(store.hasKey(cam, seq), "data key destroyed: " + key);
                assertFalse(Files.exists(store.root().resolve(cam).resolve(seq + ".seg")), "data gone: " + key);
            }
            for (SegmentRef s : store.list()) {
                assertFalse(receipted.contains(s.cameraId() + "/" + s.sequence()), "live but receipted: " + s);
                assertArrayEquals(KillChild.data(s.cameraId(), s.sequence()), store.read(s), "still decrypts");
            }
            Set<String> orphanWhere = new HashSet<>();
            for (Finding f : svc.orphans()) {
                orphanWhere.add(f.where().toString());
            }
            Set<String> entries = new HashSet<>(store.entryKeys());
            for (String f : store.fileKeys()) {
                if (!entries.contains(f)) {
                    assertTrue(orphanWhere.contains(f), "an unindexed file is reported: " + f);
                }
            }
        }
    }
}
