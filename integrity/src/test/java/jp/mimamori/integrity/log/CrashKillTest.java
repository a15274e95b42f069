package jp.mimamori.integrity.log;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import jp.mimamori.testing.Props;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Invariant 5 under real crashes: a child JVM appending from four threads is killed ({@code destroyForcibly},
 * SIGKILL on Linux) at random moments, 200 times in a row on the same log; every record it acknowledged must
 * be there afterwards, at its index, with its leaf hash, and the tree must be the RFC 9162 tree of the
 * records.
 */
@Tag("slow")
class CrashKillTest {
    private static final int KILLS = Integer.getInteger("mimamori.kills", 200);

    @TempDir
    Path dir;

    private Process start(String java, String cp, long seed) throws java.io.IOException {
        return new ProcessBuilder(java, "-Xshare:auto", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
                "-XX:CICompilerCount=1", "-cp", cp, KillTestChild.class.getName(), dir.toString(), Long.toString(seed))
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
    }

    private static String readLine(BufferedReader in) {
        try {
            return in.readLine();
        } catch (java.io.IOException closedByKill) {
            return null;
        }
    }

    @Test
    void killedMidAppend200Times_everyAcknowledgedRecordSurvives_invariant5() throws Exception {
        Random rnd = new Random(Props.seed());
        Map<Long, String> acked = new HashMap<>();
        long cuts = 0;
        int killsAfterAnAck = 0;
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String cp = System.getProperty("java.class.path");
        // Children start ahead of time (their JVM start-up overlaps earlier children's runs); each waits for "go".
        java.util.ArrayDeque<Process> warm = new java.util.ArrayDeque<>();
        for (int i = 0; i < Math.min(3, KILLS); i++) {
            warm.add(start(java, cp, rnd.nextLong()));
        }
        for (int k = 0; k < KILLS; k++) {
            Process p = warm.poll();
            BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.US_ASCII));
            if (!"ready".equals(readLine(in))) {
                throw new AssertionError("child did not start");
            }
            p.getOutputStream().write("go\n".getBytes(StandardCharsets.US_ASCII));
            p.getOutputStream().flush();
            if (k + warm.size() + 1 < KILLS) {
                warm.add(start(java, cp, rnd.nextLong()));
            }
            boolean killBeforeOpen = rnd.nextInt(10) == 0;
            long killDelayMs = 2 + rnd.nextInt(40);
            boolean armed = false;
            long deadline = 0;
            if (killBeforeOpen) {
                Thread.sleep(rnd.nextInt(20));
                p.destroyForcibly();
            }
            // destroyForcibly closes the pipe; acknowledgements not yet read are simply not asserted.
            for (String line = readLine(in); line != null; line = readLine(in)) {
                if (line.startsWith("open ")) {
                    String[] f = line.split(" ");
                    long size = Long.parseLong(f[1]);
                    cuts += Long.parseLong(f[2]) > 0 ? 1 : 0;
                    assertTrue(size >= acked.size(), "after kill " + k + ": log has " + size
                            + " records but " + acked.size() + " were acknowledged");
                    armed = !killBeforeOpen;
                } else if (line.startsWith("a ")) {
                    String[] f = line.split(" ");
                    String prev = acked.put(Long.parseLong(f[1]), f[2]);
                    assertTrue(prev == null || prev.equals(f[2]), "index " + f[1] + " acknowledged twice differently");
                    if (armed && deadline == 0) {
                        // Count the delay from the run's first acknowledgement, not from its open: on a loaded
                        // machine a delay from open can end before any append, and the run would test nothing.
                        deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(killDelayMs);
                        killsAfterAnAck++;
                    }
                }
                if (deadline != 0 && System.nanoTime() >= deadline && p.isAlive()) {
                    p.destroyForcibly();
                }
            }
            p.waitFor();
        }
        try (TransparentEvidenceLog log = TransparentEvidenceLog.open(dir)) {
            assertTrue(killsAfterAnAck > 0 && acked.size() >= killsAfterAnAck,
                    "every kill after an acknowledgement follows at least one: " + acked.size() + " acknowledged, "
                            + killsAfterAnAck + " such kills");
            List<byte[]> leaves = new ArrayList<>();
            for (long i = 0; i < log.size(); i++) {
                byte[] leaf = NaiveTree.sha(0, log.recordBytes(i));
                leaves.add(leaf);
                String want = acked.get(i);
                if (want != null) {
                    assertEquals(want, HexFormat.of().formatHex(leaf), "acknowledged record " + i);
                }
            }
            for (long i : acked.keySet()) {
                assertTrue(i < log.size(), "acknowledged record " + i + " lost; log has " + log.size());
            }
            assertArrayEquals(NaiveTree.mth(leaves, 0, leaves.size()), log.treeHead().rootHash());
            System.out.println("kill test: " + KILLS + " kills, " + acked.size() + " acknowledged, "
                    + log.size() + " in log, " + cuts + " torn tails cut");
        }
    }
}
