package jp.mimamori.core.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import jp.mimamori.core.error.InvalidDocumentException;
import jp.mimamori.core.finding.ComplianceCode;
import jp.mimamori.core.finding.Finding;
import jp.mimamori.core.finding.Severity;
import jp.mimamori.core.internal.Samples;
import jp.mimamori.core.profile.GuidelineProfile;
import jp.mimamori.core.profile.ProfileRegistry;
import jp.mimamori.testing.RulesFixtures;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The compliance check names every finding with its path and article (K4-1). */
class ComplianceCheckTest {
    static final Instant ADOPTED = Instant.parse("2026-04-01T09:00:00Z");
    static final GuidelineProfile KUMAGAYA = ProfileRegistry.builtIn().find("kumagaya-2019", "1.0.0").orElseThrow();
    static final GuidelineProfile SAKU = ProfileRegistry.builtIn().find("saku-2020", "1.0.0").orElseThrow();

    private static List<String> lines(ComplianceReport r, ComplianceCode code) {
        return r.withCode(code).stream().map(Finding::toString).toList();
    }

    @Test
    @DisplayName("K4-1: the shipped samples are compliant (only INFO findings)")
    void samples_areCompliant() {
        ComplianceReport k = ComplianceCheck.check(Samples.rules(Samples.KUMAGAYA_CITY_HALL), KUMAGAYA, ADOPTED);
        assertTrue(k.compliant(), k.findings().toString());
        assertEquals(List.of(ComplianceCode.RETENTION_JUSTIFIED),
                k.findings().stream().map(Finding::code).toList());
        ComplianceReport s = ComplianceCheck.check(Samples.rules(Samples.SAKU_SCHOOL), SAKU, ADOPTED);
        assertTrue(s.compliant(), s.findings().toString());
        assertEquals(List.of(ComplianceCode.REMOTE_VIEWING_ENABLED), s.findings().stream().map(Finding::code).toList());
    }

    @Test
    @DisplayName("K3-2-2: 45-day retention in Kumagaya without a justification exceeds the 14-day ceiling")
    void kumagaya45Days_K3_2_2() {
        OperatingRules rules = RulesFixtures.rules(Samples.KUMAGAYA_CITY_HALL,
                t -> RulesFixtures.camera(t, 1).putObject("retention").put("days", 45));
        ComplianceReport r = ComplianceCheck.check(rules, KUMAGAYA, ADOPTED);
        assertEquals(List.of("cameras[1].retention.days: 45 exceeds the profile ceiling of 14 days (K3-2-2)"),
                lines(r, ComplianceCode.RETENTION_ABOVE_CEILING));
        assertEquals("cameras[1].retention.days: 45日はプロファイルの上限14日を超えています (K3-2-2)",
                r.withCode(ComplianceCode.RETENTION_ABOVE_CEILING).get(0).render(Locale.JAPANESE));
        assertTrue(!r.compliant());
    }

    @Test
    @DisplayName("K3-2-2: a justified 30 days in Kumagaya is recorded, not refused")
    void kumagayaJustified_isInfo() {
        ComplianceReport r = ComplianceCheck.check(Samples.rules(Samples.KUMAGAYA_CITY_HALL), KUMAGAYA, ADOPTED);
        assertEquals(Severity.INFO, r.withCode(ComplianceCode.RETENTION_JUSTIFIED).get(0).severity());
    }

    @Test
    @DisplayName("S1: Saku's one-month ceiling cannot be lifted by a justification")
    void saku40DaysJustified_S1() {
        OperatingRules rules = RulesFixtures.rules(Samples.SAKU_SCHOOL, t -> RulesFixtures.camera(t, 0)
                .putObject("retention").put("days", 40).put("justification", "summer holidays"));
        assertEquals(List.of("cameras[0].retention.days: 40 exceeds the profile ceiling of 31 days; a justification"
                        + " cannot lift this ceiling (S1)"),
                lines(ComplianceCheck.check(rules, SAKU, ADOPTED), ComplianceCode.RETENTION_ABOVE_CEILING));
    }

    @Test
    @DisplayName("S2: one-day retention in Saku is below the floor")
    void sakuOneDay_S2() {
        OperatingRules rules = RulesFixtures.rules(Samples.SAKU_SCHOOL,
                t -> RulesFixtures.camera(t, 1).putObject("retention").put("days", 1));
        assertEquals(List.of("cameras[1].retention.days: 1 is below the profile floor of 7 days (investigative"
                        + " needs) (S2)"),
                lines(ComplianceCheck.check(rules, SAKU, ADOPTED), ComplianceCode.RETENTION_BELOW_FLOOR));
    }

    @Test
    @DisplayName("S2: Kumagaya sets no floor, so one day is fine there")
    void kumagayaOneDay_noFloor() {
        OperatingRules rules = RulesFixtures.rules(Samples.KUMAGAYA_CITY_HALL,
                t -> RulesFixtures.camera(t, 0).putObject("retention").put("days", 1));
        assertTrue(ComplianceCheck.check(rules, KUMAGAYA, ADOPTED).withCode(ComplianceCode.RETENTION_BELOW_FLOOR)
                .isEmpty());
    }

    @Test
    @DisplayName("S4: a street camera under Saku is outside the profile's site kinds")
    void sakuStreetCamera_S4() {
        OperatingRules rules = RulesFixtures.rules(Samples.SAKU_SCHOOL, t -> {
            RulesFixtures.array(t, "sites").addObject().put("id", "school-road").put("name", "通学路 (school road)")
                    .put("kind", "STREET");
            RulesFixtures.camera(t, 1).put("site", "school-road");
            t.withArray("designations").forEach(d -> ((com.fasterxml.jackson.databind.node.ObjectNode) d)
                    .putObject("scope"));
        });
        assertEquals(List.of("cameras[1].site: site \"school-road\" is a STREET, which saku-2020 does not cover"
                        + " (covers PUBLIC_FACILITY, SCHOOL); it needs a new review (S4)"),
                lines(ComplianceCheck.check(rules, SAKU, ADOPTED), ComplianceCode.SITE_KIND_NOT_COVERED));
    }

    @Test
    @DisplayName("K5-1: a contractor designation without a contract clause is read, and reported as an ERROR")
    void contractorWithoutClause_K5_1() {
        OperatingRules rules = RulesFixtures.rules(Samples.KUMAGAYA_CITY_HALL,
                t -> ((com.fasterxml.jackson.databind.node.ObjectNode) t.get("designations").get(5))
                        .remove("contract_clause"));
        ComplianceReport r = ComplianceCheck.check(rules, KUMAGAYA, ADOPTED);
        assertEquals(List.of("designations[5].contract_clause: d-guard-kanto designates 関東警備保障株式会社 (Kanto"
                        + " Security Co.) (guard-kanto) as contractor without a contract clause binding it to the"
                        + " guideline and the rules (K5-1)"), lines(r, ComplianceCode.CONTRACT_CLAUSE_MISSING));
        assertEquals(Severity.ERROR, r.withCode(ComplianceCode.CONTRACT_CLAUSE_MISSING).get(0).severity());
    }

    @Test
    @DisplayName("S6, K2-3, K2-2, K3-1-1, K4-3-1, K4-2: every finding at once")
    void everythingMissing_allFindingsAtOnce() {
        OperatingRules rules = RulesFixtures.rules(Samples.SAKU_SCHOOL, t -> {
            t.remove("penalty_clause");
            RulesFixtures.camera(t, 0).remove("signage");
            RulesFixtures.camera(t, 1).remove("capture_area");
            ((com.fasterxml.jackson.databind.node.ObjectNode) t.get("designations").get(0))
                    .put("revoked_at", "2026-04-01T08:00:00Z");
            t.putObject("inspection").put("interval_days", 180).put("last_inspected", "2025-08-20");
            t.putObject("inquiries").put("answer_within_days", 14).putArray("register").addObject()
                    .put("id", "q-1").put("received", "2026-03-01T00:00:00Z").put("summary", "who sees the gate?");
        });
        ComplianceReport r = ComplianceCheck.check(rules, SAKU, ADOPTED);
        assertEquals(List.of(
                "penalty_clause: no penalty clause for leaking images or personal information (S6)",
                "designations: no operation manager is designated (K3-1-1)",
                "cameras[0].signage: no signage record (that a camera is installed, and the installer's name) (K2-3)",
                "cameras[1].capture_area: no capture area is described (K2-2)",
                "inspection.last_inspected: inspection overdue since 2026-02-16 (K4-3-1)",
                "inquiries.register[0].answered: inquiry q-1 unanswered past its answer date 2026-03-15T00:00:00Z"
                        + " (K4-2)",
                "remote_viewing[0]: remote viewing enabled for 学校教育課 監視センター (school education division, central"
                        + " desk) (boe-center) (市の専用光回線(インターネットを経由しない) / the"
                        + " city's dedicated fibre line, not over the internet) (S5)"),
                r.findings().stream().map(Finding::toString).toList());
    }

    @Test
    @DisplayName("K3-1-2, K3-1-3: operators and permits come from an operation manager")
    void designationChain_K3_1_2_K3_1_3() {
        OperatingRules rules = RulesFixtures.rules(Samples.KUMAGAYA_CITY_HALL, t -> {
            ((com.fasterxml.jackson.databind.node.ObjectNode) t.get("designations").get(3))
                    .put("designated_by", "op-sato");
            ((com.fasterxml.jackson.databind.node.ObjectNode) t.get("permits").get(0)).put("issued_by", "op-tanaka");
        });
        ComplianceReport r = ComplianceCheck.check(rules, KUMAGAYA, ADOPTED);
        assertEquals(List.of("designations[3].designated_by: d-op-tanaka was made by 佐藤 (Sato), transferred"
                + " 2026-03-15 (op-sato), who is an operator, not an operation manager (K3-1-2)"),
                lines(r, ComplianceCode.DESIGNATION_CHAIN_BROKEN));
        assertEquals(List.of("permits[0].issued_by: p-fm-yamada was issued by 田中 (Tanaka) (op-tanaka), who is an"
                + " operator, not an operation manager (K3-1-3)"), lines(r, ComplianceCode.PERMIT_NOT_BY_MANAGER));
    }

    @Test
    @DisplayName("K5-2: rules checked against another profile version are flagged")
    void profileMismatch_K5_2() {
        ComplianceReport r = ComplianceCheck.check(Samples.rules(Samples.SAKU_SCHOOL), KUMAGAYA, ADOPTED);
        assertEquals(List.of("profile: the rules follow saku-2020@1.0.0 but were checked against"
                + " kumagaya-2019@1.0.0 (K5-2)"), lines(r, ComplianceCode.PROFILE_MISMATCH));
    }

    @Test
    @DisplayName("K1-2: a camera protecting one person's property, or aimed only at private ground, is outside the"
            + " guideline")
    void cameraOutsideGuideline_K1_2() {
        ComplianceReport r = ComplianceCheck.check(Samples.rules(Samples.KUMAGAYA_DRAFT), KUMAGAYA, ADOPTED);
        assertEquals(List.of("cameras[3].purposes: 市長公用車の車庫 (garage of the mayor's official car) (ch-mayor-car) is"
                + " declared to protect a specific person's property, so it is not a crime-prevention camera aimed at"
                + " a public place and the guideline does not apply to it; it must not be operated under these rules"
                + " (K1-2)"), lines(r, ComplianceCode.OUTSIDE_GUIDELINE));
        OperatingRules aimed = RulesFixtures.rules(Samples.KUMAGAYA_CITY_HALL, t -> ((com.fasterxml.jackson.databind
                .node.ObjectNode) RulesFixtures.camera(t, 2).get("capture_area")).put("private_ground_only", true));
        List<Finding> f = ComplianceCheck.check(aimed, KUMAGAYA, ADOPTED).withCode(ComplianceCode.OUTSIDE_GUIDELINE);
        assertEquals("cameras[2].capture_area", f.get(0).where().toString());
        assertEquals(Severity.ERROR, f.get(0).severity());
        assertEquals(List.of("K1-2"), f.get(0).requirements());
    }

    @Test
    @DisplayName("S5: a remote-viewing grant to someone with no viewing right at all is a finding")
    void remoteGrantWithoutViewingRight_S5() {
        ComplianceReport r = ComplianceCheck.check(Samples.rules(Samples.KUMAGAYA_DRAFT), KUMAGAYA, ADOPTED);
        assertEquals(List.of("remote_viewing[0].principal: 本町自治会 (Honcho residents' association) (residents-assoc)"
                + " holds no designation or permit to view at all, so this remote-viewing grant allows nothing"
                + " (K3-2-1)"), lines(r, ComplianceCode.REMOTE_VIEWING_WITHOUT_VIEWING_RIGHT));
        assertTrue(lines(ComplianceCheck.check(Samples.rules(Samples.SAKU_SCHOOL), SAKU, ADOPTED),
                ComplianceCode.REMOTE_VIEWING_WITHOUT_VIEWING_RIGHT).isEmpty());
    }

    @Test
    @DisplayName("K3-1-1, K3-1-2, K3-1-3, K5-1: the draft's broken links are each reported once, at their path")
    void draftChain_everyBrokenLinkReported() {
        ComplianceReport r = ComplianceCheck.check(Samples.rules(Samples.KUMAGAYA_DRAFT), KUMAGAYA, ADOPTED);
        assertEquals(List.of("designations[5]", "designations[6]"), r.withCode(ComplianceCode.DESIGNATION_CHAIN_BROKEN)
                .stream().map(f -> f.where().toString().replace(".designated_by", "")).toList());
        assertEquals(List.of("permits[0].issued_by", "permits[1].issued_by"),
                r.withCode(ComplianceCode.PERMIT_NOT_BY_MANAGER).stream().map(f -> f.where().toString()).toList());
        assertEquals(List.of("designations[7].contract_clause"),
                r.withCode(ComplianceCode.CONTRACT_CLAUSE_MISSING).stream().map(f -> f.where().toString()).toList());
    }

    @Test
    @DisplayName("K3-1-1: a self-designated manager is no operation manager, so the school has none")
    void selfDesignatedManager_K3_1_1_noManager() {
        OperatingRules rules = RulesFixtures.rules(Samples.SAKU_SCHOOL, t -> ((com.fasterxml.jackson.databind.node
                .ObjectNode) t.get("designations").get(0)).put("designated_by", "head-ito"));
        ComplianceReport r = ComplianceCheck.check(rules, SAKU, ADOPTED);
        assertEquals(List.of("designations"), r.withCode(ComplianceCode.NO_OPERATION_MANAGER).stream()
                .map(f -> f.where().toString()).toList());
        assertEquals(List.of("designations[0].designated_by: d-head-ito (校長 伊藤 (Principal Ito) (head-ito) as operation"
                + " manager) was made by 校長 伊藤 (Principal Ito) (head-ito) alone (a self-designation), not by the installer 佐久市教育委員会"
                + " (saku-boe) (K3-1-1)"), lines(r, ComplianceCode.DESIGNATION_CHAIN_BROKEN).subList(0, 1));
    }
}
