package jp.mimamori.core.decision;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.List;
import jp.mimamori.core.internal.Samples;
import jp.mimamori.core.model.Action;
import jp.mimamori.core.model.Purpose;
import jp.mimamori.core.rules.OperatingRules;
import jp.mimamori.testing.RulesFixtures;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Who may erase recorded footage (K3-2-2, K3-2-3, K3-1-1, K3-1-3, invariant 8): the operation manager by the
 * role, a retention service account only by the manager's permit, nobody else — every deny names the articles.
 */
class ErasureDecisionsTest {
    static final Instant APRIL = AuthorityChainTest.APRIL;

    /** The Kumagaya sample with a permit to erase for {@code svc-retention}, issued by {@code issuer}. */
    static DecisionEngine withRetentionPermit(String issuer, String from, String until) {
        return AuthorityChainTest.engine(t -> {
            RulesFixtures.array(t, "principals").addObject().put("id", "svc-retention")
                    .put("name", "保存期間管理 (retention service)").put("organization", "熊谷市総務部総務課");
            ObjectNode p = RulesFixtures.array(t, "permits").addObject().put("id", "p-svc-retention")
                    .put("principal", "svc-retention").put("issued_by", issuer).put("from", from)
                    .put("until", until);
            p.putArray("actions").add("ERASE");
        });
    }

    @Test
    @DisplayName("K3-1-1: the operation manager may erase footage of the cameras in scope, by the role")
    void manager_mayErase_K3_1_1() {
        Decision d = AuthorityChainTest.engine(t -> { }).decide(new ErasureRequest("mgr-soumu", "ch-lobby", APRIL));
        assertTrue(d.permitted(), d.explain(java.util.Locale.ENGLISH));
        assertEquals(List.of("K3-2-2", "K3-1-1"), d.requirements());
    }

    @Test
    @DisplayName("K3-2-3, K3-1-3: a retention service account erases only with the manager's permit to erase")
    void serviceAccountWithPermit_mayErase_K3_1_3() {
        DecisionEngine e = withRetentionPermit("mgr-soumu", "2026-03-01T00:00:00Z", "2027-03-01T00:00:00Z");
        Decision d = e.decide(new ErasureRequest("svc-retention", "ch-parking", APRIL));
        assertTrue(d.permitted(), d.explain(java.util.Locale.ENGLISH));
        assertEquals(List.of("K3-2-2", "K3-1-3"), d.requirements());
        assertFalse(e.decide(new AccessRequest("svc-retention", Action.VIEW_RECORDED, "ch-parking",
                Purpose.CRIME_PREVENTION, APRIL)).permitted(), "a permit to erase shows no footage");
        assertFalse(e.decide(new ErasureRequest("svc-retention", "ch-parking", Instant.parse("2027-03-01T00:00:00Z")))
                .permitted(), "the permit is time-bounded (K3-1-3)");
    }

    @Test
    @DisplayName("K3-2-2, K3-1-1: anyone else asking to erase is denied, naming the articles and who may")
    void anyone_isDeniedNamingTheRequirement() {
        DecisionEngine e = AuthorityChainTest.engine(t -> { });
        Decision d = e.decide(new ErasureRequest("anyone", "ch-lobby", APRIL));
        assertFalse(d.permitted());
        assertEquals(List.of("K3-2-2", "K3-1-1", "K3-1-3"), d.requirements());
        assertEquals("no designation or permit allows anyone to erase recorded footage of 1階ロビー (ground-floor lobby)"
                + " (ch-lobby); only the operation manager, or someone holding the manager's permit to erase, may run"
                + " retention", d.reason().en());
        Decision op = e.decide(new ErasureRequest("op-tanaka", "ch-lobby", APRIL));
        assertFalse(op.permitted(), "an operator views and operates but does not erase");
        assertEquals(List.of("K3-2-2", "K3-1-1", "K3-1-3"), op.requirements());
        assertFalse(e.decide(new ErasureRequest("guard-kanto", "ch-lobby", APRIL)).permitted(), "nor a contractor");
        assertFalse(e.decide(new ErasureRequest("mgr-soumu", "K-9", APRIL)).permitted(), "an unknown camera");
    }

    @Test
    @DisplayName("Invariant 8: a permit to erase issued by an operator is inert, and the deny names the broken link")
    void permitToEraseIssuedByOperator_isDeniedNamingTheLink() {
        DecisionEngine e = withRetentionPermit("op-tanaka", "2026-03-01T00:00:00Z", "2027-03-01T00:00:00Z");
        Decision d = e.decide(new ErasureRequest("svc-retention", "ch-lobby", APRIL));
        assertFalse(d.permitted());
        assertEquals(List.of("K3-2-2", "K3-1-1", "K3-1-3"), d.requirements());
        assertEquals("p-svc-retention was issued by 田中 (Tanaka) (op-tanaka), who is an operator, not an operation"
                + " manager", d.reason().en());
    }

    @Test
    @DisplayName("K3-3: a revoked manager erases nothing from the revocation on")
    void revokedManager_isDenied_K3_3() {
        Decision d = AuthorityChainTest.engine(t -> { })
                .decide(new ErasureRequest("mgr-maeda", "ch-lobby", APRIL));
        assertFalse(d.permitted());
        assertTrue(d.requirements().containsAll(List.of("K3-2-2", "K3-3")), d.requirements().toString());
    }

    @Test
    @DisplayName("K3-2-3: an access request for ERASE is decided as an erasure: no purpose is asked of it")
    void accessRequestToErase_ignoresThePurpose() {
        DecisionEngine e = AuthorityChainTest.engine(t -> { });
        assertTrue(e.decide(new AccessRequest("mgr-soumu", Action.ERASE, "ch-lobby", Purpose.MISSING_PERSON, APRIL))
                .permitted());
        assertFalse(e.decide(new AccessRequest("op-tanaka", Action.ERASE, "ch-lobby", Purpose.CRIME_PREVENTION,
                APRIL)).permitted());
    }

    @Test
    @DisplayName("K2-1: a permit names a purpose unless it only allows erasing")
    void permitWithoutPurposes_isRefusedUnlessErasureOnly() {
        OperatingRules ok = RulesFixtures.rules(Samples.KUMAGAYA_CITY_HALL, t -> {
            ObjectNode p = RulesFixtures.array(t, "permits").addObject().put("id", "p-x").put("principal", "fm-yamada")
                    .put("issued_by", "mgr-soumu").put("from", "2026-03-01T00:00:00Z")
                    .put("until", "2026-04-01T00:00:00Z");
            p.putArray("actions").add("ERASE");
        });
        assertTrue(ok.permits().stream().anyMatch(p -> p.id().equals("p-x") && p.purposes().isEmpty()));
        AssertionError e = org.junit.jupiter.api.Assertions.assertThrows(AssertionError.class,
                () -> RulesFixtures.rules(Samples.KUMAGAYA_CITY_HALL, t -> {
                    ObjectNode p = RulesFixtures.array(t, "permits").addObject().put("id", "p-x")
                            .put("principal", "fm-yamada").put("issued_by", "mgr-soumu")
                            .put("from", "2026-03-01T00:00:00Z").put("until", "2026-04-01T00:00:00Z");
                    p.putArray("actions").add("ERASE").add("VIEW_RECORDED");
                }));
        assertTrue(e.getMessage().contains("permits[1].purposes: required field is missing (K4-1)"), e.getMessage());
    }
}
