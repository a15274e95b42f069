package jp.mimamori.retention.policy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import jp.mimamori.core.finding.Finding;
import jp.mimamori.core.finding.Location;
import jp.mimamori.core.finding.RetentionCode;
import jp.mimamori.core.finding.Severity;
import jp.mimamori.core.text.LocalizedText;

/**
 * Every camera's retention period, within one profile's {@link RetentionBounds}, plus a grace window.
 *
 * <p>Construction rejects what can never be valid (a period above the ceiling — DESIGN.md's example message
 * {@code cameras[cam-3].period: 45 days exceeds the profile ceiling of 14 days (K3-2-2)}); {@link #check()}
 * reports what is allowed but needs attention (a period above the principle without its justification,
 * K3-2-2; a period below the floor, S2).
 *
 * <p>Immutable and thread-safe.
 *
 * @param bounds        the profile's limits
 * @param grace         added to every period before a segment is due (default {@link Duration#ZERO}): time
 *                      for the erasure run to get round to it
 * @param defaultPeriod the period of a camera the policy does not list (privacy first: the principle or the
 *                      ceiling, whichever is shorter, unless the application says otherwise)
 * @param cameras       per-camera periods by camera id
 */
public record RetentionSchedule(RetentionBounds bounds, Duration grace, Duration defaultPeriod,
                                Map<String, CameraRetention> cameras) {

    /** Validates every period against the ceiling and copies. */
    public RetentionSchedule {
        Objects.requireNonNull(bounds, "bounds");
        Objects.requireNonNull(grace, "grace");
        Objects.requireNonNull(defaultPeriod, "defaultPeriod");
        Objects.requireNonNull(cameras, "cameras");
        if (grace.isNegative()) {
            throw new IllegalArgumentException("grace: must not be negative");
        }
        if (defaultPeriod.isZero() || defaultPeriod.isNegative()) {
            throw new IllegalArgumentException("defaultPeriod: must be positive");
        }
        checkCeiling(bounds, "defaultPeriod", defaultPeriod);
        Map<String, CameraRetention> copy = new LinkedHashMap<>();
        for (Map.Entry<String, CameraRetention> e : cameras.entrySet()) {
            CameraRetention c = Objects.requireNonNull(e.getValue(), "cameras[" + e.getKey() + "]");
            if (!c.cameraId().equals(e.getKey())) {
                throw new IllegalArgumentException("cameras[" + e.getKey() + "].cameraId: differs from its key");
            }
            checkCeiling(bounds, "cameras[" + c.cameraId() + "].period", c.period());
            copy.put(e.getKey(), c);
        }
        cameras = Collections.unmodifiableMap(copy);
    }

    private static void checkCeiling(RetentionBounds b, String path, Duration d) {
        b.ceiling().filter(c -> d.compareTo(c) > 0).ifPresent(c -> {
            throw new IllegalArgumentException(path + ": " + days(d) + " exceeds the profile ceiling of "
                    + days(c) + " (" + b.ceilingRequirement() + ")");
        });
    }

    /** An ERROR finding on camera {@code c}'s period: "period of N days" followed by {@code ja}/{@code en}. */
    private static Finding finding(RetentionCode code, CameraRetention c, String requirement, String ja, String en) {
        return Finding.of(code, Severity.ERROR, Location.entry(c.cameraId()), requirement,
                LocalizedText.of("保存期間 " + daysJa(c.period()) + ja, "period of " + days(c.period()) + en));
    }

    /** {@link #days(Duration)} in Japanese: {@code 14日}. */
    private static String daysJa(Duration d) {
        return days(d).replace(" days", "日").replace(" day", "日");
    }

    static String days(Duration d) {
        if (d.toHours() % 24 == 0 && d.toSeconds() % 3600 == 0) {
            long n = d.toDays();
            return n + (n == 1 ? " day" : " days");
        }
        return d.toString();
    }

    /** A builder: no cameras, no grace, the shortest of principle and ceiling as default. */
    public static Builder builder(RetentionBounds bounds) {
        return new Builder(bounds);
    }

    /** The period of {@code cameraId} (its own or the default), without grace. */
    public Duration periodOf(String cameraId) {
        CameraRetention c = cameras.get(cameraId);
        return c == null ? defaultPeriod : c.period();
    }

    /** Period plus grace: how long after its end a segment of {@code cameraId} becomes due. */
    public Duration dueAfter(String cameraId) {
        return periodOf(cameraId).plus(grace);
    }

    /** The floor that applies to {@code cameraId} (the profile's). */
    public Duration floor() {
        return bounds.floor();
    }

    /** Findings that need attention: unjustified long periods (K3-2-2), periods below the floor (S2). */
    public List<Finding> check() {
        List<Finding> out = new ArrayList<>();
        for (CameraRetention c : cameras.values()) {
            bounds.principle().filter(p -> c.period().compareTo(p) > 0 && !c.justified()).ifPresent(p ->
                    out.add(finding(RetentionCode.RETENTION_UNJUSTIFIED, c, bounds.principleRequirement(),
                            " は原則(" + daysJa(p) + ")を超えていますが、理由が記録されていません",
                            " exceeds the principle of " + days(p) + " without a recorded justification")));
            if (c.period().compareTo(bounds.floor()) < 0) {
                out.add(finding(RetentionCode.RETENTION_BELOW_FLOOR, c, bounds.floorRequirement(),
                        " は下限(" + daysJa(bounds.floor()) + ")を下回り、捜査協力に支障が出るおそれがあります",
                        " is below the floor of " + days(bounds.floor()) + "; investigations may not be served"));
            }
        }
        return out;
    }

    /**
     * Builds a {@link RetentionSchedule}.
     *
     * <p>Not thread-safe: one thread builds, then shares the immutable {@link RetentionSchedule}.
     */
    public static final class Builder {
        private final RetentionBounds bounds;
        private Duration grace = Duration.ZERO;
        private Duration defaultPeriod;
        private final Map<String, CameraRetention> cameras = new LinkedHashMap<>();

        private Builder(RetentionBounds bounds) {
            this.bounds = Objects.requireNonNull(bounds, "bounds");
            // The shorter of principle and ceiling, at least the floor; 14 days when the bounds set neither.
            Optional<Duration> d = bounds.principle();
            if (bounds.ceiling().isPresent() && (d.isEmpty() || bounds.ceiling().get().compareTo(d.get()) < 0)) {
                d = bounds.ceiling();
            }
            this.defaultPeriod = d.map(p -> p.compareTo(bounds.floor()) < 0 ? bounds.floor() : p)
                    .orElse(Duration.ofDays(14));
        }

        /** The grace window added to every period. */
        public Builder grace(Duration g) {
            this.grace = g;
            return this;
        }

        /** The period of cameras not listed. */
        public Builder defaultPeriod(Duration d) {
            this.defaultPeriod = d;
            return this;
        }

        /** Adds or replaces one camera's period. */
        public Builder camera(CameraRetention c) {
            cameras.put(c.cameraId(), c);
            return this;
        }

        /** The validated policy. */
        public RetentionSchedule build() {
            return new RetentionSchedule(bounds, grace, defaultPeriod, cameras);
        }
    }
}
