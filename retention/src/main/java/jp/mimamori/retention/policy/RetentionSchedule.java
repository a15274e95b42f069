package jp.mimamori.retention.policy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
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
        if (b.ceiling() != null && d.compareTo(b.ceiling()) > 0) {
            throw new IllegalArgumentException(path + ": " + days(d) + " exceeds the profile ceiling of "
                    + days(b.ceiling()) + " (" + b.ceilingRequirement() + ")");
        }
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
            if (bounds.principle() != null && c.period().compareTo(bounds.principle()) > 0 && !c.justified()) {
                out.add(Finding.of(RetentionCode.RETENTION_UNJUSTIFIED,
                        Severity.ERROR, Location.entry(c.cameraId()), bounds.principleRequirement(),
                        LocalizedText.of(
                                "保存期間 " + days(c.period()).replace(" days", "日").replace(" day", "日")
                                        + " は原則(" + days(bounds.principle()).replace(" days", "日")
                                        + ")を超えていますが、理由が記録されていません",
                                "period of " + days(c.period()) + " exceeds the principle of "
                                        + days(bounds.principle()) + " without a recorded justification")));
            }
            if (c.period().compareTo(bounds.floor()) < 0) {
                out.add(Finding.of(RetentionCode.RETENTION_BELOW_FLOOR,
                        Severity.ERROR, Location.entry(c.cameraId()), bounds.floorRequirement(),
                        LocalizedText.of(
                                "保存期間 " + days(c.period()).replace(" days", "日").replace(" day", "日")
                                        + " は下限(" + days(bounds.floor()).replace(" days", "日")
                                        + ")を下回り、捜査協力に支障が出るおそれがあります",
                                "period of " + days(c.period()) + " is below the floor of "
                                        + days(bounds.floor()) + "; investigations may not be served")));
            }
        }
        return out;
    }

    /** Builds a {@link RetentionSchedule}. */
    public static final class Builder {
        private final RetentionBounds bounds;
        private Duration grace = Duration.ZERO;
        private Duration defaultPeriod;
        private final Map<String, CameraRetention> cameras = new LinkedHashMap<>();

        private Builder(RetentionBounds bounds) {
            this.bounds = Objects.requireNonNull(bounds, "bounds");
            Duration d = bounds.principle();
            if (bounds.ceiling() != null && (d == null || bounds.ceiling().compareTo(d) < 0)) {
                d = bounds.ceiling();
            }
            if (d != null && d.compareTo(bounds.floor()) < 0) {
                d = bounds.floor();
            }
            this.defaultPeriod = d == null ? Duration.ofDays(14) : d;
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
