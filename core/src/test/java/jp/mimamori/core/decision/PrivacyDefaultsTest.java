package jp.mimamori.core.decision;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import jp.mimamori.core.internal.Samples;
import jp.mimamori.core.model.Action;
import jp.mimamori.core.model.Purpose;
import jp.mimamori.core.model.RetentionSetting;
import jp.mimamori.core.profile.GuidelineProfile;
import jp.mimamori.core.profile.ProfileRegistry;
import jp.mimamori.core.rules.OperatingRules;
import jp.mimamori.testing.RulesFixtures;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** K1-1: privacy first — what holds when nothing is configured. */
class PrivacyDefaultsTest {
    static final Instant APRIL = SeedScenariosTest.APRIL;
    static final GuidelineProfile KUMAGAYA = ProfileRegistry.builtIn().find("kumagaya-2019", "1.0.0").orElseThrow();
    static final GuidelineProfile SAKU = ProfileRegistry.builtIn().find("saku-2020", "1.0.0").orElseThrow();

    @Test
    @DisplayName("K1-1: with no designation or permit configured, every request is denied")
    void nothingConfigured_K1_1_everythingDenied() {
        OperatingRules none = RulesFixtures.rules(Samples.KUMAGAYA_CITY_HALL, t -> {
            t.putArray("designations");
            t.remove("permits");
        });
        DecisionEngine e = DecisionEngine.create(none, KUMAGAYA, AuthorityChainPropertiesTest.ACCEPT);
        for (String who : List.of("kumagaya-city", "mgr-soumu", "op-tanaka", "visitor")) {
            for (Action a : Action.values()) {
                Decision d = e.decide(new AccessRequest(who, a, "ch-lobby", Purpose.CRIME_PREVENTION, APRIL));
                assertFalse(d.permitted(), who + " " + a);
            }
        }
    }

    @Test
    @DisplayName("K1-1: a camera without a retention period keeps the shortest the profile allows, not its ceiling")
    void noRetentionGiven_K1_1_shortestAllowed() {
        OperatingRules k = RulesFixtures.rules(Samples.KUMAGAYA_CITY_HALL,
                t -> RulesFixtures.camera(t, 0).remove("retention"));
        assertTrue(k.cameras().get(0).retention().isProfileShortest());
        assertEquals(1, KUMAGAYA.retentionDays(k.cameras().get(0).retention()), "Kumagaya has no floor: one day");
        OperatingRules s = RulesFixtures.rules(Samples.SAKU_SCHOOL, t -> RulesFixtures.camera(t, 0).remove("retention"));
        assertEquals(7, SAKU.retentionDays(s.cameras().get(0).retention()), "Saku's floor is 7 days (S2)");
        assertEquals(14, KUMAGAYA.retentionDays(RetentionSetting.ofDays(14)));
        // The engine erases (for disclosure purposes) on that shortest period too.
        DecisionEngine e = DecisionEngine.create(k, KUMAGAYA);
        Instant twoDaysAgo = APRIL.minusSeconds(2 * 86_400);
        Decision d = e.decide(new DisclosureRequest("r", RequesterKind.INVESTIGATIVE_AGENCY, "熊谷警察署",
                BasisKind.WRITTEN_REQUEST, java.util.Optional.of("熊署第1号"), Purpose.CRIMINAL_INVESTIGATION,
                "ch-entrance", twoDaysAgo, twoDaysAgo.plusSeconds(60), APRIL));
        assertTrue(d.reason().en().contains("beyond the 1-day retention"), d.reason().en());
    }

    @Test
    @DisplayName("K1-1, S5: remote viewing is off unless the rules enable it, even for the operation manager")
    void remoteViewingOffByDefault_K1_1() {
        assertFalse(KUMAGAYA.remoteViewingByDefault());
        assertFalse(SAKU.remoteViewingByDefault());
        Decision d = SeedScenariosTest.KUMAGAYA.decide(new AccessRequest("mgr-soumu", Action.REMOTE_VIEW, "ch-lobby",
                Purpose.CRIME_PREVENTION, APRIL));
        assertFalse(d.permitted());
        assertEquals(List.of("K3-2-1"), d.requirements());
    }

    @Test
    @DisplayName("K1-1: an engine refuses rules with ERROR findings unless told otherwise")
    void findingsRefusedByDefault_K1_1() {
        assertTrue(EngineOptions.defaults().acknowledgement().isEmpty());
        assertEquals(FootageHolds.NONE, EngineOptions.defaults().holds());
    }
}
