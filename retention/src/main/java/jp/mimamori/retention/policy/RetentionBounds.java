package jp.mimamori.retention.policy;

import java.time.Duration;
import java.util.Objects;

/**
 * A guideline profile's limits on retention periods, as the application reads them from the profile.
 *
 * @param profileId            the profile's id, such as {@code "kumagaya-2019"} (for messages)
 * @param principle            the period in principle; longer needs a recorded justification (Kumagaya: 14
 *                             days, K3-2-2); {@code null} when the profile has none
 * @param ceiling              the hard maximum (Saku: 1 month = 31 days, S1); {@code null} when none
 * @param floor                the minimum so investigations can still be served (S2); {@link Duration#ZERO}
 *                             when none
 * @param principleRequirement requirement ID cited for the principle, such as {@code "K3-2-2"}
 * @param ceilingRequirement   requirement ID cited for the ceiling, such as {@code "S1"}
 * @param floorRequirement     requirement ID cited for the floor, such as {@code "S2"}
 */
public record RetentionBounds(String profileId, Duration principle, Duration ceiling, Duration floor,
                              String principleRequirement, String ceilingRequirement, String floorRequirement) {

    /** Validates: positive limits, floor ≤ principle ≤ ceiling where present. */
    public RetentionBounds {
        Objects.requireNonNull(profileId, "profileId");
        Objects.requireNonNull(floor, "floor");
        Objects.requireNonNull(principleRequirement, "principleRequirement");
        Objects.requireNonNull(ceilingRequirement, "ceilingRequirement");
        Objects.requireNonNull(floorRequirement, "floorRequirement");
        if (floor.isNegative()) {
            throw new IllegalArgumentException("bounds.floor: must not be negative");
        }
        if (principle != null && (principle.isZero() || principle.isNegative())) {
            throw new IllegalArgumentException("bounds.principle: must be positive");
        }
        if (ceiling != null && (ceiling.isZero() || ceiling.isNegative())) {
            throw new IllegalArgumentException("bounds.ceiling: must be positive");
        }
        if (principle != null && ceiling != null && principle.compareTo(ceiling) > 0) {
            throw new IllegalArgumentException("bounds.principle: above the ceiling");
        }
        if (ceiling != null && floor.compareTo(ceiling) > 0) {
            throw new IllegalArgumentException("bounds.floor: above the ceiling");
        }
    }

    /** Bounds citing K3-2-2 for the principle, S1 for the ceiling and S2 for the floor. */
    public static RetentionBounds of(String profileId, Duration principle, Duration ceiling, Duration floor) {
        return new RetentionBounds(profileId, principle, ceiling, floor, "K3-2-2", "S1", "S2");
    }

    /** Kumagaya 2019: 14 days in principle, longer only with a stated reason (K3-2-2); no floor. */
    public static RetentionBounds kumagaya2019() {
        return new RetentionBounds("kumagaya-2019", Duration.ofDays(14), null, Duration.ZERO,
                "K3-2-2", "K3-2-2", "S2");
    }

    /**
     * Saku 2020: at most one month (31 days, S1) and at least {@code floor} so police cooperation is not
     * defeated (S2). The minutes fix no floor number; the operating rules do.
     */
    public static RetentionBounds saku2020(Duration floor) {
        return new RetentionBounds("saku-2020", null, Duration.ofDays(31), floor, "S1", "S1", "S2");
    }
}
