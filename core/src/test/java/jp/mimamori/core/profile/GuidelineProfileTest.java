package jp.mimamori.core.profile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import jp.mimamori.core.error.InvalidDocumentException;
import jp.mimamori.core.finding.ComplianceCode;
import jp.mimamori.core.model.Purpose;
import jp.mimamori.core.model.SiteKind;
import jp.mimamori.core.rules.ComplianceCheck;
import jp.mimamori.testing.RulesFixtures;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Profiles are versioned data, not code (K5-2, S10). */
class GuidelineProfileTest {
    private static final GuidelineProfile KUMAGAYA = ProfileRegistry.builtIn().find("kumagaya-2019", "1.0.0")
            .orElseThrow();
    private static final GuidelineProfile SAKU = ProfileRegistry.builtIn().find("saku-2020", "1.0.0").orElseThrow();

    @Test
    @DisplayName("K3-2-2: Kumagaya retains 14 days in principle, longer with a justification")
    void kumagaya_ceiling14_extendable() {
        assertEquals(14, KUMAGAYA.retention().ceilingDays());
        assertTrue(KUMAGAYA.retention().extendableWithJustification());
        assertTrue(KUMAGAYA.retention().floorDays().isEmpty());
        assertEquals(List.of("K3-2-2"), KUMAGAYA.requirements(Topic.RETENTION_CEILING));
        assertEquals("第3-2(2) 画像の保存期間", KUMAGAYA.article("K3-2-2").orElseThrow().title().ja());
    }

    @Test
    @DisplayName("S1, S2, S4, S5: Saku keeps at most a month, has a floor, covers public facilities, no remote view")
    void saku_ceilingFloorCoverageRemote() {
        assertEquals(31, SAKU.retention().ceilingDays());
        assertFalse(SAKU.retention().extendableWithJustification());
        assertEquals(7, SAKU.retention().floorDays().getAsInt());
        assertEquals(Set.of(SiteKind.PUBLIC_FACILITY, SiteKind.SCHOOL), SAKU.coveredSiteKinds());
        assertFalse(SAKU.remoteViewingByDefault());
        assertEquals(List.of("S5"), SAKU.requirements(Topic.REMOTE_VIEWING));
        assertEquals("1.0.0", SAKU.history().get(SAKU.history().size() - 1).version());
    }

    @Test
    @DisplayName("K3-4 (1)/(2): Kumagaya allows law and written investigative requests only")
    void kumagaya_disclosureGrounds() {
        assertEquals(Set.of(DisclosureGround.LEGAL_OBLIGATION, DisclosureGround.INVESTIGATIVE_WRITTEN_REQUEST),
                KUMAGAYA.disclosureGrounds());
    }

    @Test
    @DisplayName("S8: purpose fit is the profile's data")
    void purposeFit_followsTheProfile() {
        Set<Purpose> crimePrevention = Set.of(Purpose.CRIME_PREVENTION);
        assertTrue(SAKU.fits(Purpose.CRIMINAL_INVESTIGATION, crimePrevention));
        assertFalse(SAKU.fits(Purpose.ACCIDENT_INVESTIGATION, crimePrevention));
        assertTrue(KUMAGAYA.fits(Purpose.ACCIDENT_INVESTIGATION, crimePrevention));
        assertTrue(KUMAGAYA.fits(Purpose.CRIME_PREVENTION, crimePrevention));
        assertFalse(KUMAGAYA.fits(Purpose.FACILITY_MANAGEMENT, crimePrevention));
    }

    @Test
    @DisplayName("K5-2: a third party adds a city's profile as JSON, without Java code")
    void thirdPartyProfile_fromClasspath_checksRules() throws Exception {
        GuidelineProfile hanamizuki = GuidelineProfile.fromClasspath(getClass().getClassLoader(),
                "jp/mimamori/core/profile/hanamizuki-2025.json");
        ProfileRegistry registry = ProfileRegistry.builtIn().with(hanamizuki);
        assertEquals(3, registry.all().size());
        assertEquals(10, hanamizuki.retention().ceilingDays());
        assertEquals(List.of("H7"), hanamizuki.requirements(Topic.RETENTION_CEILING));
        // The Kumagaya sample moved under the fictional city's profile: 14 days is now above its ceiling.
        var rules = RulesFixtures.rules("kumagaya-city-hall.json", t -> {
            t.putObject("profile").put("id", "hanamizuki-2025").put("version", "2.1.0");
        });
        var report = ComplianceCheck.check(rules, hanamizuki, java.time.Instant.parse("2026-04-01T09:00:00Z"));
        var above = report.withCode(ComplianceCode.RETENTION_ABOVE_CEILING);
        assertEquals("cameras[0].retention.days: 14 exceeds the profile ceiling of 10 days (H7)",
                above.get(0).toString());
        assertTrue(report.withCode(ComplianceCode.PROFILE_MISMATCH).isEmpty());
    }

    @Test
    void profileCitingUnknownArticle_isRejectedWithPath() {
        String json = new String(Samples.profileBytes("hanamizuki-2025.json"), StandardCharsets.UTF_8)
                .replace("\"RETENTION_CEILING\": [\"H7\"]", "\"RETENTION_CEILING\": [\"H99\"]");
        InvalidDocumentException e = assertThrows(InvalidDocumentException.class,
                () -> GuidelineProfile.parse(json.getBytes(StandardCharsets.UTF_8)));
        assertEquals("$: inconsistent profile: topics.RETENTION_CEILING: cites H99, which is not among the"
                + " profile's articles (K5-2)", e.problems().get(0).toString());
    }

    /** Hostile profile documents: nothing but the typed error escapes (K5-2). */
    @com.code_intelligence.jazzer.junit.FuzzTest(maxDuration = "10s")
    void parse_onlyTypedError(com.code_intelligence.jazzer.api.FuzzedDataProvider data) {
        try {
            GuidelineProfile.parse(data.consumeRemainingAsBytes());
        } catch (InvalidDocumentException expected) {
            if (expected.problems().isEmpty()) {
                throw new AssertionError("typed error without problems");
            }
        }
    }

    /** Test-resource access. */
    static final class Samples {
        static byte[] profileBytes(String name) {
            try (var in = GuidelineProfileTest.class.getResourceAsStream(name)) {
                return in.readAllBytes();
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
    }

    @Test
    @DisplayName("K5-2: a copy of a built-in profile with different content cannot take its id and version")
    void builtInCopyWithDifferentContent_K5_2_refused() throws Exception {
        byte[] copy = new String(ProfileRegistry.class.getResourceAsStream("kumagaya-2019.json").readAllBytes(),
                StandardCharsets.UTF_8).replace("\"ceiling_days\": 14", "\"ceiling_days\": 365")
                .getBytes(StandardCharsets.UTF_8);
        GuidelineProfile p = GuidelineProfile.parse(copy);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ProfileRegistry.builtIn().with(p));
        assertEquals("profile: kumagaya-2019@1.0.0 is already known as a built-in profile with different content"
                + " (retention ceiling 14 days, this file says 365); a changed profile needs its own id or version"
                + " (K5-2)", e.getMessage());
        // The same content is simply the same profile.
        GuidelineProfile same = GuidelineProfile.parse(ProfileRegistry.class.getResourceAsStream("kumagaya-2019.json")
                .readAllBytes());
        assertEquals(ProfileRegistry.builtIn().all().size(), ProfileRegistry.builtIn().with(same).all().size());
    }

    @Test
    @DisplayName("K5-2: both built-in profiles give times in Asia/Tokyo; others default to UTC")
    void timeZones() {
        assertEquals(java.time.ZoneId.of("Asia/Tokyo"), ProfileRegistry.builtIn().find("kumagaya-2019", "1.0.0")
                .orElseThrow().timeZone());
        assertEquals(java.time.ZoneId.of("Asia/Tokyo"), ProfileRegistry.builtIn().find("saku-2020", "1.0.0")
                .orElseThrow().timeZone());
    }
}
