package jp.mimamori.core.decision;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import jp.mimamori.core.evidence.EvidenceTypes;
import jp.mimamori.core.internal.Samples;
import jp.mimamori.core.model.Action;
import jp.mimamori.core.model.Obligation;
import jp.mimamori.core.model.Purpose;
import jp.mimamori.core.profile.ProfileRegistry;
import jp.mimamori.testing.InMemoryEvidenceLog;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** One example per seed situation, each named after and citing its requirement ID. */
class SeedScenariosTest {
    static final Instant APRIL = Instant.parse("2026-04-01T10:00:00Z");
    static final DecisionEngine KUMAGAYA = engine(Samples.KUMAGAYA_CITY_HALL);
    static final DecisionEngine SAKU = engine(Samples.SAKU_SCHOOL);

    static DecisionEngine engine(String sample) {
        var rules = Samples.rules(sample);
        return DecisionEngine.create(rules,
                ProfileRegistry.builtIn().find(rules.profileId(), rules.profileVersion()).orElseThrow());
    }

    static DisclosureRequest police(Purpose purpose, BasisKind basis, String camera) {
        return new DisclosureRequest("req-1", RequesterKind.INVESTIGATIVE_AGENCY, "佐久警察署 (Saku Police Station)",
                basis, Optional.of("佐署刑第123号"), purpose, camera, Instant.parse("2026-03-30T15:00:00Z"),
                Instant.parse("2026-03-30T16:00:00Z"), APRIL);
    }

    @Test
    @DisplayName("S8: a police written request whose purpose fits the camera is permitted, with K3-4 duties")
    void policeRequestFittingPurpose_S8_permitted() {
        Decision d = SAKU.decide(police(Purpose.CRIMINAL_INVESTIGATION, BasisKind.WRITTEN_REQUEST, "es-gate"));
        Decision.Permit p = assertInstanceOf(Decision.Permit.class, d);
        assertEquals(List.of("K3-4", "S8"), p.requirements());
        assertTrue(p.obligations().containsAll(List.of(Obligation.VERIFY_RECIPIENT, Obligation.RECORD_DISCLOSURE)));
        assertEquals("saku-minami-elementary@2026-04-01", p.rules());
        assertEquals("saku-2020@1.0.0", p.profile());
    }

    @Test
    @DisplayName("S8: a written request is necessary but not sufficient — a purpose outside the camera's is refused")
    void policeRequestNotFittingPurpose_S8_denied() {
        Decision d = SAKU.decide(police(Purpose.ACCIDENT_INVESTIGATION, BasisKind.WRITTEN_REQUEST, "es-gate"));
        assertFalse(d.permitted());
        assertEquals(List.of("S8", "K3-4"), d.requirements());
        assertEquals("a written request is necessary but not sufficient: the request's purpose (accident"
                + " investigation) does not fit the declared purposes of 正門 (main gate) (es-gate) (crime prevention,"
                + " child safety)",
                d.reason().en());
    }

    @Test
    @DisplayName("S8, K3-4 (2): an oral police request is refused")
    void oralPoliceRequest_K3_4_denied() {
        Decision d = SAKU.decide(police(Purpose.CRIMINAL_INVESTIGATION, BasisKind.ORAL, "es-gate"));
        assertFalse(d.permitted());
        assertEquals(List.of("K3-4"), d.requirements());
    }

    @Test
    @DisplayName("K3-4 (1): a court order stands on its own, whatever the camera's purpose")
    void courtOrder_K3_4_permitted() {
        var r = new DisclosureRequest("req-2", RequesterKind.COURT, "長野地方裁判所", BasisKind.COURT_ORDER,
                Optional.of("令和8年(モ)第12号"), Purpose.ACCIDENT_INVESTIGATION, "es-gate",
                Instant.parse("2026-03-30T15:00:00Z"), Instant.parse("2026-03-30T16:00:00Z"), APRIL);
        Decision d = SAKU.decide(r);
        assertTrue(d.permitted());
        assertEquals("provision allowed: required by law or regulation — a court order, 令和8年(モ)第12号 (a"
                + " compulsory ground, so the purpose test of S8 does not apply)", d.reason().en());
    }

    @Test
    @DisplayName("S9: a family member looking for a missing parent is sent the route police → city → manager")
    void missingParentsFamily_S9_deniedWithRoute() {
        var r = new DisclosureRequest("req-3", RequesterKind.PRIVATE_INDIVIDUAL, "行方不明者の長男 (son)",
                BasisKind.WRITTEN_REQUEST, Optional.of("申請書"), Purpose.MISSING_PERSON, "es-gate",
                Instant.parse("2026-03-31T08:00:00Z"), Instant.parse("2026-03-31T12:00:00Z"), APRIL);
        Decision d = SAKU.decide(r);
        assertFalse(d.permitted());
        assertEquals(List.of("S9", "K3-4"), d.requirements());
        assertTrue(d.reason().en().contains("police → city → operation manager"), d.reason().en());
        assertTrue(d.reason().ja().contains("警察→市→運用責任者"), d.reason().ja());
    }

    @Test
    @DisplayName("S7: a missing person is searched through an official request, with third parties masked")
    void missingPersonOfficialRequest_S7_permitted() {
        var r = new DisclosureRequest("req-4", RequesterKind.INVESTIGATIVE_AGENCY, "佐久警察署",
                BasisKind.WRITTEN_REQUEST, Optional.of("佐署生安第45号"), Purpose.MISSING_PERSON, "es-gate",
                Instant.parse("2026-03-31T08:00:00Z"), Instant.parse("2026-03-31T12:00:00Z"), APRIL);
        Decision.Permit p = assertInstanceOf(Decision.Permit.class, SAKU.decide(r));
        assertTrue(p.requirements().contains("S7"), p.requirements().toString());
        assertTrue(p.obligations().contains(Obligation.MASK_THIRD_PARTIES));
    }

    @Test
    @DisplayName("S7, K3-4: Kumagaya's guideline has no missing-person ground, so the same request is refused")
    void missingPersonUnderKumagaya_K3_4_denied() {
        var r = new DisclosureRequest("req-5", RequesterKind.INVESTIGATIVE_AGENCY, "熊谷警察署",
                BasisKind.WRITTEN_REQUEST, Optional.of("熊署生安第7号"), Purpose.MISSING_PERSON, "ch-entrance",
                Instant.parse("2026-03-31T08:00:00Z"), Instant.parse("2026-03-31T12:00:00Z"), APRIL);
        Decision d = KUMAGAYA.decide(r);
        assertFalse(d.permitted());
        assertEquals(List.of("K3-4"), d.requirements());
        assertEquals("official written request from the police or a public body to find a missing person is not a"
                + " ground for provision under kumagaya-2019", d.reason().en());
    }

    @Test
    @DisplayName("S5: remote viewing is denied unless the rules enable it for the principal and site")
    void remoteViewing_S5() {
        Decision vp = SAKU.decide(new AccessRequest("vp-kato", Action.REMOTE_VIEW, "es-gate",
                Purpose.CHILD_SAFETY, APRIL));
        assertFalse(vp.permitted());
        assertEquals(List.of("S5"), vp.requirements());
        assertEquals("the rules do not enable remote viewing for 教頭 加藤 (Vice-principal Kato) (vp-kato) at site"
                + " 佐久市立南小学校 (Saku Minami Elementary School, fictional) (minami-es)", vp.reason().en());
        Decision boe = SAKU.decide(new AccessRequest("boe-center", Action.REMOTE_VIEW, "es-gate",
                Purpose.CHILD_SAFETY, APRIL));
        assertTrue(boe.permitted());
        assertTrue(boe.requirements().contains("S5"));
        assertTrue(SAKU.decide(new AccessRequest("vp-kato", Action.VIEW_LIVE, "es-gate", Purpose.CHILD_SAFETY,
                APRIL)).permitted());
    }

    @Test
    @DisplayName("K3-3: an operator whose designation was revoked loses access from the revocation on")
    void revokedOperator_K3_3() {
        Decision before = KUMAGAYA.decide(new AccessRequest("op-sato", Action.VIEW_RECORDED, "ch-lobby",
                Purpose.CRIME_PREVENTION, Instant.parse("2026-03-14T23:59:59Z")));
        assertTrue(before.permitted());
        assertEquals(List.of("K2-1", "K3-1-2"), before.requirements());
        Decision after = KUMAGAYA.decide(new AccessRequest("op-sato", Action.VIEW_RECORDED, "ch-lobby",
                Purpose.CRIME_PREVENTION, APRIL));
        assertFalse(after.permitted());
        assertEquals(List.of("K3-3", "K3-1-3"), after.requirements());
        assertEquals("d-op-sato (佐藤 (Sato), transferred 2026-03-15 (op-sato)) was revoked at 2026-03-15 09:00 +09:00;"
                + " access ends at revocation", after.reason().en());
    }

    @Test
    @DisplayName("K3-3: revoking through the engine takes effect at once")
    void revokeAtRuntime_K3_3() {
        DecisionEngine e = engine(Samples.KUMAGAYA_CITY_HALL);
        var r = new AccessRequest("op-tanaka", Action.VIEW_LIVE, "ch-entrance", Purpose.CRIME_PREVENTION, APRIL);
        assertTrue(e.decide(r).permitted());
        e.revoke("d-op-tanaka", APRIL.minusSeconds(1));
        assertEquals(List.of("K3-3", "K3-1-3"), e.decide(r).requirements());
        assertThrows(IllegalArgumentException.class, () -> e.revoke("nobody", APRIL));
    }

    @Test
    @DisplayName("K3-1-3: a permit from the operation manager allows only its window")
    void expiredPermit_K3_1_3() {
        var during = new AccessRequest("fm-yamada", Action.VIEW_RECORDED, "ch-lobby", Purpose.FACILITY_MANAGEMENT,
                Instant.parse("2026-03-10T10:00:00Z"));
        Decision.Permit p = assertInstanceOf(Decision.Permit.class, KUMAGAYA.decide(during));
        assertEquals(List.of("K2-1", "K3-1-3"), p.requirements());
        assertEquals(List.of(Obligation.LOG_VIEWING), p.obligations());
        Decision after = KUMAGAYA.decide(new AccessRequest("fm-yamada", Action.VIEW_RECORDED, "ch-lobby",
                Purpose.FACILITY_MANAGEMENT, APRIL));
        assertFalse(after.permitted());
        assertEquals(List.of("K3-1-3"), after.requirements());
        assertEquals("p-fm-yamada (山田 (Yamada) (fm-yamada)) is not in force at the time of the request (valid"
                + " 2026-03-01 09:00 +09:00 – 2026-03-31 09:00 +09:00); a permit from the operation manager is needed",
                after.reason().en());
    }

    @Test
    @DisplayName("K3-1-3: deny by default explains itself and names the closest grant")
    void denyByDefault_namesClosestGrant() {
        Decision d = KUMAGAYA.decide(new AccessRequest("fm-yamada", Action.VIEW_LIVE, "ch-entrance",
                Purpose.FACILITY_MANAGEMENT, Instant.parse("2026-03-10T10:00:00Z")));
        Decision.Deny deny = assertInstanceOf(Decision.Deny.class, d);
        // ch-entrance is declared for crime prevention only, so the purpose is checked first (K2-1).
        assertEquals(List.of("K2-1"), deny.requirements());
        Decision d2 = KUMAGAYA.decide(new AccessRequest("fm-yamada", Action.VIEW_LIVE, "ch-lobby",
                Purpose.CRIME_PREVENTION, Instant.parse("2026-03-10T10:00:00Z")));
        Decision.Deny deny2 = assertInstanceOf(Decision.Deny.class, d2);
        assertEquals("no designation or permit grants view live for crime prevention on this camera to 山田 (Yamada)"
                + " (fm-yamada)", deny2.reason().en());
        assertEquals(List.of("p-fm-yamada (view recorded, camera 1階ロビー (ground-floor lobby) (ch-lobby)): not view live;"
                        + " not for crime prevention"),
                deny2.closest().stream().map(c -> c.en()).toList());
        assertTrue(deny2.explain(Locale.JAPANESE).startsWith("拒否 (K3-1-3): "), deny2.explain(Locale.JAPANESE));
        Decision stranger = KUMAGAYA.decide(new AccessRequest("visitor", Action.VIEW_LIVE, "ch-lobby",
                Purpose.CRIME_PREVENTION, APRIL));
        assertEquals("visitor holds no designation or permit in these rules",
                ((Decision.Deny) stranger).closest().get(0).en());
    }

    @Test
    @DisplayName("K2-1: viewing for a purpose the camera was not installed for is refused")
    void purposeOutsideDeclared_K2_1() {
        Decision d = KUMAGAYA.decide(new AccessRequest("op-tanaka", Action.VIEW_RECORDED, "ch-entrance",
                Purpose.FACILITY_MANAGEMENT, APRIL));
        assertEquals(List.of("K2-1"), d.requirements());
        assertEquals("purpose facility management is outside the declared purposes of 正面玄関 (main entrance)"
                + " (ch-entrance) (crime prevention)", d.reason().en());
    }

    @Test
    @DisplayName("K5-1, K3-2-1: a contractor views in its scope under its clause but does not export")
    void contractor_K5_1() {
        Decision view = KUMAGAYA.decide(new AccessRequest("guard-kanto", Action.VIEW_LIVE, "ch-entrance",
                Purpose.CRIME_PREVENTION, APRIL));
        assertEquals(List.of("K2-1", "K5-1"), view.requirements());
        assertTrue(view.facts().get(0).value().contains("contract clause"));
        assertFalse(KUMAGAYA.decide(new AccessRequest("guard-kanto", Action.EXPORT, "ch-entrance",
                Purpose.CRIME_PREVENTION, APRIL)).permitted());
        assertFalse(KUMAGAYA.decide(new AccessRequest("guard-kanto", Action.VIEW_LIVE, "ch-parking",
                Purpose.CRIME_PREVENTION, APRIL)).permitted());
    }

    @Test
    @DisplayName("K3-2-1: an operator's export carries the protection obligation")
    void operatorExport_K3_2_1() {
        Decision.Permit p = assertInstanceOf(Decision.Permit.class, KUMAGAYA.decide(new AccessRequest("op-tanaka",
                Action.EXPORT, "ch-lobby", RequestedPurpose.of(Purpose.CRIMINAL_INVESTIGATION), APRIL,
                Optional.of(new ExportMethod("市の証拠保管サーバ / city evidence server",
                        ExportProtection.ACCESS_CONTROLLED_STORE)))));
        assertEquals(List.of("K2-1", "K3-1-2", "K3-2-1"), p.requirements());
        assertEquals(List.of(Obligation.PROTECT_EXPORT), p.obligations());
    }

    @Test
    @DisplayName("Which cameras and time ranges may a principal view for a purpose")
    void viewableQuery() {
        List<Viewable> tanaka = KUMAGAYA.viewable("op-tanaka", Purpose.CRIME_PREVENTION, Action.VIEW_RECORDED,
                APRIL);
        assertEquals(List.of("ch-entrance", "ch-lobby", "ch-parking"), tanaka.stream().map(Viewable::camera).toList());
        assertEquals(APRIL.minusSeconds(30L * 86400), tanaka.get(2).footageFrom());
        assertTrue(tanaka.get(0).accessUntil().isEmpty());
        List<Viewable> yamada = KUMAGAYA.viewable("fm-yamada", Purpose.FACILITY_MANAGEMENT, Action.VIEW_RECORDED,
                Instant.parse("2026-03-10T10:00:00Z"));
        assertEquals(List.of("ch-lobby"), yamada.stream().map(Viewable::camera).toList());
        assertEquals(Optional.of(Instant.parse("2026-03-31T00:00:00Z")), yamada.get(0).accessUntil());
        assertTrue(KUMAGAYA.viewable("fm-yamada", Purpose.FACILITY_MANAGEMENT, Action.VIEW_RECORDED, APRIL)
                .isEmpty());
        assertEquals(List.of("es-gate", "es-entrance"), SAKU.viewable("boe-center", Purpose.CRIME_PREVENTION,
                Action.REMOTE_VIEW, APRIL).stream().map(Viewable::camera).toList());
        assertTrue(SAKU.viewable("vp-kato", Purpose.CRIME_PREVENTION, Action.REMOTE_VIEW, APRIL).isEmpty());
    }

    @Test
    @DisplayName("Every decision can be appended to the evidence log with its requirement IDs")
    void decisionsGoToTheEvidenceLog() throws Exception {
        InMemoryEvidenceLog log = new InMemoryEvidenceLog();
        var access = new AccessRequest("op-sato", Action.VIEW_LIVE, "ch-lobby", Purpose.CRIME_PREVENTION, APRIL);
        DecisionEvidence.append(log, access, KUMAGAYA.decide(access));
        var disclosure = police(Purpose.CRIMINAL_INVESTIGATION, BasisKind.WRITTEN_REQUEST, "es-gate");
        var receipt = DecisionEvidence.append(log, disclosure, SAKU.decide(disclosure));
        assertEquals(1, receipt.index());
        var records = log.records();
        assertEquals(EvidenceTypes.ACCESS_DECISION, records.get(0).type());
        assertEquals("DENY", records.get(0).string("decision"));
        assertEquals(List.of("K3-3", "K3-1-3"), records.get(0).body().get("requirements"));
        assertEquals(EvidenceTypes.DISCLOSURE_DECISION, records.get(1).type());
        assertEquals("PERMIT", records.get(1).string("decision"));
        assertEquals("saku-2020@1.0.0", records.get(1).string("profile"));
    }

    @Test
    void engineUnderAnotherProfile_isMisuse() {
        var rules = Samples.rules(Samples.SAKU_SCHOOL);
        var kumagaya = ProfileRegistry.builtIn().find("kumagaya-2019", "1.0.0").orElseThrow();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> DecisionEngine.create(rules, kumagaya));
        assertEquals("profile: the rules follow saku-2020@1.0.0, not kumagaya-2019@1.0.0 (K5-2)", e.getMessage());
    }
}
