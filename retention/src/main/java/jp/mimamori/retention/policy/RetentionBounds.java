package jp.mimamori.retention.policy;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import jp.mimamori.core.profile.GuidelineProfile;
import jp.mimamori.core.profile.Topic;

/**
 * A guideline profile's limits on retention periods, as the application reads them from the profile.
 *
 * <p>Immutable and thread-safe.
 *
 * @param profileId            the profile's id, such as {@code "kumagaya-2019"} (for messages)
 * @param principle            the period in principle; longer needs a recorded justification (Kumagaya: 14
 *                             days, K3-2-2); empty when the profile has none
 * @param ceiling              the hard maximum (Saku: 1 month = 31 days, S1); empty when none
 * @param floor                the minimum so investigations can still be served (S2); {@link Duration#ZERO}
 *                             when none
 * @param principleRequirement requirement ID cited for the principle, such as {@code "K3-2-2"}
 * @param ceilingRequirement   requirement ID cited for the ceiling, such as {@code "S1"}
 * @param floorRequirement     requirement ID cited for the floor, such as {@code "S2"}
 */
public record RetentionBounds(String profileId, Optional<Duration> principle, Optional<Duration> ceiling,
                              Duration floor, String principleRequirement, String ceilingRequirement, String floorRequirement) {

    /** Validates: positive limits, floor ≤ principle ≤ ceiling where present. */
    public RetentionBounds {
        Objects.requireNonNull(profileId, "profileId");
        Objects.requireNonNull(principle, "principle");
        Objects.requireNonNull(ceiling, "ceiling");
        Objects.requireNonNull(floor, "floor");
        Objects.requireNonNull(principleRequirement, "principleRequirement");
        Objects.requireNonNull(ceilingRequirement, "ceilingRequirement");
        Objects.requireNonNull(floorRequirement, "floorRequirement");
        if (floor.isNegative()) {
            throw new IllegalArgumentException("bounds.floor: must not be negative");
        }
        if (principle.filter(p -> p.isZero() || p.isNegative()).isPresent()) {
            throw new IllegalArgumentException("bounds.principle: must be positive");
        }
        if (ceiling.filter(c -> c.isZero() || c.isNegative()).isPresent()) {
            throw new IllegalArgumentException("bounds.ceiling: must be positive");
        }
        if (principle.isPresent() && ceiling.isPresent() && principle.get().compareTo(ceiling.get()) > 0) {
            throw new IllegalArgumentException("bounds.principle: above the ceiling");
        }
        if (ceiling.filter(c -> floor.compareTo(c) > 0).isPresent()) {
            throw new IllegalArgumentException("bounds.floor: above the ceiling");
        }
    }

    /** Bounds citing K3-2-2 for the principle, S1 for the ceiling and S2 for the floor. */
    public static RetentionBounds of(String profileId, Optional<Duration> principle, Optional<Duration> ceiling,
                                     Duration floor) {
        return new RetentionBounds(profileId, principle, ceiling, floor, "K3-2-2", "S1", "S2");
    }

    /**
     * The bounds {@code profile} sets, citing the profile's own articles: a ceiling that a stated reason may
     * extend ({@code extendable_with_justification}, Kumagaya 2019) is the principle, otherwise it is a hard
     * ceiling (Saku 2020); the floor is the profile's, or none.
     *
     * <pre>{@code
     * GuidelineProfile saku = ProfileRegistry.builtIn().find("saku-2020", "1.0.0").orElseThrow();
     * RetentionBounds b = RetentionBounds.of(saku);   // ceiling 31 days (S1), floor 7 days (S2)
     * }</pre>
     */
    public static RetentionBounds of(GuidelineProfile profile) {
        jp.mimamori.core.profile.RetentionPolicy r = profile.retention();
        Duration days = Duration.ofDays(r.ceilingDays());
        String ceilingReq = profile.requirements(Topic.RETENTION_CEILING).stream().findFirst()
                .orElse(profile.ref());
        String floorReq = profile.requirements(Topic.RETENTION_FLOOR).stream().findFirst().orElse(ceilingReq);
        Duration floor = r.floorDays().isPresent() ? Duration.ofDays(r.floorDays().getAsInt()) : Duration.ZERO;
        return r.extendableWithJustification()
                ? new RetentionBounds(profile.id(), Optional.of(days), Optional.empty(), floor, ceilingReq, ceilingReq,
                        floorReq)
                : new RetentionBounds(profile.id(), Optional.empty(), Optional.of(days), floor, ceilingReq, ceilingReq,
                        floorReq);
    }

    /** The same bounds with another floor (the operating rules may fix one the profile leaves open). */
    public RetentionBounds withFloor(Duration floor) {
        return new RetentionBounds(profileId, principle, ceiling, floor, principleRequirement, ceilingRequirement,
                floorRequirement);
    }
}
