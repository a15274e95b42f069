package jp.mimamori.recorder.anchor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import jp.mimamori.core.evidence.EvidenceRecord;
import jp.mimamori.core.evidence.EvidenceTypes;
import jp.mimamori.integrity.checkpoint.NoteSigner;
import jp.mimamori.integrity.checkpoint.NoteVerifier;
import jp.mimamori.integrity.log.AnchoredLog;
import jp.mimamori.integrity.log.LogCheckpoints;
import jp.mimamori.integrity.log.TransparentEvidenceLog;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The recorder anchors its log by itself: checkpoints on a schedule and at close (K3-4, invariant 4). */
class CheckpointScheduleTest {
    static final NoteSigner LOG_KEY = NoteSigner.generate("test.mimamori.example/log", NoteVerifier.ED25519,
            new SecureRandom());

    @TempDir
    Path dir;

    static EvidenceRecord record(int i) {
        return EvidenceRecord.of(EvidenceTypes.HOLD_EXPIRED, Instant.parse("2026-04-01T00:00:00Z"),
                Map.of("hold_id", "h-" + i));
    }

    @Test
    @DisplayName("K3-4: close signs a checkpoint over everything appended, so every record is anchored")
    void close_anchorsEverything() throws Exception {
        try (TransparentEvidenceLog log = TransparentEvidenceLog.open(dir)) {
            try (CheckpointSchedule s = CheckpointSchedule.start(log, LOG_KEY, List.of(), Duration.ofDays(1),
                    Clock.systemUTC())) {
                log.append(record(1));
                log.append(record(2));
            }
        }
        AnchoredLog a = AnchoredLog.read(dir, List.of(LOG_KEY.verifier()));
        assertEquals(2, a.anchoredSize());
        assertTrue(a.findings().isEmpty(), a.findings().toString());
    }

    @Test
    @DisplayName("K3-4: a checkpoint is signed only when the log grew since the last one")
    void checkpointNow_onlyWhenTheLogGrew() throws Exception {
        try (TransparentEvidenceLog log = TransparentEvidenceLog.open(dir);
             CheckpointSchedule s = CheckpointSchedule.start(log, LOG_KEY, List.of(), Duration.ofDays(1),
                     Clock.systemUTC())) {
            log.append(record(1));
            assertTrue(s.checkpointNow().isPresent());
            assertTrue(s.checkpointNow().isEmpty());
            log.append(record(2));
            assertTrue(s.checkpointNow().isPresent());
            assertEquals(2, LogCheckpoints.list(dir).size());
        }
    }

    @Test
    @DisplayName("K3-4: the schedule checkpoints by itself (waits for the checkpoint file, no timing assertion)")
    void schedule_checkpointsByItself() throws Exception {
        try (TransparentEvidenceLog log = TransparentEvidenceLog.open(dir);
             CheckpointSchedule s = CheckpointSchedule.start(log, LOG_KEY, List.of(), Duration.ofMillis(20),
                     Clock.systemUTC())) {
            log.append(record(1));
            Path expected = dir.resolve(LogCheckpoints.DIR).resolve(String.format("%020d.checkpoint", 1));
            while (!Files.exists(expected)) {
                Thread.sleep(10); // bounded by the surefire timeout, never by a timing assertion
            }
            assertTrue(s.lastFailure().isEmpty());
        }
    }

    @Test
    void nonPositiveInterval_isRefused() throws Exception {
        try (TransparentEvidenceLog log = TransparentEvidenceLog.open(dir)) {
            assertThrows(IllegalArgumentException.class, () -> CheckpointSchedule.start(log, LOG_KEY, List.of(),
                    Duration.ZERO, Clock.systemUTC()));
        }
    }
}
