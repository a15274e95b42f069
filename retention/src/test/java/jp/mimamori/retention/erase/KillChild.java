package jp.mimamori.retention.erase;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import jp.mimamori.core.crypto.SecretBytes;
import jp.mimamori.core.segment.SegmentRef;
import jp.mimamori.retention.crypto.KeyEncryptionKey;
import jp.mimamori.retention.policy.CameraRetention;
import jp.mimamori.retention.policy.RetentionBounds;
import jp.mimamori.retention.policy.RetentionSchedule;
import jp.mimamori.retention.service.RetentionService;
import jp.mimamori.retention.store.FileSegmentStore;
import jp.mimamori.retention.testing.Auth;
import jp.mimamori.retention.testing.FileEvidenceLog;
import jp.mimamori.retention.testing.MutableClock;
import jp.mimamori.retention.testing.Segs;
import jp.mimamori.testing.Profiles;
import jp.mimamori.testing.TestSigner;

/**
 * The child JVM of {@link ErasureKillTest}: records hourly segments of two cameras into a crypto-erase store
 * and erases what falls due, forever, until the parent kills it.
 */
public final class KillChild {
    private KillChild() {}

    /** Policy: one day for every camera. */
    static final RetentionSchedule POLICY = RetentionSchedule.builder(RetentionBounds.of(Profiles.SAKU).withFloor(Duration.ZERO))
            .defaultPeriod(Duration.ofDays(1))
            .camera(CameraRetention.of("kill-a", Duration.ofDays(1)))
            .camera(CameraRetention.of("kill-b", Duration.ofDays(1)))
            .build();

    /** Deterministic recorded bytes of a segment. */
    static byte[] data(String camera, long seq) {
        byte[] b = new byte[3000 + (int) (seq % 500)];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) (seq * 31 + i + camera.length());
        }
        return b;
    }

    /** Opens the store of a test folder. */
    static FileSegmentStore store(Path dir) throws Exception {
        return FileSegmentStore.cryptoErase(dir.resolve("store"),
                KeyEncryptionKey.create(SecretBytes.copyOf(Files.readAllBytes(dir.resolve("kek.bin")))));
    }

    /** {@code KillChild DIR}. */
    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        FileSegmentStore store = store(dir);
        long next = 0;
        List<String> keys = new ArrayList<>(store.entryKeys());
        keys.addAll(store.fileKeys());
        for (String k : keys) {
            String s = k.substring(k.indexOf('/') + 1).replace(".tmp", "");
            next = Math.max(next, Long.parseLong(s) + 1);
        }
        MutableClock clock = new MutableClock(Segs.T0.plus(Duration.ofHours(next + 1)));
        try (FileEvidenceLog log = FileEvidenceLog.open(dir.resolve("log.jsonl"));
             RetentionService svc = RetentionService.open(dir.resolve("state"), store, log, POLICY,
                     (p, c) -> true, Auth.ANYONE, Auth.journalKey(), clock, TestSigner.RETENTION)) {
            System.out.println("ready " + next);
            System.out.flush();
            for (long seq = next; ; seq++) {
                String cam = seq % 2 == 0 ? "kill-a" : "kill-b";
                SegmentRef s = Segs.hourly(cam, seq, seq, data(cam, seq).length);
                store.record(s, data(cam, seq));
                svc.recorded(s);
                clock.set(Segs.T0.plus(Duration.ofHours(seq + 1)));
                if (seq % 3 == 0) {
                    svc.runScheduled("svc-retention");
                }
                System.out.println("recorded " + seq);
                System.out.flush();
            }
        }
    }
}
