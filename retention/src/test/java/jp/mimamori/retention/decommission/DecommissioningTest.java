package jp.mimamori.retention.decommission;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import jp.mimamori.core.evidence.EvidenceRecord;
import jp.mimamori.core.evidence.EvidenceTypes;
import jp.mimamori.retention.hold.Hold;
import jp.mimamori.retention.policy.RetentionBounds;
import jp.mimamori.retention.policy.RetentionSchedule;
import jp.mimamori.retention.service.RetentionService;
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

class DecommissioningTest {
    @TempDir
    Path dir;

    @Test
    @DisplayName("K4-3-2: decommissioning erases remaining images, closes designations, records removal; holds stay")
    void decommission_erasesClosesAndRecords() throws Exception {
        InMemoryEvidenceLog log = new InMemoryEvidenceLog();
        FakeStore store = new FakeStore();
        for (int h = 0; h < 6; h++) {
            store.record(Segs.hourly("kmg-9", h, h, 10));
        }
        store.record(Segs.hourly("kmg-1", 0, 0, 10));
        MutableClock clock = new MutableClock(Segs.T0.plus(Duration.ofDays(2)));
        RetentionService svc = RetentionService.open(dir, store, log,
                RetentionSchedule.builder(RetentionBounds.of(Profiles.KUMAGAYA)).build(), (p, c) -> p.equals("mgr"),
                Auth.only("mgr"), Auth.journalKey(), clock, TestSigner.RETENTION);
        Hold h = svc.placeHold("kmg-9", Segs.T0.plus(Duration.ofHours(2)), Segs.T0.plus(Duration.ofMinutes(150)),
                "mgr", "police request 2026-7", Optional.empty());
        Decommissioning.Result r = svc.decommission(new Decommissioning.Request("kmg-9", "mgr",
                Instant.parse("2026-04-03T09:00:00Z"), Instant.parse("2026-04-03T09:30:00Z"),
                List.of("dsg-operator-3", "dsg-manager-1"), "station closed"));
        assertEquals(4, r.receipts().size());
        assertEquals(2, r.heldRemaining().size());
        assertFalse(r.complete());
        EvidenceRecord last = log.records().get(log.records().size() - 1);
        assertEquals(EvidenceTypes.DECOMMISSION, last.type());
        assertEquals(2L, last.body().get("held_remaining"));
        assertEquals(false, last.body().get("complete"));
        assertEquals(2, log.records().stream().filter(x -> x.type().equals(EvidenceTypes.DESIGNATION_REVOKED))
                .count());
        assertTrue(log.records().stream().filter(x -> x.type().equals(EvidenceTypes.ERASURE_RECEIPT))
                .allMatch(x -> "decommission".equals(x.string("reason").orElse(""))));
        svc.releaseHold(h.holdId(), "mgr", "case closed");
        Decommissioning.Result again = svc.decommission(new Decommissioning.Request("kmg-9", "mgr",
                Instant.parse("2026-04-03T09:00:00Z"), Instant.parse("2026-04-03T09:30:00Z"), List.of(), ""));
        assertTrue(again.complete());
        assertEquals(1, store.list().size(), "the other camera is untouched");
        svc.close();
    }
}
