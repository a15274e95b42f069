package jp.mimamori.recorder.retention;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import jp.mimamori.core.internal.id.IdSyntax;
import jp.mimamori.core.segment.SegmentRef;
import jp.mimamori.integrity.keys.SignatureAlgorithm;
import jp.mimamori.integrity.keys.SigningKey;
import jp.mimamori.integrity.manifest.UnitIndex;
import jp.mimamori.recorder.store.CameraRecorder;
import jp.mimamori.recorder.store.Recorder;
import jp.mimamori.recorder.store.RecorderOptions;
import jp.mimamori.retention.policy.CameraRetention;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One form of camera id across the modules (issue 12, "one idea, one implementation"): the retention schedule,
 * the segment the log and retention see, the unit index and store v2's recorder accept and refuse the same ids —
 * the recorder makes a folder of it, so a refused id never becomes a path.
 */
class CameraIdsAgreeTest {
    @TempDir
    Path dir;

    private static final List<String> CANDIDATES = List.of("cam-01", "es-gate", "A.b_c-9", "x".repeat(64),
            "", ".", "..", "../outside", "-cam", "_cam", ".hidden", "a/b", "a\\b", "a b", "cam\n", "ｃａｍ",
            "x".repeat(65));

    private static boolean accepted(ThrowingRunnable r) throws Exception {
        try {
            r.run();
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private interface ThrowingRunnable {
        void run() throws Exception;
    }

    @Test
    @DisplayName("K3-2-2, K3-2-4: retention, segments, unit indexes and store v2 accept exactly the ids IdSyntax does")
    void everyModule_acceptsExactlyTheSameCameraIds() throws Exception {
        SigningKey key = SigningKey.generate(SignatureAlgorithm.ED25519, new SecureRandom());
        java.time.Instant t = java.time.Instant.parse("2026-04-01T00:00:00Z");
        try (Recorder recorder = Recorder.open(dir.resolve("store"), RecorderOptions.plain(key))) {
            for (String id : CANDIDATES) {
                boolean expected = IdSyntax.isId(id);
                assertEquals(expected, accepted(() -> new CameraRetention(id, Duration.ofDays(14), Optional.empty())),
                        "CameraRetention " + id);
                assertEquals(expected, accepted(() -> new SegmentRef(id, 0, t, t, 1, "0".repeat(64))),
                        "SegmentRef " + id);
                assertEquals(expected, accepted(() -> new UnitIndex(id, 0, 1, 0, List.of())), "UnitIndex " + id);
                assertEquals(expected, accepted(() -> {
                    try (CameraRecorder c = recorder.camera(id)) {
                        // opened and closed: nothing recorded
                    }
                }), "Recorder.camera " + id);
            }
        }
        try (var folders = Files.list(dir.resolve("store"))) {
            assertEquals(0, folders.filter(p -> !IdSyntax.isId(p.getFileName().toString()))
                    .filter(Files::isDirectory).count(), "no folder made of a refused id");
        }
    }
}
