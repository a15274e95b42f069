package jp.mimamori.core.model;

import java.util.Optional;

/**
 * A camera's retention period (K3-2-2, S1, S2). A period above the profile's principle needs a justification;
 * whether it is acceptable is the compliance check's call, not this record's. Rules that leave the period out get
 * {@link #profileShortest()}: the shortest period the profile allows (its floor, else one day), never its ceiling
 * (K1-1: privacy first); {@code GuidelineProfile.retentionDays(setting)} gives the days in force.
 *
 * <pre>{@code
 * RetentionSetting.ofDays(14);
 * RetentionSetting.profileShortest();   // days() == 0; the profile says how many
 * }</pre>
 *
 * <p>Immutable and thread-safe.
 *
 * @param days          the period in days, 1 to 3660; 0 only for {@link #profileShortest()}
 * @param justification why the period is longer than the principle, if it is
 */
public record RetentionSetting(int days, Optional<String> justification) {
    private static final RetentionSetting SHORTEST = new RetentionSetting(0, Optional.empty());

    /** Validates the range (0 being the profile's shortest, without a justification); a blank one counts as none. */
    public RetentionSetting {
        justification = justification.filter(j -> !j.isBlank());
        if (days < 0 || days > 3660 || (days == 0 && justification.isPresent())) {
            throw new IllegalArgumentException("days: must be between 1 and 3660, was " + days);
        }
    }

    /** No period set in the rules: the shortest period the profile allows (K1-1). */
    public static RetentionSetting profileShortest() {
        return SHORTEST;
    }

    /** Whether the rules leave the period to the profile's shortest. */
    public boolean isProfileShortest() {
        return days == 0;
    }

    /** A period of 1 to 3660 days without justification. */
    public static RetentionSetting ofDays(int days) {
        if (days < 1) {
            throw new IllegalArgumentException("days: must be between 1 and 3660, was " + days);
        }
        return new RetentionSetting(days, Optional.empty());
    }
}
