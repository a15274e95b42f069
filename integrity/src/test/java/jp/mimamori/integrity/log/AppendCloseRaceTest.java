package jp.mimamori.integrity.log;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import jp.mimamori.core.evidence.EvidenceReceipt;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An append racing {@code close} fails promptly or succeeds durably; it never waits forever (invariant 5: an
 * acknowledged record survives; an unacknowledged one is reported as not logged).
 */
class AppendCloseRaceTest {
    private static final int ROUNDS = 60;
    private static final int APPENDERS = 3;

    @Test
    @DisplayName("invariant 5: appends racing close either get a receipt that survives reopening or an exception")
    void appendRacingClose_failsPromptlyOrIsDurable_neverHangs(@TempDir Path root) throws Exception {
        // The timeout only guards against the hang this test is about; nothing here measures time.
        assertTimeoutPreemptively(Duration.ofMinutes(5), () -> {
            ExecutorService ex = Executors.newFixedThreadPool(APPENDERS);
            try {
                for (int round = 0; round < ROUNDS; round++) {
                    race(root.resolve("log-" + round), ex, round);
                }
            } finally {
                ex.shutdownNow();
            }
        });
    }

    private static void race(Path dir, ExecutorService ex, int round) throws Exception {
        TransparentEvidenceLog log = TransparentEvidenceLog.open(dir);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<List<EvidenceReceipt>>> fs = new ArrayList<>();
        for (int t = 0; t < APPENDERS; t++) {
            int base = t * 1000;
            fs.add(ex.submit(() -> {
                List<EvidenceReceipt> got = new ArrayList<>();
                start.await();
                for (int i = 0; ; i++) {
                    try {
                        got.add(log.append(TransparentEvidenceLogTest.rec(base + i)));
                    } catch (IOException | IllegalStateException closed) {
                        return got; // closed: fails, never hangs
                    }
                }
            }));
        }
        start.countDown();
        // Let some appends through in some rounds and none in others, so close lands at varied points.
        for (int i = 0; i < round % 4; i++) {
            Thread.yield();
        }
        log.close();
        List<EvidenceReceipt> acknowledged = new ArrayList<>();
        for (Future<List<EvidenceReceipt>> f : fs) {
            acknowledged.addAll(f.get());
        }
        try (TransparentEvidenceLog again = TransparentEvidenceLog.open(dir)) {
            assertTrue(again.size() >= acknowledged.size(), "round " + round + ": acknowledged records lost");
            for (EvidenceReceipt r : acknowledged) {
                assertEquals(r.leafHash(), java.util.HexFormat.of().formatHex(again.leafHash(r.index())),
                        "round " + round + ": acknowledged record " + r.index() + " changed");
            }
        }
    }
}
