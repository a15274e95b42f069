package jp.mimamori.core.finding;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Where a finding is: any of an entry (a field path in a rules document, a file or archive entry name, a camera
 * id), a segment sequence number and a unit or record index. Absent parts are empty, never {@code null}.
 * Immutable and thread-safe.
 *
 * <pre>{@code
 * Location at = Location.entry("cam-01").withSegment(7).withIndex(42);
 * at.toString(); // "cam-01 segment 7 index 42"
 * }</pre>
 *
 * @param entry   field path, file, archive entry or camera id
 * @param segment segment sequence number
 * @param index   unit index within the segment, or record index within a log
 */
public record Location(Optional<String> entry, OptionalLong segment, OptionalLong index) {
    /** Nowhere in particular (the whole input). */
    public static final Location NONE = new Location(Optional.empty(), OptionalLong.empty(), OptionalLong.empty());

    /** Validates that no part is {@code null}. */
    public Location {
        Objects.requireNonNull(entry, "entry");
        Objects.requireNonNull(segment, "segment");
        Objects.requireNonNull(index, "index");
    }

    /** A location by entry name (or field path) only. */
    public static Location entry(String entry) {
        return new Location(Optional.of(entry), OptionalLong.empty(), OptionalLong.empty());
    }

    /** This location with segment sequence number {@code segment}. */
    public Location withSegment(long segment) {
        return new Location(entry, OptionalLong.of(segment), index);
    }

    /** This location with unit or record index {@code index}. */
    public Location withIndex(long index) {
        return new Location(entry, segment, OptionalLong.of(index));
    }

    /** The parts present as an ordered map ({@code entry}, {@code segment}, {@code index}), for JSON. */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        entry.ifPresent(e -> m.put("entry", e));
        segment.ifPresent(s -> m.put("segment", s));
        index.ifPresent(i -> m.put("index", i));
        return m;
    }

    /** The parts present, such as {@code cam-01 segment 7 index 42}; {@code -} for {@link #NONE}. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        entry.ifPresent(sb::append);
        if (segment.isPresent()) {
            sb.append(sb.length() > 0 ? " " : "").append("segment ").append(segment.getAsLong());
        }
        if (index.isPresent()) {
            sb.append(sb.length() > 0 ? " " : "").append("index ").append(index.getAsLong());
        }
        return sb.length() == 0 ? "-" : sb.toString();
    }
}
