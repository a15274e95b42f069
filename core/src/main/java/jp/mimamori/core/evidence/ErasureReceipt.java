package jp.mimamori.core.evidence;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import jp.mimamori.core.error.InvalidDocumentException;
import jp.mimamori.core.error.Problem;
import jp.mimamori.core.internal.json.CanonicalJson;
import jp.mimamori.core.internal.json.JsonFormatException;
import jp.mimamori.core.internal.json.JsonInput;
import jp.mimamori.core.internal.json.Obj;

/**
 * The record of one erased (or failed) segment erasure (K3-2-3): which segment of which camera, the hash of its
 * manifest, how, why, when and by whom it was erased, and the outcome. The retention module writes it to the
 * evidence log as {@link EvidenceTypes#ERASURE_RECEIPT} ({@link #toRecord()}); the integrity verifier reads it
 * back ({@link #fromRecord(EvidenceRecord)}) to tell a segment erased under retention ({@code SEGMENT_ERASED})
 * from one that is missing. Reading is strict: every field must be present and well formed, unknown fields are
 * rejected, and a receipt without an {@code outcome} is malformed — never read as erased.
 *
 * <pre>{@code
 * ErasureReceipt r = ErasureReceipt.fromRecord(log.record(i));   // InvalidDocumentException if malformed
 * if (r.erased()) { ... r.camera(), r.sequence(), r.manifestHash() ... }
 * }</pre>
 *
 * <p>Immutable and thread-safe.
 *
 * @param erasureId    the id shared by the intent and the receipt ({@code er-} and 16 hex digits)
 * @param camera       camera id
 * @param sequence     the erased segment's sequence number
 * @param manifestHash lowercase hex SHA-256 of the segment manifest's signed bytes
 * @param method       how
 * @param reason       scheduled, forced or decommission
 * @param erasedAt     when
 * @param principal    who ran the erasure
 * @param erased       {@code true} for outcome {@code erased}, {@code false} for {@code failed}
 * @param note         caveats and details (for overwrite, the SSD/flash/copy-on-write limitation)
 */
public record ErasureReceipt(String erasureId, String camera, long sequence, String manifestHash,
                             ErasureMethod method, ErasureReason reason, Instant erasedAt, String principal,
                             boolean erased, String note) {
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    private static final Pattern HEX64 = Pattern.compile("[0-9a-f]{64}");
    private static final Pattern SHA256 = Pattern.compile("sha-256");
    private static final Pattern OUTCOME = Pattern.compile("erased|failed");
    private static final String REQ = "K3-2-3";

    /** Validates; misuse names the field. */
    public ErasureReceipt {
        Objects.requireNonNull(erasureId, "erasureId");
        if (!ID.matcher(Objects.requireNonNull(camera, "camera")).matches()) {
            throw new IllegalArgumentException("camera: must match " + ID.pattern());
        }
        if (sequence < 0) {
            throw new IllegalArgumentException("sequence: must be >= 0");
        }
        if (!HEX64.matcher(Objects.requireNonNull(manifestHash, "manifestHash")).matches()) {
            throw new IllegalArgumentException("manifestHash: must be 64 lowercase hex digits");
        }
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(erasedAt, "erasedAt");
        Objects.requireNonNull(principal, "principal");
        Objects.requireNonNull(note, "note");
    }

    /** The requirements the receipt cites, fixed by the reason. */
    public List<String> requirements() {
        return switch (reason) {
            case DECOMMISSION -> List.of("K3-2-3", "K4-3-2");
            case FORCED -> List.of("K3-2-3", "S2");
            case SCHEDULED -> List.of("K3-2-2", "K3-2-3");
        };
    }

    /** The {@code erasure.receipt} evidence record with exactly the fields {@link EvidenceTypes} lists. */
    public EvidenceRecord toRecord() {
        Map<String, Object> b = new LinkedHashMap<>();
        b.put("erasure_id", erasureId);
        b.put("camera", camera);
        b.put("sequence", sequence);
        b.put("manifest_hash", manifestHash);
        b.put("hash_alg", "sha-256");
        b.put("method", method.wireName());
        b.put("erased_at", erasedAt.toString());
        b.put("principal", principal);
        b.put("outcome", erased ? "erased" : "failed");
        b.put("note", note);
        b.put("reason", reason.wireName());
        b.put("requirements", requirements());
        return EvidenceRecord.of(EvidenceTypes.ERASURE_RECEIPT, erasedAt, b);
    }

    /**
     * Reads an evidence record of type {@link EvidenceTypes#ERASURE_RECEIPT}.
     *
     * @throws InvalidDocumentException naming every missing, unknown or malformed field (a missing
     *                                  {@code outcome} among them)
     */
    public static ErasureReceipt fromRecord(EvidenceRecord r) throws InvalidDocumentException {
        JsonInput in = new JsonInput("erasure receipt", REQ);
        if (!EvidenceTypes.ERASURE_RECEIPT.equals(r.type())) {
            in.problem("type", "\"" + EvidenceTypes.ERASURE_RECEIPT + "\"が必要です",
                    "must be \"" + EvidenceTypes.ERASURE_RECEIPT + "\"");
            in.throwIfProblems();
        }
        return fromBody(in, r.body());
    }

    /**
     * Reads a receipt's body (such as one from a receipts file parsed by the canonical parser).
     *
     * @throws InvalidDocumentException naming every missing, unknown or malformed field
     */
    public static ErasureReceipt fromBody(Map<String, ?> body) throws InvalidDocumentException {
        return fromBody(new JsonInput("erasure receipt", REQ), body);
    }

    private static ErasureReceipt fromBody(JsonInput in, Object body) throws InvalidDocumentException {
        Optional<Obj> read = in.value(body);
        in.throwIfProblems();
        Obj o = read.orElseThrow();
        Optional<String> id = o.text("erasure_id");
        Optional<String> camera = o.matching("camera", ID, "カメラID", "a camera id");
        Optional<Long> sequence = o.longInteger("sequence", 0, CanonicalJson.MAX_SAFE_INTEGER);
        Optional<String> hash = o.matching("manifest_hash", HEX64, "小文字16進数64桁", "64 lowercase hex digits");
        o.matching("hash_alg", SHA256, "\"sha-256\"", "\"sha-256\"");
        Optional<ErasureMethod> method = o.text("method").flatMap(s -> wire(o, "method",
                WireNames.find(ErasureMethod.class, s)));
        Optional<Instant> at = o.instant("erased_at");
        Optional<String> principal = o.text("principal");
        Optional<String> outcome = o.matching("outcome", OUTCOME, "\"erased\"または\"failed\"",
                "\"erased\" or \"failed\"");
        Optional<String> note = o.string("note");
        Optional<ErasureReason> reason = o.text("reason").flatMap(s -> wire(o, "reason",
                WireNames.find(ErasureReason.class, s)));
        o.texts("requirements", true, Pattern.compile("[A-Z][A-Z0-9-]*"), "要件ID", "a requirement id");
        o.end();
        in.throwIfProblems();
        return new ErasureReceipt(id.orElseThrow(), camera.orElseThrow(), sequence.orElseThrow(),
                hash.orElseThrow(), method.orElseThrow(), reason.orElseThrow(), at.orElseThrow(),
                principal.orElseThrow(), outcome.orElseThrow().equals("erased"), note.orElseThrow());
    }

    /** {@code found}, or a problem at {@code field} when the wire name is unknown. */
    private static <E> Optional<E> wire(Obj o, String field, Optional<E> found) {
        if (found.isEmpty()) {
            o.problem(field, REQ, "不明な値です", "unknown value");
        }
        return found;
    }

    /**
     * Reads a receipts file: a JSON array of receipt bodies, or of evidence records
     * ({@code {"type":"erasure.receipt","time":…,"body":{…}}}); records of other types are skipped.
     *
     * @throws InvalidDocumentException naming the entry and field of every problem
     */
    public static List<ErasureReceipt> parseFile(byte[] json) throws InvalidDocumentException {
        JsonInput in = new JsonInput("erasure receipts", REQ);
        Object root;
        try {
            root = CanonicalJson.parse(json);
        } catch (JsonFormatException e) {
            in.problem("$", "JSONとして読めません: " + e.text().ja(), "not valid JSON: " + e.getMessage());
            in.throwIfProblems();
            throw new IllegalStateException("unreachable");
        }
        if (!(root instanceof List<?> entries)) {
            in.problem("$", "JSON配列が必要です", "must be a JSON array");
            in.throwIfProblems();
            throw new IllegalStateException("unreachable");
        }
        List<ErasureReceipt> out = new ArrayList<>();
        List<Problem> problems = new ArrayList<>();
        for (int i = 0; i < entries.size(); i++) {
            Object e = entries.get(i);
            Object body = e;
            if (e instanceof Map<?, ?> m && m.containsKey("body")) {
                if (!EvidenceTypes.ERASURE_RECEIPT.equals(m.get("type"))) {
                    continue;
                }
                body = m.get("body");
            }
            try {
                out.add(fromBody(new JsonInput("erasure receipt", REQ), body));
            } catch (InvalidDocumentException x) {
                for (Problem p : x.problems()) {
                    problems.add(new Problem("[" + i + "]" + (p.path().equals("$") ? "" : "." + p.path()),
                            p.requirement(), p.message()));
                }
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidDocumentException("erasure receipts", problems);
        }
        return out;
    }
}
