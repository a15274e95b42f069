package jp.mimamori.core.profile;

import java.util.OptionalInt;

/**
 * A profile's retention rule: the ceiling (K3-2-2: 14 days in principle; S1: at most one month), whether a
 * justified longer period is acceptable, and an optional floor (S2).
 *
 * <p>Immutable and thread-safe.
 *
 * @param ceilingDays                  the ceiling in days
 * @param extendableWithJustification whether rules may exceed the ceiling with a stated reason (Kumagaya: yes)
 * @param floorDays                    the floor in days, if the profile sets one
 */
public record RetentionPolicy(int ceilingDays, boolean extendableWithJustification, OptionalInt floorDays) {
    /** Validates 1 ≤ floor ≤ ceiling. */
    public RetentionPolicy {
        if (ceilingDays < 1) {
            throw new IllegalArgumentException("ceilingDays: must be >= 1");
        }
        if (floorDays.isPresent() && (floorDays.getAsInt() < 1 || floorDays.getAsInt() > ceilingDays)) {
            throw new IllegalArgumentException("floorDays: must be between 1 and the ceiling");
        }
    }
}
