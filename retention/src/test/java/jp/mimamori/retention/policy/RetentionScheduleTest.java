package jp.mimamori.retention.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import jp.mimamori.core.finding.Finding;
import jp.mimamori.core.finding.RetentionCode;
import jp.mimamori.testing.Profiles;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class RetentionScheduleTest {

    @Test
    @DisplayName("S1: a Saku period above one month is rejected naming the field, the ceiling and S1")
    void sakuPeriodAboveCeiling_isRejectedWithFieldPath() {
        RetentionSchedule.Builder b = RetentionSchedule.builder(RetentionBounds.of(Profiles.SAKU).withFloor(Duration.ofDays(7)))
                .camera(CameraRetention.of("saku-school-1", Duration.ofDays(45)));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, b::build);
        assertEquals("cameras[saku-school-1].period: 45 days exceeds the profile ceiling of 31 days (S1)",
                e.getMessage());
    }

    @Test
    @DisplayName("K3-2-2: a Kumagaya period above 14 days without justification is a finding; with one it is not")
    void kumagayaLongPeriod_needsJustification() {
        RetentionSchedule p = RetentionSchedule.builder(RetentionBounds.of(Profiles.KUMAGAYA))
                .camera(CameraRetention.of("kmg-1", Duration.ofDays(21)))
                .camera(new CameraRetention("kmg-2", Duration.ofDays(21), Optional.of("festival crowd incidents, council 2026-3")))
                .camera(CameraRetention.of("kmg-3", Duration.ofDays(14)))
                .build();
        List<Finding> f = p.check();
        assertEquals(1, f.size());
        assertEquals(RetentionCode.RETENTION_UNJUSTIFIED, f.get(0).code());
        assertEquals("K3-2-2", f.get(0).requirement());
        assertEquals("kmg-1", f.get(0).where().toString());
        assertEquals("period of 21 days exceeds the principle of 14 days without a recorded justification",
                f.get(0).message().en());
    }

    @Test
    @DisplayName("S2: a period below the floor is a finding citing S2")
    void periodBelowFloor_isFindingS2() {
        RetentionSchedule p = RetentionSchedule.builder(RetentionBounds.of(Profiles.SAKU).withFloor(Duration.ofDays(7)))
                .camera(CameraRetention.of("saku-1", Duration.ofDays(1))).build();
        Finding f = p.check().get(0);
        assertEquals(RetentionCode.RETENTION_BELOW_FLOOR, f.code());
        assertEquals("S2", f.requirement());
        assertTrue(f.message().ja().contains("下限"));
    }

    @Test
    void defaultPeriod_isThePrincipleAndGraceAddsToEveryCamera() {
        RetentionSchedule p = RetentionSchedule.builder(RetentionBounds.of(Profiles.KUMAGAYA)).grace(Duration.ofHours(6))
                .build();
        assertEquals(Duration.ofDays(14), p.periodOf("unlisted"));
        assertEquals(Duration.ofDays(14).plusHours(6), p.dueAfter("unlisted"));
    }
}
