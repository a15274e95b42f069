package jp.mimamori.retention.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import jp.mimamori.core.decision.DecisionEngine;
import jp.mimamori.core.evidence.EvidenceTypes;
import jp.mimamori.core.rules.OperatingRules;
import jp.mimamori.core.segment.SegmentRef;
import jp.mimamori.retention.decommission.Decommissioning;
import jp.mimamori.retention.erase.Erasure;
import jp.mimamori.retention.erase.ErasureAuthority;
import jp.mimamori.retention.erase.ErasureDeniedException;
import jp.mimamori.retention.policy.RetentionBounds;
import jp.mimamori.retention.policy.RetentionSchedule;
import jp.mimamori.retention.testing.Auth;
import jp.mimamori.retention.testing.FakeStore;
import jp.mimamori.retention.testing.MutableClock;
import jp.mimamori.testing.InMemoryEvidenceLog;
import jp.mimamori.testing.Profiles;
import jp.mimamori.testing.SampleRules;
import jp.mimamori.testing.TestSigner;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * No erasure without authority (K3-2-2, K3-2-3, K3-1-1, invariant 8): the attack "run retention as anyone" is
 * performed against the library under the Kumagaya sample rules, and refused before anything is journalled,
 * logged or erased; authority is judged at the embedder's clock.
 */
class ErasureAuthorityTest {
    static final Instant T0 = Instant.parse("2026-04-01T00:00:00Z");
    static final ErasureAuthority RULES = ErasureAuthority.of(DecisionEngine.create(
            SampleRules.rules(SampleRules.KUMAGAYA), Profiles.KUMAGAYA));

    @TempDir
    Path dir;

    final InMemoryEvidenceLog log = new InMemoryEvidenceLog();
    final FakeStore store = new FakeStore();

    RetentionService open(MutableClock clock) throws Exception {
        for (int d = 0; d < 20; d++) {
            Instant s = T0.plus(Duration.ofDays(d));
            store.record(new SegmentRef("ch-lobby", d, s, s.plus(Duration.ofHours(1)), 10,
                    jp.mimamori.retention.testing.Segs.hash("ch-lobby/" + d)));
        }
        return RetentionService.open(dir, store, log,
                RetentionSchedule.builder(RetentionBounds.of(Profiles.KUMAGAYA)).build(), (p, c) -> false, RULES,
                Auth.journalKey(), clock, TestSigner.RETENTION);
    }

    @Test
    @DisplayName("K3-2-2, K3-1-1: retention run as anyone is denied naming the requirements; nothing erased or logged")
    void runAsAnyone_isDeniedAndNothingErasedOrLogged() throws Exception {
        MutableClock clock = new MutableClock(T0.plus(Duration.ofDays(60)));
        try (RetentionService svc = open(clock)) {
            int due = svc.plan().size();
            assertTrue(due > 0);
            ErasureDeniedException e = assertThrows(ErasureDeniedException.class, () -> svc.runScheduled("anyone"));
            assertEquals(List.of("K3-2-2", "K3-1-1", "K3-1-3"), e.decision().requirements());
            assertTrue(e.getMessage().startsWith("anyone may not erase footage of camera ch-lobby: no designation or"
                    + " permit allows anyone to erase recorded footage"), e.getMessage());
            assertTrue(e.getMessage().endsWith("(K3-2-2, K3-1-1, K3-1-3); nothing was erased"), e.getMessage());
            assertThrows(ErasureDeniedException.class, () -> svc.runScheduled("op-tanaka"), "an operator");
            assertThrows(ErasureDeniedException.class, () -> svc.decommission(new Decommissioning.Request("ch-lobby",
                    "anyone", clock.instant(), clock.instant(), List.of(), "")));
            assertEquals(20, store.list().size());
            assertEquals(due, svc.plan().size());
            assertEquals(0, log.size(), "nothing logged: no intent, no receipt, no decommission record");
            List<Erasure> done = svc.runScheduled("mgr-soumu");
            assertEquals(due, done.size(), "the operation manager may, by the role (K3-1-1)");
        }
    }

    @Test
    @DisplayName("S2, K3-1-1: footage the storage budget forces out is erased only by someone the rules allow")
    void forcedErasureByAnyone_isDenied() throws Exception {
        MutableClock clock = new MutableClock(T0.plus(Duration.ofDays(12)));
        try (RetentionService svc = open(clock)) {
            assertThrows(ErasureDeniedException.class, () -> svc.enforceBudget(1, "anyone"));
            assertEquals(20, store.list().size());
            assertEquals(0, log.size());
            assertTrue(svc.enforceBudget(1, "mgr-soumu").receipts().size() > 0);
        }
    }

    @Test
    @DisplayName("Invariant 8, K3-3: authority is judged at the embedder's clock: a revoked manager erases nothing")
    void authority_isJudgedAtTheClock() throws Exception {
        // mgr-maeda was operation manager from 2025-04-01 until revoked at 2026-01-01.
        MutableClock clock = new MutableClock(T0.plus(Duration.ofDays(60)));
        try (RetentionService svc = open(clock)) {
            ErasureDeniedException e = assertThrows(ErasureDeniedException.class,
                    () -> svc.runScheduled("mgr-maeda"));
            assertTrue(e.decision().requirements().contains("K3-3"), e.decision().requirements().toString());
            assertTrue(log.records().stream().noneMatch(r -> r.type().equals(EvidenceTypes.ERASURE_INTENT)));
        }
    }

    @Test
    @DisplayName("K4-3-2: decommissioning by the operation manager erases the camera's footage the same way")
    void decommissionByManager_erasesWithReceipts() throws Exception {
        MutableClock clock = new MutableClock(T0.plus(Duration.ofDays(21)));
        try (RetentionService svc = open(clock)) {
            Decommissioning.Result r = svc.decommission(new Decommissioning.Request("ch-lobby", "mgr-soumu",
                    clock.instant(), clock.instant(), List.of(), "lobby refitted"));
            assertTrue(r.complete());
            assertEquals(20, r.receipts().size());
            assertEquals(0, store.list().size());
        }
    }

    @Test
    @DisplayName("K3-2-3: the rules named in every deny are the rules of the engine: unknown cameras are denied too")
    void unknownCamera_isDenied() {
        assertTrue(!RULES.decide("mgr-soumu", "cam-9", T0).permitted());
        OperatingRules r = SampleRules.rules(SampleRules.KUMAGAYA);
        assertEquals("kumagaya-city-hall@" + r.version(), RULES.decide("anyone", "ch-lobby", T0).rules());
    }
}
