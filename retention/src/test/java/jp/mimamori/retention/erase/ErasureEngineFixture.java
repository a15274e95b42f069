package jp.mimamori.retention.erase;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.zip.CRC32C;
import jp.mimamori.core.segment.SegmentRef;
import jp.mimamori.retention.testing.Auth;
import jp.mimamori.retention.testing.FakeStore;
import jp.mimamori.retention.testing.MutableClock;
import jp.mimamori.testing.InMemoryEvidenceLog;
import jp.mimamori.testing.TestSigner;

/**
 * An erasure engine's surroundings for the journal tests: a clock at 2026-05-01, an in-memory evidence log, a fake
 * segment store, the test journal key, anyone authorised, no segment held; {@link #open} opens (or creates) a
 * journal over them, {@link #openReadOnly} reads one.
 */
final class ErasureEngineFixture {
    final MutableClock clock = new MutableClock(Instant.parse("2026-05-01T00:00:00Z"));
    final InMemoryEvidenceLog log = new InMemoryEvidenceLog();
    final FakeStore store = new FakeStore();

    /** The engine over journal {@code j}, signing receipts with the retention test key. */
    ErasureEngine open(Path j) throws IOException {
        return ErasureEngine.open(j, Auth.journalKey(), store, log, s -> false, Auth.ANYONE, clock,
                TestSigner.RETENTION);
    }

    /** The engine over journal {@code j}, read only. */
    ErasureEngine openReadOnly(Path j) throws IOException {
        return ErasureEngine.openReadOnly(j, Auth.journalKey(), store, log, s -> false, Auth.ANYONE, clock);
    }

    /** An intent line as the old CRC-framed journal wrote it, for a live segment: what a forger can make. */
    static String forgedIntent(SegmentRef s) {
        String principal = java.util.Base64.getUrlEncoder().withoutPadding()
                .encodeToString("svc".getBytes(StandardCharsets.UTF_8));
        String body = String.join(" ", "I", "er-f0f0f0f0f0f0f0f0", s.cameraId(), Long.toString(s.sequence()),
                Long.toString(s.start().toEpochMilli()), Long.toString(s.end().toEpochMilli()),
                Long.toString(s.sizeBytes()), s.manifestHash(), "crypto-erase", "scheduled", principal,
                Long.toString(s.end().toEpochMilli()));
        CRC32C c = new CRC32C();
        c.update(body.getBytes(StandardCharsets.US_ASCII));
        return body + " " + String.format("%08x", c.getValue()) + "\n";
    }
}
