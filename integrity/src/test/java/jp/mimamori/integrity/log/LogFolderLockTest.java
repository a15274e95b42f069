package jp.mimamori.integrity.log;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import jp.mimamori.core.evidence.EvidenceRecord;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * K3-4: one writer per evidence log folder. Two writers would each extend the tree from their own view of its
 * size and fork the log; the exclusive lock on {@code records.log} stops the second at open.
 */
class LogFolderLockTest {
    @TempDir
    Path dir;

    @Test
    @DisplayName("K3-4: a second open of an evidence log folder in the same process fails; after close it opens")
    void secondOpenInThisProcess_failsUntilTheFirstCloses() throws IOException {
        TransparentEvidenceLog first = TransparentEvidenceLog.open(dir);
        IOException e = assertThrows(IOException.class, () -> TransparentEvidenceLog.open(dir));
        assertTrue(e.getMessage().contains("already open in this process"), e.getMessage());
        first.close();
        TransparentEvidenceLog.open(dir).close();
    }

    @Test
    @DisplayName("K3-4: while another process holds an evidence log folder, opening it fails at once")
    void logHeldByAnotherProcess_openFails() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process child = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                LogHolderChild.class.getName(), dir.toString())
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        try {
            BufferedReader in = new BufferedReader(new InputStreamReader(child.getInputStream(),
                    StandardCharsets.UTF_8));
            assertEquals("open", in.readLine());
            IOException e = assertThrows(IOException.class, () -> TransparentEvidenceLog.open(dir));
            assertTrue(e.getMessage().contains("locked by another process"), e.getMessage());
        } finally {
            child.getOutputStream().close();
            assertTrue(child.waitFor(30, TimeUnit.SECONDS));
        }
        try (TransparentEvidenceLog log = TransparentEvidenceLog.open(dir)) {
            log.append(EvidenceRecord.of("decision.access", Instant.EPOCH, Map.of("camera", "cam-1")));
            assertEquals(1, log.size());
        }
    }
}
