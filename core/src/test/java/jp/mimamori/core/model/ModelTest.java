package jp.mimamori.core.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The vocabulary's records refuse what the guideline forbids, naming the field. */
class ModelTest {
    static final Instant T = Instant.parse("2026-04-01T00:00:00Z");

    static String message(Runnable r) {
        return assertThrows(IllegalArgumentException.class, r::run).getMessage();
    }

    @Test
    @DisplayName("K5-1: a contractor without a contract clause is representable (a blank one counts as none)")
    void contractorWithoutClause_K5_1() {
        Designation d = new Designation("d", "p", Role.CONTRACTOR, "m", Scope.EVERYWHERE, T, Optional.empty(),
                Optional.of(" "));
        assertTrue(d.contractorWithoutClause());
        assertFalse(new Designation("d", "p", Role.CONTRACTOR, "m", Scope.EVERYWHERE, T, Optional.empty(),
                Optional.of("art. 12")).contractorWithoutClause());
    }

    @Test
    @DisplayName("K3-3: a designation is in force from its start until its revocation, exclusive")
    void designationWindow_K3_3() {
        Designation d = new Designation("d", "p", Role.OPERATOR, "m", Scope.EVERYWHERE, T,
                Optional.of(T.plusSeconds(10)), Optional.empty());
        assertFalse(d.activeAt(T.minusMillis(1)));
        assertTrue(d.activeAt(T));
        assertTrue(d.activeAt(T.plusSeconds(9)));
        assertFalse(d.activeAt(T.plusSeconds(10)));
        assertEquals("revokedAt: before from", message(() -> new Designation("d", "p", Role.OPERATOR, "m",
                Scope.EVERYWHERE, T, Optional.of(T.minusSeconds(1)), Optional.empty())));
    }

    @Test
    @DisplayName("K3-1-3: a permit is time-bounded and in force only in [from, until) before revocation")
    void permitWindow_K3_1_3() {
        assertEquals("until: must be after from (K3-1-3: permits are time-bounded)", message(() ->
                new AccessPermit("g", "p", "m", Set.of(Action.VIEW_LIVE), Set.of(Purpose.CRIME_PREVENTION),
                        Scope.EVERYWHERE, T, T, Optional.empty(), List.of())));
        AccessPermit p = new AccessPermit("g", "p", "m", Set.of(Action.VIEW_LIVE), Set.of(Purpose.CRIME_PREVENTION),
                Scope.EVERYWHERE, T, T.plusSeconds(100), Optional.of(T.plusSeconds(50)), List.of());
        assertFalse(p.activeAt(T.minusMillis(1)));
        assertTrue(p.activeAt(T));
        assertTrue(p.activeAt(T.plusSeconds(49)));
        assertFalse(p.activeAt(T.plusSeconds(50)));
        assertEquals("actions: a permit allows at least one action", message(() -> new AccessPermit("g", "p", "m",
                Set.of(), Set.of(Purpose.CRIME_PREVENTION), Scope.EVERYWHERE, T, T.plusSeconds(1), Optional.empty(),
                List.of())));
        assertEquals("purposes: a permit names at least one purpose (K2-1)", message(() -> new AccessPermit("g", "p",
                "m", Set.of(Action.VIEW_LIVE), Set.of(), Scope.EVERYWHERE, T, T.plusSeconds(1), Optional.empty(),
                List.of())));
    }

    @Test
    @DisplayName("K2-1, K3-2-2: a camera declares a purpose; retention is 1 to 3660 days")
    void cameraAndRetention() {
        assertEquals("purposes: a camera declares at least one purpose (K2-1)", message(() -> new Camera("c", "s",
                "n", Set.of(), Optional.empty(), Optional.empty(), RetentionSetting.ofDays(14))));
        assertEquals("days: must be between 1 and 3660, was 0", message(() -> RetentionSetting.ofDays(0)));
        assertEquals(3660, RetentionSetting.ofDays(3660).days());
        assertEquals(Optional.empty(), new RetentionSetting(20, Optional.of("  ")).justification());
    }

    @Test
    @DisplayName("S5: remote viewing names its sites; scopes cover their sites and cameras")
    void remoteViewingAndScope_S5() {
        assertEquals("scope: remote viewing must name its sites or cameras (S5)", message(() ->
                new RemoteViewingGrant("p", Scope.EVERYWHERE, "fibre")));
        Scope s = new Scope(Set.of("site-a"), Set.of("cam-9"));
        assertTrue(s.covers("site-a", "cam-1"));
        assertTrue(s.covers("site-b", "cam-9"));
        assertFalse(s.covers("site-b", "cam-1"));
        assertTrue(Scope.EVERYWHERE.covers("x", "y"));
        assertFalse(s.everywhere());
    }

    @Test
    @DisplayName("K4-2, K4-3-1: inquiries are answered after receipt; inspections fall due")
    void inquiryAndInspection() {
        assertEquals("answered: before received", message(() -> new Inquiry("q", T, Optional.of(T.minusSeconds(1)),
                "s")));
        assertEquals(Optional.of(LocalDate.parse("2026-04-11")),
                new InspectionSchedule(10, Optional.of(LocalDate.parse("2026-04-01"))).nextDue());
        assertEquals("intervalDays: must be between 1 and 3660, was 0", message(() ->
                new InspectionSchedule(0, Optional.empty())));
    }

    @Test
    void ids_areRestricted() {
        assertEquals("id: \"a b\" is not an id (letters, digits, '.', '_', '-', at most 64)", message(() ->
                new Principal("a b", "n", "o")));
        assertEquals("name: must not be blank", message(() -> new Site("s", " ", SiteKind.SCHOOL)));
        assertEquals(Role.INSTALLER, Role.OPERATION_MANAGER.designatedBy());
        assertEquals(Role.OPERATION_MANAGER, Role.CONTRACTOR.designatedBy());
        assertFalse(Role.CONTRACTOR.actions().contains(Action.EXPORT));
        assertTrue(Role.INSTALLER.actions().isEmpty());
    }
}
