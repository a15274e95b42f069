package jp.mimamori.core.decision;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import jp.mimamori.core.evidence.EvidenceRecord;
import jp.mimamori.core.finding.ComplianceCode;
import jp.mimamori.core.internal.Samples;
import jp.mimamori.core.model.Action;
import jp.mimamori.core.model.Purpose;
import jp.mimamori.core.profile.GuidelineProfile;
import jp.mimamori.core.profile.ProfileRegistry;
import jp.mimamori.core.rules.OperatingRules;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Requests say what they are, and the engine decides them rather than rejecting them (issue: open requests). */
class RequestsDecidedTest {
    static final Instant APRIL = SeedScenariosTest.APRIL;
    static final DecisionEngine KUMAGAYA = SeedScenariosTest.KUMAGAYA;
    static final DecisionEngine SAKU = SeedScenariosTest.SAKU;
    static final Instant FROM = Instant.parse("2026-03-30T15:00:00Z");
    static final Instant TO = Instant.parse("2026-03-30T16:00:00Z");

    static DisclosureRequest disclosure(RequesterKind kind, BasisKind basis, Optional<String> statute,
                                        RequestedPurpose purpose, String camera, Instant from, Instant to) {
        return new DisclosureRequest("r-1", kind, "佐久警察署 (Saku Police Station)", basis, Optional.of("佐署第1号"),
                statute, purpose, camera, from, to, APRIL);
    }

    @Test
    @DisplayName("K2-1: an access for a purpose that is not built in is decided (DENY) and logged as written")
    void undeclaredPurposeAccess_K2_1_deniedAndRecordedAsWritten() {
        var r = new AccessRequest("op-tanaka", Action.VIEW_RECORDED, "ch-lobby",
                RequestedPurpose.of("marketing analysis"), APRIL, Optional.empty());
        Decision d = KUMAGAYA.decide(r);
        assertFalse(d.permitted());
        assertEquals(List.of("K2-1"), d.requirements());
        assertEquals("purpose \"marketing analysis\" is not a purpose these rules declare; it is outside the declared"
                + " purposes of 1階ロビー (ground-floor lobby) (ch-lobby) (crime prevention, facility management)",
                d.reason().en());
        EvidenceRecord e = DecisionEvidence.of(r, d);
        assertEquals("marketing analysis", e.string("purpose"));
        assertEquals(false, e.body().get("purpose_built_in"));
    }

    @Test
    @DisplayName("S8, K3-4: a disclosure for a purpose that is not built in is denied citing S8 and K3-4")
    void undeclaredPurposeDisclosure_S8_K3_4_denied() {
        Decision d = SAKU.decide(disclosure(RequesterKind.INVESTIGATIVE_AGENCY, BasisKind.WRITTEN_REQUEST,
                Optional.empty(), RequestedPurpose.of("civil dispute"), "es-gate", FROM, TO));
        assertFalse(d.permitted());
        assertEquals(List.of("S8", "K3-4"), d.requirements());
        assertTrue(d.reason().en().startsWith("the purpose \"civil dispute\" is not one these rules declare"),
                d.reason().en());
    }

    @Test
    @DisplayName("K2-1: a built-in purpose's code reads as the built-in; any other text stays as written")
    void purposeText_K2_1() {
        assertEquals(Optional.of(Purpose.CRIME_PREVENTION), RequestedPurpose.of("CRIME_PREVENTION").builtIn());
        assertEquals("crime prevention", RequestedPurpose.of(Purpose.CRIME_PREVENTION).label().en());
        assertEquals(Optional.empty(), RequestedPurpose.of("crime_prevention").builtIn());
        assertEquals("purpose: must be 1 to 200 characters, not blank", assertThrows(IllegalArgumentException.class,
                () -> RequestedPurpose.of(" ")).getMessage());
    }

    @Test
    @DisplayName("S8: an Art. 197(2) police inquiry ticked as STATUTE is voluntary, so the purpose test applies")
    void art197InquiryAsStatute_S8_denied() {
        Decision d = SAKU.decide(disclosure(RequesterKind.INVESTIGATIVE_AGENCY, BasisKind.STATUTE,
                Optional.of("刑事訴訟法第197条第2項"), RequestedPurpose.of(Purpose.ACCIDENT_INVESTIGATION), "es-gate",
                FROM, TO));
        assertFalse(d.permitted());
        assertEquals(List.of("S8", "K3-4"), d.requirements());
        assertEquals("an inquiry under Art. 197(2) of the Code of Criminal Procedure (捜査関係事項照会) is a voluntary"
                + " written request, not a compulsory ground; a written request is necessary but not sufficient: the"
                + " request's purpose (accident investigation) does not fit the declared purposes of 正門 (main gate)"
                + " (es-gate) (crime prevention, child safety)", d.reason().en());
        // Full-width digits and the inquiry's name in the reference are recognised too.
        var alt = new DisclosureRequest("r-2", RequesterKind.INVESTIGATIVE_AGENCY, "佐久警察署", BasisKind.STATUTE,
                Optional.of("捜査関係事項照会書 佐署交第９号"), Optional.of("刑事訴訟法第１９７条第２項"),
                RequestedPurpose.of(Purpose.ACCIDENT_INVESTIGATION), "es-gate", FROM, TO, APRIL);
        assertFalse(SAKU.decide(alt).permitted());
    }

    @Test
    @DisplayName("K3-4 (1): only a compulsory ground skips S8, and the decision names which one")
    void compulsoryGrounds_K3_4_named() {
        Decision warrant = SAKU.decide(disclosure(RequesterKind.INVESTIGATIVE_AGENCY, BasisKind.WARRANT,
                Optional.empty(), RequestedPurpose.of(Purpose.ACCIDENT_INVESTIGATION), "es-gate", FROM, TO));
        assertTrue(warrant.permitted());
        assertTrue(warrant.reason().en().contains("a warrant, 佐署第1号"), warrant.reason().en());
        Decision statute = SAKU.decide(disclosure(RequesterKind.PUBLIC_BODY, BasisKind.STATUTE,
                Optional.of("道路交通法第72条"), RequestedPurpose.of(Purpose.ACCIDENT_INVESTIGATION), "es-gate", FROM, TO));
        assertTrue(statute.permitted());
        assertTrue(statute.reason().en().contains("a statute that obliges provision, 道路交通法第72条"),
                statute.reason().en());
        Decision unnamed = SAKU.decide(disclosure(RequesterKind.PUBLIC_BODY, BasisKind.STATUTE, Optional.empty(),
                RequestedPurpose.of(Purpose.ACCIDENT_INVESTIGATION), "es-gate", FROM, TO));
        assertFalse(unnamed.permitted());
        assertEquals("a disclosure on a statute must name the statute that obliges provision",
                unnamed.reason().en());
    }

    @Test
    @DisplayName("K3-4 (1): a warrant obliges provision whatever purpose it states; the same purpose on an inquiry is denied (S8)")
    void undeclaredPurposeOnWarrant_K3_4_permitted() {
        RequestedPurpose tax = RequestedPurpose.of("tax investigation");
        Decision warrant = SAKU.decide(disclosure(RequesterKind.INVESTIGATIVE_AGENCY, BasisKind.WARRANT,
                Optional.empty(), tax, "es-gate", FROM, TO));
        assertTrue(warrant.permitted(), warrant.reason().en());
        assertTrue(warrant.reason().en().contains("a compulsory ground, so the purpose test of S8 does not apply"),
                warrant.reason().en());
        Decision inquiry = SAKU.decide(disclosure(RequesterKind.INVESTIGATIVE_AGENCY, BasisKind.WRITTEN_REQUEST,
                Optional.empty(), tax, "es-gate", FROM, TO));
        assertFalse(inquiry.permitted());
        assertEquals(List.of("S8", "K3-4"), inquiry.requirements());
    }

    @Test
    @DisplayName("K3-2-1: an export names its medium and protection; unprotected or unstated is denied")
    void exportProtection_K3_2_1() {
        AccessRequest usb = new AccessRequest("op-tanaka", Action.EXPORT, "ch-lobby",
                RequestedPurpose.of(Purpose.CRIMINAL_INVESTIGATION), APRIL,
                Optional.of(new ExportMethod("USB stick", ExportProtection.UNPROTECTED)));
        Decision d = KUMAGAYA.decide(usb);
        assertFalse(d.permitted());
        assertEquals(List.of("K3-2-1"), d.requirements());
        assertEquals("images may not be exported to unprotected media (USB stick); encrypt them to the recipient or"
                + " export to an access-controlled store", d.reason().en());
        Decision unstated = KUMAGAYA.decide(new AccessRequest("op-tanaka", Action.EXPORT, "ch-lobby",
                Purpose.CRIMINAL_INVESTIGATION, APRIL));
        assertEquals(List.of("K3-2-1"), unstated.requirements());
        Decision ok = KUMAGAYA.decide(new AccessRequest("op-tanaka", Action.EXPORT, "ch-lobby",
                RequestedPurpose.of(Purpose.CRIMINAL_INVESTIGATION), APRIL,
                Optional.of(new ExportMethod("evidence bundle", ExportProtection.ENCRYPTED_TO_RECIPIENT))));
        assertTrue(ok.permitted());
        assertTrue(ok.reason().en().endsWith("; export to evidence bundle (encrypted to the recipient)"),
                ok.reason().en());
        assertEquals(Map.of("medium", "USB stick", "protection", "UNPROTECTED"),
                DecisionEvidence.of(usb, d).body().get("export"));
    }

    @Test
    @DisplayName("K3-2-2: footage wholly older than the retention, with no hold, would already be erased")
    void footageBeyondRetention_K3_2_2_denied() {
        Instant from = Instant.parse("2026-03-01T01:00:00Z");
        DisclosureRequest r = disclosure(RequesterKind.INVESTIGATIVE_AGENCY, BasisKind.WRITTEN_REQUEST,
                Optional.empty(), RequestedPurpose.of(Purpose.CRIMINAL_INVESTIGATION), "ch-entrance", from,
                from.plusSeconds(3600));
        Decision d = KUMAGAYA.decide(r);
        assertFalse(d.permitted());
        assertEquals(List.of("K3-2-2", "K3-4"), d.requirements());
        assertEquals("footage from 2026-03-01 is beyond the 14-day retention of 正面玄関 (main entrance) (ch-entrance)"
                + " and would already be erased", d.reason().en());
        OperatingRules rules = KUMAGAYA.rules();
        DecisionEngine withHold = DecisionEngine.create(rules, KUMAGAYA.profile(),
                EngineOptions.defaults().withHolds((camera, f, t) -> camera.equals("ch-entrance")));
        assertTrue(withHold.decide(r).permitted(), "a hold keeps the footage");
    }

    @Test
    @DisplayName("K3-2-2: footage from after the request has not been recorded yet")
    void futureFootage_K3_2_2_denied() {
        Decision d = KUMAGAYA.decide(disclosure(RequesterKind.INVESTIGATIVE_AGENCY, BasisKind.WRITTEN_REQUEST,
                Optional.empty(), RequestedPurpose.of(Purpose.CRIMINAL_INVESTIGATION), "ch-entrance",
                APRIL.plusSeconds(3600), APRIL.plusSeconds(7200)));
        assertFalse(d.permitted());
        assertEquals("footage from 2026-04-01 20:00 +09:00 has not been recorded yet at the time of the request"
                + " (2026-04-01 19:00 +09:00)", d.reason().en());
    }

    @Test
    @DisplayName("K3-4: a private body is told the court or bar-association route; S9's text stays for individuals")
    void privateBodyRoute_K3_4_andS9Unchanged() {
        Decision company = KUMAGAYA.decide(disclosure(RequesterKind.PRIVATE_ORGANIZATION, BasisKind.WRITTEN_REQUEST,
                Optional.empty(), RequestedPurpose.of(Purpose.ACCIDENT_INVESTIGATION), "ch-parking", FROM, TO));
        assertFalse(company.permitted());
        assertEquals(List.of("K3-4"), company.requirements());
        assertTrue(company.reason().en().contains("bar association inquiry (Attorney Act Art. 23-2)"));
        assertFalse(company.reason().en().contains("ask the police"));
        Decision person = SAKU.decide(disclosure(RequesterKind.PRIVATE_INDIVIDUAL, BasisKind.WRITTEN_REQUEST,
                Optional.empty(), RequestedPurpose.of(Purpose.MISSING_PERSON), "es-gate", FROM, TO));
        assertEquals("images are not provided to individuals or private bodies on request; ask the police, who may"
                + " request them from the city in writing, and the operation manager decides (police → city →"
                + " operation manager)", person.reason().en());
    }

    @Test
    @DisplayName("S5: a remote-viewing permit names the remote grant and its means")
    void remoteViewPermit_S5_namesGrantAndMeans() {
        Decision d = SAKU.decide(new AccessRequest("boe-center", Action.REMOTE_VIEW, "es-gate", Purpose.CHILD_SAFETY,
                APRIL));
        Decision.Permit p = assertInstanceOf(Decision.Permit.class, d);
        assertTrue(p.reason().en().contains("remote viewing is enabled for 学校教育課 監視センター (school education"
                + " division, central desk) (boe-center) at site 佐久市立南小学校 (Saku Minami Elementary School,"
                + " fictional) (minami-es) over 市の専用光回線"), p.reason().en());
        assertTrue(p.facts().stream().anyMatch(f -> f.name().equals("remote_grant")));
    }

    @Test
    @DisplayName("K4-1: rules with ERROR findings are refused unless acknowledged; the acknowledgement is logged")
    void nonCompliantRules_refusedUnlessAcknowledged() {
        OperatingRules draft = Samples.rules(Samples.KUMAGAYA_DRAFT);
        GuidelineProfile k = ProfileRegistry.builtIn().find("kumagaya-2019", "1.0.0").orElseThrow();
        NonCompliantRulesException e = assertThrows(NonCompliantRulesException.class,
                () -> DecisionEngine.create(draft, k));
        assertTrue(e.errors().stream().anyMatch(f -> f.code() == ComplianceCode.PERMIT_NOT_BY_MANAGER));
        DecisionEngine accepted = DecisionEngine.create(draft, k,
                EngineOptions.defaults().acknowledging(new FindingsAcknowledgement("mgr-soumu", "fixing by 04-10")));
        var r = new AccessRequest("op-tanaka", Action.VIEW_LIVE, "ch-lobby", Purpose.CRIME_PREVENTION, APRIL);
        Decision d = accepted.decide(r);
        assertTrue(d.permitted());
        @SuppressWarnings("unchecked")
        Map<String, Object> facts = (Map<String, Object>) DecisionEvidence.of(r, d).body().get("facts");
        String recorded = (String) facts.get("accepted_findings");
        assertTrue(recorded.startsWith("by mgr-soumu (fixing by 04-10): "), recorded);
        assertTrue(recorded.contains("PERMIT_NOT_BY_MANAGER at permits[0].issued_by"), recorded);
    }

    @Test
    @DisplayName("K4-1: for tools, an unknown camera or principal is an input error naming the field")
    void requireKnown_namesTheField() {
        assertEquals("request.camera: \"K-9\" is not a camera of kumagaya-city-hall@2026-04-01",
                assertThrows(IllegalArgumentException.class, () -> KUMAGAYA.requireKnown(new AccessRequest(
                        "op-tanaka", Action.VIEW_LIVE, "K-9", Purpose.CRIME_PREVENTION, APRIL))).getMessage());
        assertEquals("request.principal: \"visitor\" is not a principal of kumagaya-city-hall@2026-04-01",
                assertThrows(IllegalArgumentException.class, () -> KUMAGAYA.requireKnown(new AccessRequest(
                        "visitor", Action.VIEW_LIVE, "ch-lobby", Purpose.CRIME_PREVENTION, APRIL))).getMessage());
        // The library itself keeps deny by default for such a request.
        assertFalse(KUMAGAYA.decide(new AccessRequest("op-tanaka", Action.VIEW_LIVE, "K-9",
                Purpose.CRIME_PREVENTION, APRIL)).permitted());
    }
}
