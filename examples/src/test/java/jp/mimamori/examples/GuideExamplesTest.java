package jp.mimamori.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Locale;
import jp.mimamori.core.decision.AccessRequest;
import jp.mimamori.core.decision.Decision;
import jp.mimamori.core.decision.DecisionEngine;
import jp.mimamori.core.decision.DecisionEvidence;
import jp.mimamori.core.decision.EngineOptions;
import jp.mimamori.core.decision.FindingsAcknowledgement;
import jp.mimamori.core.decision.NonCompliantRulesException;
import jp.mimamori.core.model.Action;
import jp.mimamori.core.model.Purpose;
import jp.mimamori.core.profile.GuidelineProfile;
import jp.mimamori.core.profile.ProfileRegistry;
import jp.mimamori.core.rules.ComplianceCheck;
import jp.mimamori.core.rules.ComplianceReport;
import jp.mimamori.core.rules.OperatingRules;
import jp.mimamori.core.rules.RulesReader;
import jp.mimamori.integrity.log.TransparentEvidenceLog;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The Java of docs/PROFILES.md and docs/RULES.md, run as written. */
class GuideExamplesTest {
    @BeforeEach
    void workspace() throws Exception {
        Workspace.reset();
    }

    @Test
    @DisplayName("K5-2: PROFILES.md loads a third party's profile beside the built-in ones")
    void profiles_thirdPartyProfileJoinsTheRegistry() throws Exception {
        // A city's own profile: Kumagaya's, published under another id.
        String json = Files.readString(Snippets.root()
                .resolve("core/src/main/resources/jp/mimamori/core/profile/kumagaya-2019.json"));
        Files.writeString(Path.of("my-city-2025.json"),
                json.replace("\"id\": \"kumagaya-2019\"", "\"id\": \"my-city-2025\""), StandardCharsets.UTF_8);

        // snippet:profiles-registry begin
        ProfileRegistry profiles = ProfileRegistry.builtIn();                       // both shipped profiles
        GuidelineProfile kumagaya = profiles.find("kumagaya-2019", "1.0.0").orElseThrow();
        GuidelineProfile mine = GuidelineProfile.load(Path.of("my-city-2025.json")); // a third party's profile
        profiles = profiles.with(mine);                                              // registries are immutable
        // snippet:profiles-registry end

        assertEquals("kumagaya-2019", kumagaya.id());
        assertTrue(profiles.find("my-city-2025", mine.version()).isPresent());
        assertTrue(ProfileRegistry.builtIn().find("my-city-2025", mine.version()).isEmpty());
    }

    @Test
    @DisplayName("K4-1, K3-1-2: RULES.md reads rules, checks them, decides a request and logs the decision")
    void rules_readCheckDecideAndLog() throws Exception {
        Workspace.copySample("kumagaya-city-hall.json", Path.of("rules.json"));

        // snippet:rules-decide begin
        OperatingRules rules = RulesReader.read(Path.of("rules.json"));          // InvalidDocumentException lists all problems
        GuidelineProfile profile = ProfileRegistry.builtIn().find(rules.profileId(), rules.profileVersion()).orElseThrow();
        ComplianceReport report = ComplianceCheck.check(rules, profile, Instant.now());
        DecisionEngine engine = DecisionEngine.create(rules, profile);          // NonCompliantRulesException on ERROR findings
        AccessRequest request = new AccessRequest("op-tanaka", Action.VIEW_RECORDED, "ch-lobby",
                Purpose.CRIME_PREVENTION, Instant.now());
        Decision d = engine.decide(request);
        try (TransparentEvidenceLog evidenceLog = TransparentEvidenceLog.open(Path.of("log"))) {
            DecisionEvidence.append(evidenceLog, request, d);                    // decision.access record
        }
        // snippet:rules-decide end

        assertEquals("kumagaya-city-hall@" + rules.version(), report.rules());
        assertTrue(d.permitted(), d.explain(Locale.ENGLISH));
    }

    @Test
    @DisplayName("K4-1: RULES.md decides under rules with ERROR findings only with an acknowledgement, which every"
            + " decision records")
    void rules_acknowledgedFindings_areRecordedInEveryDecision() throws Exception {
        Workspace.copySample("kumagaya-city-hall.draft.json", Path.of("draft.json"));
        OperatingRules rules = RulesReader.read(Path.of("draft.json"));
        GuidelineProfile profile = ProfileRegistry.builtIn().find(rules.profileId(), rules.profileVersion()).orElseThrow();
        assertThrows(NonCompliantRulesException.class, () -> DecisionEngine.create(rules, profile));

        // snippet:rules-acknowledge begin
        DecisionEngine engine = DecisionEngine.create(rules, profile, EngineOptions.defaults()
                .acknowledging(new FindingsAcknowledgement("mgr-soumu", "signage ordered, due 2026-04-10")));
        // snippet:rules-acknowledge end

        Decision d = engine.decide(new AccessRequest("op-tanaka", Action.VIEW_RECORDED, "ch-lobby",
                Purpose.CRIME_PREVENTION, Instant.now()));
        assertTrue(d.facts().stream().anyMatch(f -> f.name().equals("accepted_findings")
                && f.value().startsWith("by mgr-soumu (signage ordered, due 2026-04-10)")), d.explain(Locale.ENGLISH));
    }
}
