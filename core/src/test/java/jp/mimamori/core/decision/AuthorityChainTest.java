package jp.mimamori.core.decision;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;
import jp.mimamori.core.internal.Samples;
import jp.mimamori.core.model.Action;
import jp.mimamori.core.model.Purpose;
import jp.mimamori.core.profile.GuidelineProfile;
import jp.mimamori.core.profile.ProfileRegistry;
import jp.mimamori.core.rules.OperatingRules;
import jp.mimamori.testing.RulesFixtures;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Invariant 8, one example per broken link: a grant counts only through a valid chain of authority. */
class AuthorityChainTest {
    static final Instant APRIL = Instant.parse("2026-04-01T10:00:00Z");
    static final GuidelineProfile KUMAGAYA = ProfileRegistry.builtIn().find("kumagaya-2019", "1.0.0").orElseThrow();

    /** The Kumagaya sample edited by {@code edit}, decided on with its findings acknowledged. */
    static DecisionEngine engine(Consumer<ObjectNode> edit) {
        OperatingRules rules = RulesFixtures.rules(Samples.KUMAGAYA_CITY_HALL, edit);
        return DecisionEngine.create(rules, KUMAGAYA, AuthorityChainPropertiesTest.ACCEPT);
    }

    static ObjectNode designation(ObjectNode t, int i) {
        return (ObjectNode) t.get("designations").get(i);
    }

    static ObjectNode permit(ObjectNode t) {
        return (ObjectNode) t.get("permits").get(0);
    }

    static final AccessRequest YAMADA_IN_MARCH = new AccessRequest("fm-yamada", Action.VIEW_RECORDED, "ch-lobby",
            Purpose.FACILITY_MANAGEMENT, Instant.parse("2026-03-10T10:00:00Z"));
    static final AccessRequest TANAKA = new AccessRequest("op-tanaka", Action.VIEW_RECORDED, "ch-lobby",
            Purpose.CRIME_PREVENTION, APRIL);

    @Test
    @DisplayName("K3-1-3: a permit issued by an operator is inert, and the deny names the broken link")
    void permitIssuedByOperator_K3_1_3_denied() {
        Decision d = engine(t -> permit(t).put("issued_by", "op-tanaka")).decide(YAMADA_IN_MARCH);
        assertFalse(d.permitted());
        assertEquals(List.of("K3-1-3"), d.requirements());
        assertEquals("p-fm-yamada was issued by 田中 (Tanaka) (op-tanaka), who is an operator, not an operation"
                + " manager", d.reason().en());
        assertEquals("p-fm-yamadaは田中 (Tanaka) (op-tanaka)が発行しましたが、同人は操作責任者であり、運用責任者ではありません",
                d.reason().ja());
    }

    @Test
    @DisplayName("K3-1-2: an operator designated by another operator is inert")
    void operatorDesignatedByOperator_K3_1_2_denied() {
        Decision d = engine(t -> designation(t, 3).put("designated_by", "op-sato")).decide(TANAKA);
        assertFalse(d.permitted());
        assertEquals(List.of("K3-1-2", "K3-1-3"), d.requirements());
        assertEquals("d-op-tanaka was made by 佐藤 (Sato), transferred 2026-03-15 (op-sato), who is an operator, not an"
                + " operation manager", d.reason().en());
    }

    @Test
    @DisplayName("K3-1-1: a staff member who designated themself operation manager holds nothing")
    void selfDesignatedManager_K3_1_1_denied() {
        Decision d = engine(t -> RulesFixtures.array(t, "designations").addObject().put("id", "d-self")
                .put("principal", "fm-yamada").put("role", "OPERATION_MANAGER").put("designated_by", "fm-yamada")
                .put("from", "2026-03-01T00:00:00Z")).decide(new AccessRequest("fm-yamada", Action.VIEW_LIVE,
                "ch-lobby", Purpose.CRIME_PREVENTION, APRIL));
        assertFalse(d.permitted());
        assertEquals(List.of("K3-1-1", "K3-1-3"), d.requirements());
        assertEquals("d-self (山田 (Yamada) (fm-yamada) as operation manager) was made by 山田 (Yamada) (fm-yamada)"
                + " alone (a self-designation), not by the installer 熊谷市 (kumagaya-city)", d.reason().en());
    }

    @Test
    @DisplayName("K3-1-3, K3-3: a permit issued after the issuing manager's revocation does not count")
    void permitIssuedAfterManagerRevoked_K3_3_denied() {
        Decision d = engine(t -> designation(t, 2).put("revoked_at", "2026-02-01T00:00:00Z"))
                .decide(YAMADA_IN_MARCH);
        assertFalse(d.permitted());
        assertEquals(List.of("K3-1-3"), d.requirements());
        assertEquals("p-fm-yamada was issued by 総務課長 (Head, General Affairs Division) (mgr-soumu) at 2026-03-01"
                + " 09:00 +09:00, after 総務課長 (Head, General Affairs Division) (mgr-soumu)'s designation as"
                + " operation manager (d-mgr-soumu) was revoked at 2026-02-01 09:00 +09:00", d.reason().en());
    }

    @Test
    @DisplayName("K3-3: grants a manager issued while in force stay valid after the manager's revocation")
    void grantsIssuedBeforeRevocation_K3_3_stayValid() {
        DecisionEngine e = engine(t -> { });
        e.revoke("d-mgr-soumu", Instant.parse("2026-03-05T00:00:00Z"));
        assertTrue(e.decide(YAMADA_IN_MARCH).permitted(), "permit issued 2026-03-01 while the manager was in force");
        assertTrue(e.decide(TANAKA).permitted(), "operator designated 2026-01-05 while the manager was in force");
        Decision own = e.decide(new AccessRequest("mgr-soumu", Action.VIEW_LIVE, "ch-lobby", Purpose.CRIME_PREVENTION,
                APRIL));
        assertFalse(own.permitted(), "the manager's own access ends at revocation");
        assertEquals(List.of("K3-3", "K3-1-3"), own.requirements());
        // The contractor was designated on 2026-04-01, after the revocation: that designation counts for nothing.
        Decision guard = e.decide(new AccessRequest("guard-kanto", Action.VIEW_LIVE, "ch-entrance",
                Purpose.CRIME_PREVENTION, APRIL));
        assertFalse(guard.permitted());
        assertEquals(List.of("K5-1", "K3-1-3"), guard.requirements());
        assertTrue(guard.reason().en().startsWith("d-guard-kanto was made by 総務課長 (Head, General Affairs Division)"
                + " (mgr-soumu) at 2026-04-01 09:00 +09:00, after"), guard.reason().en());
    }

    @Test
    @DisplayName("K5-1: a contractor without a contract clause is denied citing K5-1; the rules stay usable")
    void contractorWithoutClause_K5_1_denied() {
        DecisionEngine e = engine(t -> designation(t, 5).remove("contract_clause"));
        Decision d = e.decide(new AccessRequest("guard-kanto", Action.VIEW_LIVE, "ch-entrance",
                Purpose.CRIME_PREVENTION, APRIL));
        assertFalse(d.permitted());
        assertEquals(List.of("K5-1", "K3-1-3"), d.requirements());
        assertEquals("d-guard-kanto designates 関東警備保障株式会社 (Kanto Security Co.) (guard-kanto) as contractor without"
                + " a contract clause binding it to the guideline and the rules", d.reason().en());
        assertTrue(e.decide(TANAKA).permitted(), "everyone else is decided as before");
    }

    @Test
    @DisplayName("Invariant 8: a permit's reason states what was verified, naming the issuer's designation")
    void permitReason_isBuiltFromTheVerifiedChain() {
        Decision d = SeedScenariosTest.KUMAGAYA.decide(YAMADA_IN_MARCH);
        assertTrue(d.permitted());
        assertEquals("山田 (Yamada) (fm-yamada) holds a permit issued at 2026-03-01 09:00 +09:00 by operation manager"
                + " 総務課長 (Head, General Affairs Division) (mgr-soumu) while in force (d-mgr-soumu) (p-fm-yamada, until"
                + " 2026-03-31 09:00 +09:00)", d.reason().en());
        Decision t = SeedScenariosTest.KUMAGAYA.decide(TANAKA);
        assertEquals("田中 (Tanaka) (op-tanaka) is operator, designated by operation manager 総務課長 (Head, General"
                + " Affairs Division) (mgr-soumu) while in force (d-mgr-soumu) (d-op-tanaka)", t.reason().en());
    }
}
