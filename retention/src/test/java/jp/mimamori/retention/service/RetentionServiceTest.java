package jp.mimamori.retention.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import jp.mimamori.core.evidence.EvidenceTypes;
import jp.mimamori.core.finding.Finding;
import jp.mimamori.core.finding.RetentionCode;
import jp.mimamori.core.finding.Severity;
import jp.mimamori.core.segment.SegmentRef;
import jp.mimamori.retention.crypto.KeyEncryptionKey;
import jp.mimamori.retention.erase.Erasure;
import jp.mimamori.retention.policy.CameraRetention;
import jp.mimamori.retention.policy.RetentionBounds;
import jp.mimamori.retention.policy.RetentionSchedule;
import jp.mimamori.retention.store.FileSegmentStore;
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

class RetentionServiceTest {
    @TempDir
    Path dir;

    private static final RetentionSchedule SAKU = RetentionSchedule.builder(RetentionBounds.of(Profiles.SAKU).withFloor(Duration.ofDays(7)))
            .camera(CameraRetention.of("saku-1", Duration.ofDays(21))).build();

    @Test
    @DisplayName("S2: storage pressure erases oldest unheld footage, recorded as forced with S2 findings; holds stay")
    void enforceBudget_forcedAndDistinctFromScheduled() throws Exception {
        InMemoryEvidenceLog log = new InMemoryEvidenceLog();
        FakeStore store = new FakeStore();
        for (int d = 0; d < 10; d++) {
            store.record(Segs.hourly("saku-1", d, d * 24L, 100));
        }
        MutableClock clock = new MutableClock(Segs.T0.plus(Duration.ofDays(10)));
        try (RetentionService svc = RetentionService.open(dir, store, log, SAKU, (p, c) -> p.equals("mgr"),
                Auth.ANYONE, Auth.journalKey(), clock, TestSigner.RETENTION)) {
            svc.placeHold("saku-1", Segs.T0, Segs.T0.plus(Duration.ofMinutes(30)), "mgr", "case 5", Optional.empty());
            RetentionService.Forced f = svc.enforceBudget(550, "svc");
            assertEquals(List.of(1L, 2L, 3L, 4L, 5L),
                    f.receipts().stream().map(r -> r.segment().sequence()).toList());
            assertTrue(f.receipts().stream().allMatch(r -> r.receipt().reason().wireName().equals("forced")));
            Finding first = f.findings().get(0);
            assertEquals(RetentionCode.FORCED_ERASURE, first.code());
            assertEquals("S2", first.requirement());
            assertEquals(Severity.WARNING, first.severity()); // 9 days old: above the floor
            assertEquals(Severity.ERROR, f.findings().get(4).severity()); // 5 days: below it
            assertTrue(store.find("saku-1", 0).isPresent(), "the held segment stays");
            assertTrue(log.records().stream().filter(r -> r.type().equals(EvidenceTypes.ERASURE_INTENT))
                    .allMatch(r -> "forced".equals(r.string("reason").orElse(""))));
            RetentionService.Forced tooSmall = svc.enforceBudget(50, "svc");
            assertTrue(tooSmall.findings().stream()
                    .anyMatch(x -> x.code() == RetentionCode.HELD_EXCEEDS_BUDGET));
            assertTrue(store.find("saku-1", 0).isPresent(), "never erased to make room");
        }
    }

    @Test
    @DisplayName("K3-2-3: files without index entries and entries without files are reported as orphans")
    void orphans_reported() throws Exception {
        FileSegmentStore store = FileSegmentStore.cryptoErase(dir.resolve("store"), KeyEncryptionKey.generate());
        SegmentRef a = Segs.hourly("saku-1", 0, 0, 3);
        SegmentRef b = Segs.hourly("saku-1", 1, 1, 3);
        store.record(a, new byte[3]);
        store.record(b, new byte[3]);
        Files.write(dir.resolve("store/saku-1/9.seg"), new byte[3]);
        Files.delete(dir.resolve("store/saku-1/1.seg"));
        MutableClock clock = new MutableClock(Segs.T0);
        try (RetentionService svc = RetentionService.open(dir.resolve("state"), store, new InMemoryEvidenceLog(),
                SAKU, (p, c) -> true, Auth.ANYONE, Auth.journalKey(), clock, TestSigner.RETENTION)) {
            List<Finding> o = svc.orphans();
            assertEquals(2, o.size());
            assertEquals(RetentionCode.ORPHAN_FILE, o.get(0).code());
            assertEquals("saku-1/9", o.get(0).where().toString());
            assertEquals(RetentionCode.ORPHAN_ENTRY, o.get(1).code());
            assertEquals("saku-1/1", o.get(1).where().toString());
        }
    }

    @Test
    @DisplayName("K3-2-2: scheduled erasure takes exactly the segments past their period")
    void runScheduled_onlyPastPeriod() throws Exception {
        FakeStore store = new FakeStore();
        for (int d = 0; d < 30; d++) {
            store.record(Segs.hourly("saku-1", d, d * 24L, 100));
        }
        MutableClock clock = new MutableClock(Segs.T0.plus(Duration.ofDays(30)));
        try (RetentionService svc = RetentionService.open(dir, store, new InMemoryEvidenceLog(), SAKU,
                (p, c) -> true, Auth.ANYONE, Auth.journalKey(), clock, TestSigner.RETENTION)) {
            List<Erasure> r = svc.runScheduled("svc");
            assertEquals(9, r.size()); // days 0..8 end at least 21 days before day 30
            assertTrue(r.stream().allMatch(x -> x.receipt().reason().wireName().equals("scheduled")));
            assertEquals(0, svc.plan().size());
        }
    }
}
