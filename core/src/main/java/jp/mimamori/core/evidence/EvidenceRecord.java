package jp.mimamori.core.evidence;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import jp.mimamori.core.internal.json.CanonicalJson;

/**
 * One accountability event: a type from {@link EvidenceTypes} (or a caller's own dotted name), the time it
 * happened, and a body of JSON-compatible values.
 *
 * <p>The body is restricted so that every implementation can encode it as RFC 8785 canonical JSON under
 * Mimamori's profile (DESIGN.md): keys are ASCII, values are {@link String}, {@link Boolean}, {@link Long} or
 * {@link Integer} within ±2<sup>53</sup>, {@link List} or {@link Map} of the same. No floats, no nulls. The
 * body is copied into unmodifiable collections, whose maps iterate in canonical key order. Time is kept to the millisecond.
 *
 * <p>Immutable and thread-safe.
 *
 * @param type       dotted lowercase name, such as {@code "hold.placed"}
 * @param occurredAt when the event happened, truncated to milliseconds
 * @param body       the event's fields
 */
public record EvidenceRecord(String type, Instant occurredAt, Map<String, Object> body) {
    private static final Pattern TYPE = Pattern.compile("[a-z][a-z0-9_]*(\\.[a-z][a-z0-9_]*)*");
    private static final int MAX_DEPTH = 16;

    /** Validates and copies; see the class description for what the body may hold. */
    public EvidenceRecord {
        Objects.requireNonNull(type, "type");
        if (type.length() > 64 || !TYPE.matcher(type).matches()) {
            throw new IllegalArgumentException("type: must be a dotted lowercase name of at most 64 characters");
        }
        Objects.requireNonNull(occurredAt, "occurredAt");
        occurredAt = occurredAt.truncatedTo(ChronoUnit.MILLIS);
        Objects.requireNonNull(body, "body");
        // The canonical writer's own checks: one definition of what a body may hold.
        @SuppressWarnings("unchecked")
        Map<String, Object> copy = (Map<String, Object>) CanonicalJson.copyOf(body, "body", MAX_DEPTH);
        body = copy;
    }

    /** Same as the canonical constructor. */
    public static EvidenceRecord of(String type, Instant occurredAt, Map<String, ?> body) {
        @SuppressWarnings("unchecked")
        Map<String, Object> b = (Map<String, Object>) body;
        return new EvidenceRecord(type, occurredAt, b);
    }

    /** The body's string field {@code name}; empty when absent or not a string. */
    public Optional<String> string(String name) {
        return body.get(name) instanceof String s ? Optional.of(s) : Optional.empty();
    }

    /**
     * The strings of the body's array field {@code name}, in order; empty when absent or not an array. Elements
     * that are not strings are left out.
     */
    public List<String> strings(String name) {
        if (!(body.get(name) instanceof List<?> l)) {
            return List.of();
        }
        return l.stream().filter(String.class::isInstance).map(String.class::cast).toList();
    }
}
