package jp.mimamori.core.evidence;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import jp.mimamori.core.error.InvalidDocumentException;
import jp.mimamori.core.internal.id.IdSyntax;
import jp.mimamori.core.internal.json.CanonicalJson;
import jp.mimamori.core.internal.json.JsonInput;
import jp.mimamori.core.internal.json.Obj;

/**
 * The record that a segment was sealed (K3-2-4, DESIGN.md "every sealed segment is recorded in the evidence log"):
 * which camera, which sequence number, the hash of its signed manifest, its time range and unit count. The
 * recorder appends one as it seals each segment ({@link EvidenceTypes#SEGMENT_SEALED}), so the log knows every
 * segment that ever existed; a verifier given the log reports a segment the log knows and the store lacks as
 * {@code SEGMENT_MISSING} unless an anchored, signed erasure receipt covers it — the newest segments included,
 * whatever the store's unsigned state files say. Reading is strict: every field present and well formed, no
 * unknown field.
 *
 * <pre>{@code
 * log.append(new SegmentSealed("cam-01", 7, manifestHash, startUs, endUs, 250).toRecord(clock.instant()));
 * SegmentSealed s = SegmentSealed.fromRecord(record);   // InvalidDocumentException if malformed
 * }</pre>
 *
 * <p>Immutable and thread-safe.
 *
 * @param camera       camera id
 * @param sequence     the segment's sequence number in its camera's chain
 * @param manifestHash lowercase hex SHA-256 of the segment manifest's signed bytes (what the next manifest's
 *                     {@code prev_manifest_hash} names)
 * @param startUs      the manifest's start, microseconds since the epoch
 * @param endUs        the manifest's end, microseconds since the epoch
 * @param unitCount    the manifest's unit count
 */
public record SegmentSealed(String camera, long sequence, String manifestHash, long startUs, long endUs,
                            long unitCount) {
    private static final Pattern HEX64 = Pattern.compile("[0-9a-f]{64}");
    private static final Pattern SHA256 = Pattern.compile("sha-256");
    private static final String REQ = "K3-2-4";

    /** Validates; misuse names the field. */
    public SegmentSealed {
        IdSyntax.require(camera, "camera");
        if (sequence < 0 || sequence > CanonicalJson.MAX_SAFE_INTEGER) {
            throw new IllegalArgumentException("sequence: must be 0 to 2^53-1");
        }
        if (!HEX64.matcher(Objects.requireNonNull(manifestHash, "manifestHash")).matches()) {
            throw new IllegalArgumentException("manifestHash: must be 64 lowercase hex digits");
        }
        if (Math.abs(startUs) > CanonicalJson.MAX_SAFE_INTEGER) {
            throw new IllegalArgumentException("startUs: must be within ±(2^53-1)");
        }
        if (endUs < startUs || endUs > CanonicalJson.MAX_SAFE_INTEGER) {
            throw new IllegalArgumentException("endUs: must be startUs to 2^53-1");
        }
        if (unitCount < 0 || unitCount > CanonicalJson.MAX_SAFE_INTEGER) {
            throw new IllegalArgumentException("unitCount: must be 0 to 2^53-1");
        }
    }

    /**
     * The {@code segment.sealed} evidence record: body {@code camera}, {@code sequence}, {@code manifest_hash},
     * {@code hash_alg} ({@code "sha-256"}), {@code start_us}, {@code end_us}, {@code unit_count},
     * {@code requirements} ({@code ["K3-2-4"]}).
     *
     * @param sealedAt when the segment was sealed (the record's time)
     */
    public EvidenceRecord toRecord(Instant sealedAt) {
        Map<String, Object> b = new LinkedHashMap<>();
        b.put("camera", camera);
        b.put("sequence", sequence);
        b.put("manifest_hash", manifestHash);
        b.put("hash_alg", "sha-256");
        b.put("start_us", startUs);
        b.put("end_us", endUs);
        b.put("unit_count", unitCount);
        b.put("requirements", List.of(REQ));
        return EvidenceRecord.of(EvidenceTypes.SEGMENT_SEALED, sealedAt, b);
    }

    /**
     * Reads an evidence record of type {@link EvidenceTypes#SEGMENT_SEALED}.
     *
     * @throws InvalidDocumentException naming every missing, unknown or malformed field
     */
    public static SegmentSealed fromRecord(EvidenceRecord r) throws InvalidDocumentException {
        JsonInput in = new JsonInput("segment.sealed record", REQ);
        if (!EvidenceTypes.SEGMENT_SEALED.equals(r.type())) {
            in.problem("type", "\"" + EvidenceTypes.SEGMENT_SEALED + "\"が必要です",
                    "must be \"" + EvidenceTypes.SEGMENT_SEALED + "\"");
            in.throwIfProblems();
        }
        Optional<Obj> read = in.value(r.body());
        in.throwIfProblems();
        Obj o = read.orElseThrow();
        long max = CanonicalJson.MAX_SAFE_INTEGER;
        Optional<String> camera = o.matching("camera", IdSyntax.PATTERN, "カメラID", "a camera id");
        Optional<Long> sequence = o.longInteger("sequence", 0, max);
        Optional<String> hash = o.matching("manifest_hash", HEX64, "小文字16進数64桁", "64 lowercase hex digits");
        o.matching("hash_alg", SHA256, "\"sha-256\"", "\"sha-256\"");
        Optional<Long> start = o.longInteger("start_us", -max, max);
        Optional<Long> end = o.longInteger("end_us", -max, max);
        Optional<Long> units = o.longInteger("unit_count", 0, max);
        o.texts("requirements", true, Pattern.compile("[A-Z][A-Z0-9-]*"), "要件ID", "a requirement id");
        o.end();
        if (start.isPresent() && end.isPresent() && end.get() < start.get()) {
            o.problem("end_us", REQ, "start_us より前です", "is before start_us");
        }
        in.throwIfProblems();
        return new SegmentSealed(camera.orElseThrow(), sequence.orElseThrow(), hash.orElseThrow(),
                start.orElseThrow(), end.orElseThrow(), units.orElseThrow());
    }
}
