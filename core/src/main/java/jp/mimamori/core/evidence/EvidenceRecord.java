package jp.mimamori.core.evidence;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One accountability event: a type from {@link EvidenceTypes} (or a caller's own dotted name), the time it
 * happened, and a body of JSON-compatible values.
 *
 * <p>The body is restricted so that every implementation can encode it as RFC 8785 canonical JSON under
 * Mimamori's profile (DESIGN.md): keys are ASCII, values are {@link String}, {@link Boolean}, {@link Long} or
 * {@link Integer} within ±2<sup>53</sup>, {@link List} or {@link Map} of the same. No floats, no nulls. The
 * body is copied into unmodifiable collections. Time is kept to the millisecond.
 *
 * @param type       dotted lowercase name, such as {@code "hold.placed"}
 * @param occurredAt when the event happened, truncated to milliseconds
 * @param body       the event's fields
 */
public record EvidenceRecord(String type, Instant occurredAt, Map<String, Object> body) {
    private static final Pattern TYPE = Pattern.compile("[a-z][a-z0-9_]*(\\.[a-z][a-z0-9_]*)*");
    private static final long MAX_SAFE = (1L << 53) - 1;
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
        @SuppressWarnings("unchecked")
        Map<String, Object> copy = (Map<String, Object>) copyValue(body, "body", 0);
        body = copy;
    }

    /** Same as the canonical constructor. */
    public static EvidenceRecord of(String type, Instant occurredAt, Map<String, ?> body) {
        @SuppressWarnings("unchecked")
        Map<String, Object> b = (Map<String, Object>) body;
        return new EvidenceRecord(type, occurredAt, b);
    }

    /** The body's string field {@code name}, or {@code null} when absent or not a string. */
    public String string(String name) {
        return body.get(name) instanceof String s ? s : null;
    }

    private static Object copyValue(Object v, String path, int depth) {
        if (depth > MAX_DEPTH) {
            throw new IllegalArgumentException(path + ": nested deeper than " + MAX_DEPTH);
        }
        if (v instanceof String || v instanceof Boolean) {
            return v;
        }
        if (v instanceof Integer i) {
            return i.longValue();
        }
        if (v instanceof Long l) {
            if (l > MAX_SAFE || l < -MAX_SAFE) {
                throw new IllegalArgumentException(path + ": integer outside ±2^53");
            }
            return l;
        }
        if (v instanceof Map<?, ?> m) {
            Map<String, Object> out = new LinkedHashMap<>();
            for (Map.Entry<?, ?> e : m.entrySet()) {
                if (!(e.getKey() instanceof String k) || !isAscii(k)) {
                    throw new IllegalArgumentException(path + ": keys must be ASCII strings");
                }
                out.put(k, copyValue(e.getValue(), path + "." + k, depth + 1));
            }
            return Collections.unmodifiableMap(out);
        }
        if (v instanceof List<?> list) {
            List<Object> out = new ArrayList<>(list.size());
            for (int i = 0; i < list.size(); i++) {
                out.add(copyValue(list.get(i), path + "[" + i + "]", depth + 1));
            }
            return Collections.unmodifiableList(out);
        }
        throw new IllegalArgumentException(path + ": unsupported value type "
                + (v == null ? "null" : v.getClass().getSimpleName())
                + " (allowed: string, boolean, integer, list, map)");
    }

    private static boolean isAscii(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) > 0x7e || s.charAt(i) < 0x20) {
                return false;
            }
        }
        return true;
    }
}
