package jp.mimamori.integrity.log.internal;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import jp.mimamori.core.evidence.EvidenceRecord;
import jp.mimamori.core.internal.json.CanonicalJson;
import jp.mimamori.core.internal.json.JsonFormatException;
import jp.mimamori.integrity.log.internal.Rfc9162;

/**
 * The canonical encoding of an {@link EvidenceRecord} in the tamper-evident log, and its leaf hash.
 *
 * <p>A record is the RFC 8785 (JCS) canonical JSON of exactly three members:
 *
 * <pre>{"body":{…},"time":"2026-04-01T09:00:00.000Z","type":"hold.placed"}</pre>
 *
 * <ul>
 *   <li>{@code type}: the record type, a dotted lowercase name ({@code jp.mimamori.core.evidence.EvidenceTypes});
 *   <li>{@code time}: when it happened, UTC, always {@code yyyy-MM-ddTHH:mm:ss.SSSZ} (millisecond precision,
 *       exactly 24 characters);
 *   <li>{@code body}: the record's fields, JSON of Mimamori's JCS profile (ASCII keys, strings, booleans,
 *       integers within ±2^53, arrays, objects).
 * </ul>
 *
 * The leaf hash is RFC 9162's: {@code SHA-256(0x00 || canonical bytes)}. Decoding is strict: the bytes must
 * be exactly the canonical encoding of what they decode to, so one record has one byte form.
 */
public final class RecordCodec {
    private RecordCodec() {}

    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    /** The canonical bytes of {@code record}. */
    public static byte[] encode(EvidenceRecord record) {
        return CanonicalJson.encode(Map.of("type", record.type(), "time", TIME.format(record.occurredAt()),
                "body", record.body()));
    }

    /** The record's RFC 9162 leaf hash. */
    public static byte[] leafHash(byte[] canonical) {
        return Rfc9162.local().leaf(canonical);
    }

    /** The leaf hash as lowercase hex. */
    public static String leafHashHex(byte[] canonical) {
        return HexFormat.of().formatHex(leafHash(canonical));
    }

    /**
     * Decodes canonical record bytes.
     *
     * @throws IllegalArgumentException naming the field when the bytes are not a canonical record
     */
    public static EvidenceRecord decode(byte[] bytes) {
        Object v;
        try {
            v = CanonicalJson.parse(bytes);
        } catch (JsonFormatException e) {
            throw new IllegalArgumentException("record: " + e.getMessage());
        }
        if (!(v instanceof Map<?, ?> m)) {
            throw new IllegalArgumentException("record: must be a JSON object");
        }
        if (m.size() != 3 || !m.containsKey("type") || !m.containsKey("time") || !m.containsKey("body")) {
            throw new IllegalArgumentException("record: must have exactly the members body, time, type");
        }
        if (!(m.get("type") instanceof String type)) {
            throw new IllegalArgumentException("record.type: must be a string");
        }
        if (!(m.get("time") instanceof String time) || time.length() != 24) {
            throw new IllegalArgumentException("record.time: must be a UTC time yyyy-MM-ddTHH:mm:ss.SSSZ");
        }
        Instant at;
        try {
            at = Instant.from(TIME.parse(time));
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("record.time: must be a UTC time yyyy-MM-ddTHH:mm:ss.SSSZ");
        }
        if (!(m.get("body") instanceof Map<?, ?> body)) {
            throw new IllegalArgumentException("record.body: must be a JSON object");
        }
        @SuppressWarnings("unchecked")
        EvidenceRecord r = EvidenceRecord.of(type, at, (Map<String, ?>) body);
        if (!Arrays.equals(encode(r), bytes)) {
            throw new IllegalArgumentException("record: bytes are not the canonical (RFC 8785) encoding");
        }
        return r;
    }

    /** The canonical record as text (it is always valid UTF-8). */
    public static String toText(byte[] canonical) {
        return new String(canonical, StandardCharsets.UTF_8);
    }

    static List<String> members() {
        return List.of("body", "time", "type");
    }
}
