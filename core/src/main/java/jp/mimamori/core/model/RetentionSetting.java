package jp.mimamori.core.model;

import java.util.Optional;

/**
 * A camera's retention period (K3-2-2, S1, S2). A period above the profile's principle needs a justification;
 * whether it is acceptable is the compliance check's call, not this record's.
 *
 * @param days          the period in days, 1 to 3660
 * @param justification why the period is longer than the principle, if it is
 */
public record RetentionSetting(int days, Optional<String> justification) {
    /** Validates the range; a blank justification counts as none. */
    public RetentionSetting {
        if (days < 1 || days > 3660) {
            throw new IllegalArgumentException("days: must be between 1 and 3660, was " + days);
        }
        justification = justification.filter(j -> !j.isBlank());
    }

    /** A period without justification. */
    public static RetentionSetting ofDays(int days) {
        return new RetentionSetting(days, Optional.empty());
    }
}
