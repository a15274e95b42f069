package jp.mimamori.core.finding;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import jp.mimamori.core.text.LocalizedText;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The one finding model shared by compliance, verification and retention. */
class FindingTest {
    private static final LocalizedText TEXT = LocalizedText.of("45日は上限の14日を超えます",
            "45 exceeds the profile ceiling of 14 days");

    @Test
    @DisplayName("the one-line form is where: message (requirements), in either language (DESIGN: errors)")
    void render_namesPathMessageAndRequirements() {
        Finding f = new Finding(ComplianceCode.RETENTION_ABOVE_CEILING, Severity.ERROR,
                Location.entry("cameras[3].retention.days"), List.of("K3-2-2", "S1"), TEXT);
        assertEquals("cameras[3].retention.days: 45 exceeds the profile ceiling of 14 days (K3-2-2, S1)",
                f.render(Locale.ENGLISH));
        assertEquals("cameras[3].retention.days: 45日は上限の14日を超えます (K3-2-2, S1)", f.render(Locale.JAPANESE));
        assertEquals(f.render(Locale.ENGLISH), f.toString());
    }

    @Test
    void verificationFinding_takesTheCodesDefaultSeverityAndRequirement() {
        Finding f = Finding.of(VerificationCode.SEGMENT_ERASED, Location.entry("cam-01").withSegment(3), TEXT);
        assertEquals(Severity.INFO, f.severity());
        assertEquals("K3-2-3", f.requirement());
        assertEquals(List.of("K3-2-3"), f.requirements());
        assertEquals(Severity.ERROR, VerificationCode.INTERNAL.defaultSeverity());
    }

    @Test
    void findingWithoutRequirement_isRejected() {
        assertThrows(IllegalArgumentException.class, () -> new Finding(RetentionCode.ORPHAN_FILE, Severity.ERROR,
                Location.NONE, List.of(), TEXT));
        assertThrows(IllegalArgumentException.class, () -> Finding.of(RetentionCode.ORPHAN_FILE, Severity.ERROR,
                Location.NONE, " ", TEXT));
    }

    @Test
    void requirementList_isCopied() {
        List<String> reqs = new ArrayList<>(List.of("K2-3"));
        Finding f = new Finding(ComplianceCode.SIGNAGE_MISSING, Severity.ERROR, Location.entry("cameras[0]"), reqs,
                TEXT);
        reqs.add("S4");
        assertEquals(List.of("K2-3"), f.requirements());
    }

    @Test
    void location_printsThePartsPresent() {
        assertEquals("-", Location.NONE.toString());
        assertEquals("records index 5", Location.entry("records").withIndex(5).toString());
        assertEquals("cam-01 segment 7 index 42", Location.entry("cam-01").withSegment(7).withIndex(42).toString());
        assertEquals("{entry=cam-01, segment=7}", Location.entry("cam-01").withSegment(7).toMap().toString());
        assertTrue(Location.NONE.entry().isEmpty());
    }

    @Test
    @DisplayName("code names never repeat across domains, so a code name alone identifies it in reports")
    void codeNames_areDistinctAcrossDomains_exceptTheSharedFloorCode() {
        Set<String> seen = new HashSet<>();
        List<String> repeated = new ArrayList<>();
        for (FindingCode c : all()) {
            if (!seen.add(c.name())) {
                repeated.add(c.name());
            }
        }
        // RETENTION_BELOW_FLOOR means the same thing (S2) in the rules check and the retention check.
        assertEquals(List.of("RETENTION_BELOW_FLOOR"), repeated);
    }

    private static List<FindingCode> all() {
        List<FindingCode> out = new ArrayList<>();
        out.addAll(Arrays.asList(ComplianceCode.values()));
        out.addAll(Arrays.asList(VerificationCode.values()));
        out.addAll(Arrays.asList(RetentionCode.values()));
        return out;
    }
}
