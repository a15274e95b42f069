package jp.mimamori.core.evidence;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import jp.mimamori.core.crypto.DocumentSignature;
import jp.mimamori.core.crypto.Signer;
import jp.mimamori.core.crypto.Verifier;
import jp.mimamori.core.error.CryptoException;
import jp.mimamori.core.error.InvalidDocumentException;
import jp.mimamori.core.error.Problem;
import jp.mimamori.core.error.SignatureInvalidException;
import jp.mimamori.core.internal.id.IdSyntax;
import jp.mimamori.core.internal.json.CanonicalJson;
import jp.mimamori.core.internal.json.JsonFormatException;
import jp.mimamori.core.internal.json.JsonInput;
import jp.mimamori.core.internal.json.Obj;

/**
 * The record of one erased (or failed) segment erasure (K3-2-3): which segment of which camera, the hash of its
 * manifest, how, why, when and by whom it was erased, the outcome, whether it happened in a simulation, and the
 * retention service's signature. The retention module signs it with the retention key ({@link #signed(Signer)})
 * and writes it to the evidence log as {@link EvidenceTypes#ERASURE_RECEIPT} ({@link #toRecord()}); the integrity
 * verifier reads it back ({@link #fromRecord(EvidenceRecord)}) and counts it only when its signature verifies
 * under a retention key the caller trusts ({@link #verifySignature(Verifier)}) and a signed checkpoint covers it,
 * to tell a segment erased under retention ({@code SEGMENT_ERASED}) from one that is missing. Reading is strict:
 * every field must be present and well formed, unknown fields are rejected, and a receipt without an
 * {@code outcome} is malformed — never read as erased.
 *
 * <pre>{@code
 * ErasureReceipt r = new ErasureReceipt(id, "cam-01", 7, manifestHash, ErasureMethod.CRYPTO_ERASE,
 *         ErasureReason.SCHEDULED, clock.instant(), "svc-retention", true, "key destroyed", false)
 *         .signed(retentionKey);                                   // CryptoException if the key cannot sign
 * log.append(r.toRecord());
 * ErasureReceipt back = ErasureReceipt.fromRecord(log.record(i));  // InvalidDocumentException if malformed
 * back.verifySignature(trustedRetentionKey);                       // SignatureInvalidException if not
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
 * @param erasedAt     when, kept to the millisecond
 * @param principal    who ran the erasure
 * @param erased       {@code true} for outcome {@code erased}, {@code false} for {@code failed}
 * @param note         caveats and details (for overwrite, the SSD/flash/copy-on-write limitation)
 * @param simulated    {@code true} when the erasure ran on a simulated clock (a simulation store): such a
 *                     receipt is evidence of a rehearsal, never of a lawful erasure
 * @param signature    the retention service's signature over {@link #signedBytes()}; empty for an unsigned
 *                     receipt, which excuses nothing
 */
public record ErasureReceipt(String erasureId, String camera, long sequence, String manifestHash,
                             ErasureMethod method, ErasureReason reason, Instant erasedAt, String principal,
                             boolean erased, String note, boolean simulated, Optional<DocumentSignature> signature) {
    /** What a receipt's signature covers first, before the canonical JSON of its body (domain separation). */
    public static final String SIGNING_CONTEXT = "mimamori-erasure-receipt-v1\n";
    private static final Pattern HEX64 = Pattern.compile("[0-9a-f]{64}");
    private static final Pattern SHA256 = Pattern.compile("sha-256");
    private static final Pattern OUTCOME = Pattern.compile("erased|failed");
    private static final String REQ = "K3-2-3";

    /** Validates; misuse names the field. */
    public ErasureReceipt {
        Objects.requireNonNull(erasureId, "erasureId");
        IdSyntax.require(camera, "camera");
        if (sequence < 0) {
            throw new IllegalArgumentException("sequence: must be >= 0");
        }
        if (!HEX64.matcher(Objects.requireNonNull(manifestHash, "manifestHash")).matches()) {
            throw new IllegalArgumentException("manifestHash: must be 64 lowercase hex digits");
        }
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(erasedAt, "erasedAt");
        erasedAt = erasedAt.truncatedTo(ChronoUnit.MILLIS);
        Objects.requireNonNull(principal, "principal");
        Objects.requireNonNull(note, "note");
        Objects.requireNonNull(signature, "signature");
    }

    /** An unsigned receipt; the signature is added by {@link #signed(Signer)}. */
    public ErasureReceipt(String erasureId, String camera, long sequence, String manifestHash, ErasureMethod method,
                          ErasureReason reason, Instant erasedAt, String principal, boolean erased, String note,
                          boolean simulated) {
        this(erasureId, camera, sequence, manifestHash, method, reason, erasedAt, principal, erased, note,
                simulated, Optional.empty());
    }

    /** An unsigned receipt of a real (not simulated) erasure. */
    public ErasureReceipt(String erasureId, String camera, long sequence, String manifestHash, ErasureMethod method,
                          ErasureReason reason, Instant erasedAt, String principal, boolean erased, String note) {
        this(erasureId, camera, sequence, manifestHash, method, reason, erasedAt, principal, erased, note, false);
    }

    /**
     * This receipt signed by {@code retentionKey} (any earlier signature replaced).
     *
     * @throws CryptoException if the key cannot sign
     */
    public ErasureReceipt signed(Signer retentionKey) throws CryptoException {
        DocumentSignature s = DocumentSignature.sign(retentionKey, signedBytes());
        return new ErasureReceipt(erasureId, camera, sequence, manifestHash, method, reason, erasedAt, principal,
                erased, note, simulated, Optional.of(s));
    }

    /**
     * The bytes the signature covers: the UTF-8 bytes of {@link #SIGNING_CONTEXT} followed by the canonical JSON
     * of the record's body without its {@code signature} member.
     */
    public byte[] signedBytes() {
        return RecordSigning.signedBytes(SIGNING_CONTEXT, unsignedBody());
    }

    /**
     * Checks that this receipt carries a valid signature by {@code retentionKey}. Whether that key is trusted
     * for the retention role is the caller's trust store's question, not this method's.
     *
     * @throws SignatureInvalidException if the receipt is unsigned, signed by another key or algorithm, or the
     *                                   signature does not verify
     */
    public void verifySignature(Verifier retentionKey) throws SignatureInvalidException {
        Objects.requireNonNull(retentionKey, "retentionKey");
        RecordSigning.verify("erasure receipt " + erasureId, signature, retentionKey, signedBytes());
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
        return EvidenceRecord.of(EvidenceTypes.ERASURE_RECEIPT, erasedAt,
                RecordSigning.withSignature(unsignedBody(), signature));
    }

    private Map<String, Object> unsignedBody() {
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
        b.put("simulated", simulated);
        return b;
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
        Optional<String> camera = o.matching("camera", IdSyntax.PATTERN, "カメラID", "a camera id");
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
        Optional<Boolean> simulated = o.optBool("simulated");
        Optional<DocumentSignature> sig = o.signature("signature", REQ);
        o.end();
        in.throwIfProblems();
        ErasureReceipt r = new ErasureReceipt(id.orElseThrow(), camera.orElseThrow(), sequence.orElseThrow(),
                hash.orElseThrow(), method.orElseThrow(), reason.orElseThrow(), at.orElseThrow(),
                principal.orElseThrow(), outcome.orElseThrow().equals("erased"), note.orElseThrow(),
                simulated.orElse(false), sig);
        if (sig.isPresent() && body instanceof Map<?, ?> given) {
            // What is signed is re-derived from the fields, so a signed body must be exactly what they write.
            RecordSigning.requireWrittenAsSigned(in, REQ, r.toRecord().body(), given, "署名された消去証明",
                    "a signed receipt");
            in.throwIfProblems();
        }
        return r;
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
