package jp.mimamori.retention.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import jp.mimamori.core.finding.Finding;
import jp.mimamori.core.finding.RetentionCode;
import jp.mimamori.core.finding.Severity;
import jp.mimamori.core.segment.SegmentRef;
import jp.mimamori.retention.hold.Hold;
import jp.mimamori.retention.policy.CameraRetention;
import jp.mimamori.retention.policy.RetentionBounds;
import jp.mimamori.retention.policy.RetentionSchedule;
import jp.mimamori.retention.testing.Segs;
import jp.mimamori.testing.Profiles;
import jp.mimamori.testing.Props;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class RetentionPlannerTest {
    private static final Instant T0 = Segs.T0;

    private static RetentionSchedule kumagaya14() {
        return RetentionSchedule.builder(RetentionBounds.of(Profiles.KUMAGAYA))
                .camera(CameraRetention.of("kmg-1", Duration.ofDays(14))).build();
    }

    @Test
    @DisplayName("K3-2-2: a 14-day camera's segment is planned once 14 days have passed since its end, not before")
    void fourteenDayCamera_segmentDueExactlyAfterPeriod() {
        RetentionPlanner p = new RetentionPlanner(kumagaya14());
        SegmentRef s = Segs.hourly("kmg-1", 0, 0, 100);
        p.add(s);
        assertEquals(0, p.plan(s.end().plus(Duration.ofDays(14)).minusMillis(1)).size());
        RetentionPlan plan = p.plan(s.end().plus(Duration.ofDays(14)));
        assertEquals(1, plan.size());
        assertEquals(0, plan.get(0).sequence());
        assertEquals(s.end().plus(Duration.ofDays(14)), plan.get(0).dueAt());
    }

    @Test
    void plan_saysWhatIsNextAndWhen() {
        RetentionPlanner p = new RetentionPlanner(kumagaya14());
        for (int h = 0; h < 48; h++) {
            p.add(Segs.hourly("kmg-1", h, h, 10));
        }
        RetentionPlan plan = p.plan(T0.plus(Duration.ofDays(15)));
        assertEquals(24, plan.size()); // segments 0..23 end by hour 24, 14 days before day 15
        assertEquals(T0.plus(Duration.ofDays(15)).plus(Duration.ofHours(1)), plan.nextDueAt().get());
    }

    @Test
    @DisplayName("Invariant 3: a held segment is never planned; released, it becomes due at the next tick")
    void heldSegment_notPlannedUntilReleased() {
        RetentionPlanner p = new RetentionPlanner(kumagaya14());
        for (int h = 0; h < 10; h++) {
            p.add(Segs.hourly("kmg-1", h, h, 10));
        }
        Hold hold = new Hold("hold-1", "kmg-1", T0.plus(Duration.ofHours(2)), T0.plus(Duration.ofMinutes(150)),
                "mgr", "case 118", T0, Optional.empty());
        p.holdsChanged("kmg-1", List.of(hold));
        RetentionPlan plan = p.plan(T0.plus(Duration.ofDays(30)));
        assertEquals(8, plan.size()); // hours 1..3 touch the range [2:00, 2:30]? segments 1 (ends 2:00) and 2
        assertEquals(2, plan.heldOverdue());
        p.holdsChanged("kmg-1", List.of());
        List<DueSegment> released = p.tick(T0.plus(Duration.ofDays(30)));
        assertEquals(2, released.size());
        assertEquals(10, p.current().size());
    }

    @Test
    void tick_returnsOnlyWhatBecameDue() {
        RetentionPlanner p = new RetentionPlanner(kumagaya14());
        for (int h = 0; h < 24; h++) {
            p.add(Segs.hourly("kmg-1", h, h, 10));
        }
        p.plan(T0.plus(Duration.ofDays(14)).plus(Duration.ofHours(5)));
        List<DueSegment> d = p.tick(T0.plus(Duration.ofDays(14)).plus(Duration.ofHours(7)));
        assertEquals(List.of(5L, 6L), d.stream().map(DueSegment::sequence).toList());
    }

    @Test
    @DisplayName("S2: forced erasure takes the oldest unheld footage and never a held segment")
    void forcedCandidates_neverHeld() {
        RetentionPlanner p = new RetentionPlanner(kumagaya14());
        for (int h = 0; h < 10; h++) {
            p.add(Segs.hourly("kmg-1", h, h, 100));
        }
        p.holdsChanged("kmg-1", List.of(new Hold("h", "kmg-1", T0, T0.plus(Duration.ofMinutes(30)), "m", "r", T0,
                Optional.empty())));
        p.plan(T0.plus(Duration.ofHours(10)));
        List<DueSegment> forced = p.forcedCandidates(750);
        assertEquals(List.of(1L, 2L, 3L), forced.stream().map(DueSegment::sequence).toList());
        assertEquals(9, p.forcedCandidates(0).size()); // everything but the held one
    }

    @Test
    @DisplayName("S2: a budget too small for the period is forecast, naming the time and the camera")
    void smallBudget_forecastsForcedErasure() {
        RetentionSchedule pol = RetentionSchedule.builder(RetentionBounds.of(Profiles.SAKU).withFloor(Duration.ofDays(7)))
                .camera(CameraRetention.of("saku-1", Duration.ofDays(31))).build();
        RetentionPlanner p = new RetentionPlanner(pol);
        for (int h = 0; h < 24 * 3; h++) {
            p.add(Segs.hourly("saku-1", h, h, 1_000));
        }
        // 1000 bytes/hour; 31 days need 744,000 bytes; the budget holds 5 days.
        StorageForecast f = StorageForecast.of(p, T0.plus(Duration.ofDays(3)), 120_000, Duration.ofDays(31),
                Duration.ofHours(1), pol.floor());
        assertTrue(f.exceedsAt().isPresent());
        assertEquals(T0.plus(Duration.ofDays(5)).plus(Duration.ofHours(1)), f.exceedsAt().get());
        assertTrue(f.findings().stream().anyMatch(x -> x.code() == RetentionCode.BUDGET_INSUFFICIENT));
        Finding cam = f.findings().stream()
                .filter(x -> x.code() == RetentionCode.BUDGET_FORCES_ERASURE).findFirst().orElseThrow();
        assertEquals("S2", cam.requirement());
        assertEquals(Severity.ERROR, cam.severity()); // 5 days left < 7-day floor
        assertEquals(Duration.ofHours(120), f.retainedAge());
        StorageForecast ok = StorageForecast.of(p, T0.plus(Duration.ofDays(3)), 1_000_000, Duration.ofDays(31),
                Duration.ofHours(1), pol.floor());
        assertFalse(ok.exceedsAt().isPresent());
        assertTrue(ok.findings().isEmpty());
    }

    /**
     * Invariant 2 over random action sequences: after every add, hold, release, erase and clock move, the
     * incremental plan equals a brute-force oracle (past period + grace and unheld ⇔ planned).
     */
    @Test
    @DisplayName("Invariant 2: the incremental plan always equals the brute-force oracle")
    void incrementalPlan_equalsOracle() {
        Props.theory(100).forAll(lists().of(integers().between(0, Integer.MAX_VALUE - 1)).ofSizeBetween(1, 80))
                .checkAssert(ops -> {
                    RetentionSchedule pol = RetentionSchedule.builder(RetentionBounds.of(Profiles.SAKU).withFloor(Duration.ZERO))
                            .grace(Duration.ofHours(2))
                            .camera(CameraRetention.of("a", Duration.ofDays(1)))
                            .camera(CameraRetention.of("b", Duration.ofDays(3)))
                            .build();
                    RetentionPlanner p = new RetentionPlanner(pol);
                    List<SegmentRef> live = new ArrayList<>();
                    List<Hold> holds = new ArrayList<>();
                    Instant now = T0;
                    long seq = 0;
                    p.plan(now);
                    for (int x : ops) {
                        String cam = (x >>> 3) % 3 == 0 ? "a" : (x >>> 3) % 3 == 1 ? "b" : "c";
                        int arg = x >>> 5;
                        switch (x & 7) {
                            case 0, 1, 2 -> {
                                long hour = (now.toEpochMilli() - T0.toEpochMilli()) / 3_600_000
                                        - (arg % 100) + 5;
                                SegmentRef s = Segs.hourly(cam, seq++, hour, arg % 1000);
                                live.add(s);
                                p.add(s);
                            }
                            case 3 -> now = now.plus(Duration.ofMinutes(arg % 3000));
                            case 4 -> {
                                Instant from = T0.plus(Duration.ofHours(arg % 200));
                                Hold h = new Hold("h" + holds.size() + "-" + x, cam, from,
                                        from.plus(Duration.ofHours(arg % 7)), "m", "r", T0, Optional.empty());
                                holds.add(h);
                                p.holdsChanged(cam, holds.stream().filter(y -> y.cameraId().equals(cam)).toList());
                            }
                            case 5 -> {
                                if (!holds.isEmpty()) {
                                    Hold h = holds.remove(arg % holds.size());
                                    p.holdsChanged(h.cameraId(), holds.stream()
                                            .filter(y -> y.cameraId().equals(h.cameraId())).toList());
                                }
                            }
                            case 6 -> {
                                RetentionPlan cur = p.current();
                                if (cur.size() > 0) {
                                    DueSegment d = cur.get(arg % cur.size());
                                    assertTrue(p.markErased(d.cameraId(), d.sequence(), d.end()));
                                    live.removeIf(s -> s.cameraId().equals(d.cameraId())
                                            && s.sequence() == d.sequence());
                                }
                            }
                            default -> p.plan(now);
                        }
                        p.tick(now);
                        assertEquals(oracle(live, holds, pol, now), keys(p.current()), "after op " + (x & 7));
                    }
                    assertEquals(oracle(live, holds, pol, now), keys(p.plan(now)));
                });
    }

    private static Set<String> oracle(List<SegmentRef> live, List<Hold> holds, RetentionSchedule pol, Instant now) {
        Set<String> out = new TreeSet<>();
        for (SegmentRef s : live) {
            boolean due = !s.end().plus(pol.dueAfter(s.cameraId())).isAfter(now);
            boolean held = holds.stream().anyMatch(h -> h.covers(s.cameraId(), s.start(), s.end()));
            if (due && !held) {
                out.add(s.cameraId() + "/" + s.sequence());
            }
        }
        return out;
    }

    private static Set<String> keys(RetentionPlan p) {
        Set<String> out = new TreeSet<>();
        p.segments().forEach(d -> out.add(d.cameraId() + "/" + d.sequence()));
        return out;
    }
}
