package jp.mimamori.retention.testing;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import jp.mimamori.core.segment.SegmentRef;

/** Segment references for tests: one-hour segments with a hash derived from camera and sequence. */
public final class Segs {
    private Segs() {}

    /** Test epoch: 2026-04-01T00:00Z. */
    public static final Instant T0 = Instant.parse("2026-04-01T00:00:00Z");

    /** Segment {@code seq} of {@code camera} spanning hour {@code hour} after {@link #T0}. */
    public static SegmentRef hourly(String camera, long seq, long hour, long size) {
        Instant s = T0.plus(Duration.ofHours(hour));
        return new SegmentRef(camera, seq, s, s.plus(Duration.ofHours(1)), size, hash(camera + "/" + seq));
    }

    /** A lowercase hex SHA-256 of {@code s}. */
    public static String hash(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
