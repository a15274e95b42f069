package jp.mimamori.retention.service;

import jp.mimamori.retention.erase.ErasureDeniedException;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import jp.mimamori.core.evidence.EvidenceRecord;
import jp.mimamori.core.evidence.EvidenceTypes;
import jp.mimamori.core.segment.SegmentRef;
import jp.mimamori.retention.hold.Hold;
import jp.mimamori.retention.hold.HoldAuthority;
import jp.mimamori.retention.hold.HoldDeniedException;
import jp.mimamori.retention.internal.ErasureProbes;
import jp.mimamori.retention.policy.CameraRetention;
import jp.mimamori.retention.policy.RetentionBounds;
import jp.mimamori.retention.policy.RetentionSchedule;
import jp.mimamori.retention.testing.Auth;
import jp.mimamori.retention.testing.FakeStore;
import jp.mimamori.retention.testing.MutableClock;
import jp.mimamori.retention.testing.Segs;
import jp.mimamori.testing.InMemoryEvidenceLog;
import jp.mimamori.testing.Profiles;
import jp.mimamori.testing.Props;
import jp.mimamori.testing.TestSigner;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Invariants 2, 3 and 6 together, over random sequences of record / hold / release / advance clock / erase /
 * crash-and-restart (a crash is an erasure aborted after a random step, then the service reopened over the
 * same state folder, store and log, as after a power cut).
 */
class RetentionServiceStatefulTest {
    private static final HoldAuthority AUTH = (p, c) -> p.equals("mgr");
    private static final RetentionSchedule POLICY = RetentionSchedule.builder(RetentionBounds.of(Profiles.SAKU).withFloor(Duration.ZERO))
            .grace(Duration.ofHours(1))
            .camera(CameraRetention.of("a", Duration.ofDays(1)))
            .camera(CameraRetention.of("b", Duration.ofDays(2)))
            .build();

    @Test
    @DisplayName("Invariants 2, 3 and 6 hold over random action sequences with crashes and restarts")
    void randomActionSequences_keepInvariants236() {
        Props.theory(60).forAll(lists().of(integers().between(0, Integer.MAX_VALUE - 1)).ofSizeBetween(1, 40))
                .checkAssert(ops -> {
                    try {
                        run(ops);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
    }

    private void run(List<Integer> ops) throws IOException {
        Path dir = Files.createTempDirectory("retention-prop");
        MutableClock clock = new MutableClock(Segs.T0.plus(Duration.ofDays(1)));
        InMemoryEvidenceLog log = new InMemoryEvidenceLog();
        FakeStore store = new FakeStore();
        RetentionService[] svc = {RetentionService.open(dir, store, log, POLICY, AUTH, Auth.only("svc"), Auth.journalKey(),
                clock, TestSigner.RETENTION)};
        store.beforeErase(s -> {
            // Invariant 6: the intent is logged (and not yet receipted) before the data goes.
            assertTrue(openIntents(log).contains(s.cameraId() + "/" + s.sequence()), "intent before erasure");
            // Invariant 3: never erase under a hold.
            assertTrue(svc[0].holds().stream().noneMatch(h -> h.covers(s.cameraId(), s.start(), s.end())),
                    "held segment erased");
        });
        Set<String> placed = new HashSet<>();
        long seq = 0;
        for (int x : ops) {
            int arg = x >>> 4;
            String cam = (arg & 1) == 0 ? "a" : "b";
            switch (x & 15) {
                case 0, 1, 2, 3 -> {
                    long hour = Duration.between(Segs.T0, clock.instant()).toHours() - (arg % 72);
                    SegmentRef s = Segs.hourly(cam, seq++, hour, 100);
                    store.record(s);
                    svc[0].recorded(s);
                }
                case 4, 5 -> {
                    clock.advance(Duration.ofMinutes(arg % 2000));
                    svc[0].tick();
                }
                case 6, 7 -> {
                    Instant from = clock.instant().minus(Duration.ofHours(arg % 96));
                    Optional<Instant> expires = (arg & 2) == 0 ? Optional.empty()
                            : Optional.of(clock.instant().plus(Duration.ofHours(arg % 30 + 1)));
                    String who = (arg & 4) == 0 ? "mgr" : "intruder";
                    try {
                        Hold h = svc[0].placeHold(cam, from, from.plus(Duration.ofHours(arg % 9)), who,
                                "case " + x, expires);
                        placed.add(h.holdId());
                        assertEquals("mgr", who);
                    } catch (HoldDeniedException e) {
                        assertEquals("intruder", who);
                    }
                }
                case 8 -> {
                    List<Hold> hs = svc[0].holds();
                    if (!hs.isEmpty()) {
                        try {
                            svc[0].releaseHold(hs.get(arg % hs.size()).holdId(), "mgr", "done");
                        } catch (HoldDeniedException e) {
                            throw new AssertionError(e);
                        }
                    }
                }
                case 9, 10 -> {
                    try {
                        svc[0].runScheduled("svc");
                    } catch (ErasureDeniedException e) {
                        throw new AssertionError(e);
                    }
                }
                case 11 -> {
                    // K3-2-2, K3-1-1: someone the rules do not allow erases nothing, whatever is due.
                    int due = svc[0].plan().size();
                    try {
                        svc[0].runScheduled("intruder");
                        assertEquals(0, due, "a run by an unauthorised principal went through");
                    } catch (ErasureDeniedException expected) {
                        assertEquals(due, svc[0].plan().size());
                    }
                }
                default -> {
                    // Crash: an erasure run aborted after a random step, then restart.
                    ErasureProbes.Step at = ErasureProbes.Step.values()[arg % ErasureProbes.Step.values().length];
                    ErasureProbes.set(svc[0], s -> {
                        if (s == at) {
                            throw new IOException("crash");
                        }
                    });
                    try {
                        svc[0].runScheduled("svc");
                    } catch (IOException expected) {
                        // the simulated crash (or nothing was due)
                    } catch (ErasureDeniedException e) {
                        throw new AssertionError(e);
                    }
                    svc[0].close();
                    svc[0] = RetentionService.open(dir, store, log, POLICY, AUTH, Auth.only("svc"), Auth.journalKey(),
                            clock, TestSigner.RETENTION);
                    assertEquals(0, svc[0].pendingErasures(), "invariant 6: resumed on restart");
                    assertTrue(openIntents(log).isEmpty(), "invariant 6: every intent has its receipt");
                }
            }
            // Invariant 2: the plan is exactly the due, unheld, live segments.
            assertEquals(oracle(store.list(), svc[0].holds(), clock.instant()), keys(svc[0]));
            // Invariant 3: a placed hold is in force or its release/expiry is logged.
            Set<String> ended = new HashSet<>();
            for (EvidenceRecord r : log.records()) {
                if (r.type().equals(EvidenceTypes.HOLD_RELEASED) || r.type().equals(EvidenceTypes.HOLD_EXPIRED)) {
                    ended.add(r.string("hold_id").orElseThrow());
                }
            }
            Set<String> inForce = new HashSet<>();
            svc[0].holds().forEach(h -> inForce.add(h.holdId()));
            for (String id : placed) {
                assertTrue(inForce.contains(id) ^ ended.contains(id), "hold " + id + " silently dropped");
            }
        }
        svc[0].close();
    }

    private static Set<String> openIntents(InMemoryEvidenceLog log) {
        Set<String> ids = new HashSet<>();
        List<String[]> intents = new ArrayList<>();
        for (EvidenceRecord r : log.records()) {
            if (r.type().equals(EvidenceTypes.ERASURE_INTENT)) {
                intents.add(new String[] {r.string("erasure_id").orElseThrow(), r.string("camera").orElseThrow() + "/" + r.body().get("sequence")});
            } else if (r.type().equals(EvidenceTypes.ERASURE_RECEIPT)) {
                ids.add(r.string("erasure_id").orElseThrow());
            }
        }
        Set<String> open = new HashSet<>();
        for (String[] i : intents) {
            if (!ids.contains(i[0])) {
                open.add(i[1]);
            }
        }
        return open;
    }

    private static Set<String> oracle(List<SegmentRef> live, List<Hold> holds, Instant now) {
        Set<String> out = new TreeSet<>();
        for (SegmentRef s : live) {
            boolean due = !s.end().plus(POLICY.dueAfter(s.cameraId())).isAfter(now);
            if (due && holds.stream().noneMatch(h -> h.covers(s.cameraId(), s.start(), s.end()))) {
                out.add(s.cameraId() + "/" + s.sequence());
            }
        }
        return out;
    }

    private static Set<String> keys(RetentionService s) {
        Set<String> out = new TreeSet<>();
        s.plan().segments().forEach(d -> out.add(d.cameraId() + "/" + d.sequence()));
        return out;
    }
}
