package jp.mimamori.retention.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import jp.mimamori.retention.policy.CameraRetention;
import jp.mimamori.retention.policy.RetentionBounds;
import jp.mimamori.retention.policy.RetentionSchedule;
import jp.mimamori.retention.testing.Auth;
import jp.mimamori.retention.testing.FakeStore;
import jp.mimamori.retention.testing.MutableClock;
import jp.mimamori.retention.testing.Segs;
import jp.mimamori.testing.InMemoryEvidenceLog;
import jp.mimamori.testing.Profiles;
import jp.mimamori.testing.TestSigner;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One owner per retention state folder (invariant 6: two erasure engines over one journal would each resume
 * the other's erasures): a second open fails at once, in this process or another.
 */
class RetentionFolderLockTest {
    private static final RetentionSchedule POLICY = RetentionSchedule.builder(
            RetentionBounds.of(Profiles.SAKU).withFloor(Duration.ofDays(7)))
            .camera(CameraRetention.of("saku-1", Duration.ofDays(21))).build();

    @TempDir
    Path dir;

    private RetentionService open() throws IOException {
        return RetentionService.open(dir, new FakeStore(), new InMemoryEvidenceLog(), POLICY, (p, c) -> true,
                Auth.ANYONE, Auth.journalKey(), new MutableClock(Segs.T0), TestSigner.RETENTION);
    }

    @Test
    @DisplayName("invariant 6: a second open of a retention folder in the same process fails; after close it opens")
    void secondOpenInThisProcess_failsUntilTheFirstCloses() throws IOException {
        RetentionService first = open();
        IOException e = assertThrows(IOException.class, this::open);
        assertTrue(e.getMessage().contains("already open in this process"), e.getMessage());
        first.close();
        first.close(); // closing twice is harmless
        open().close();
    }

    @Test
    @DisplayName("invariant 6: while another process holds a retention folder, opening it fails at once")
    void folderHeldByAnotherProcess_openFails() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process child = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                FolderLockChild.class.getName(), dir.toString())
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        try {
            BufferedReader in = new BufferedReader(new InputStreamReader(child.getInputStream(),
                    StandardCharsets.UTF_8));
            assertEquals("locked", in.readLine());
            IOException e = assertThrows(IOException.class, this::open);
            assertTrue(e.getMessage().contains("open in another process"), e.getMessage());
        } finally {
            child.getOutputStream().close();
            assertTrue(child.waitFor(30, TimeUnit.SECONDS));
        }
        open().close();
    }
}
