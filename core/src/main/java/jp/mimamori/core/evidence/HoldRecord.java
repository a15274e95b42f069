package jp.mimamori.core.evidence;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
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
import jp.mimamori.core.error.SignatureInvalidException;
import jp.mimamori.core.internal.json.JsonInput;
import jp.mimamori.core.internal.json.Obj;

/**
 * A hold act as the evidence log records it (invariant 3, K3-2-2): a hold placed, released or expired, signed by
 * the retention service's key exactly as erasure receipts are (docs/FORMATS.md "Hold records"): the member
 * {@code "signature":{"alg","key_id","sig"}} over the act's context string followed by the canonical JSON of the
 * body without it. Whoever reads holds from a log — a retention folder comparing its holds file with its log —
 * counts a hold record only when its signature verifies under the retention key it trusts
 * ({@link #verifySignature(Verifier)}); an unsigned or wrongly signed {@code hold.released} frame, which anyone
 * with write access to the log folder can append, releases nothing. Reading is strict: every field present and
 * well formed, no unknown field, a signed body exactly as its fields write it, and the record's time equal to the
 * act's time in the body.
 *
 * <pre>{@code
 * HoldRecord placed = new HoldRecord.Placed("hold-0a1b2c3d4e5f", "cam-01", from, to, "manager-1",
 *         "police request 2026-118", Optional.empty(), clock.instant()).signed(retentionKey);
 * log.append(placed.toRecord());
 * HoldRecord back = HoldRecord.fromRecord(log.record(i));   // InvalidDocumentException if malformed
 * back.verifySignature(ownRetentionKey);                    // SignatureInvalidException if not
 * }</pre>
 *
 * <p>Implementations are immutable and thread-safe.
 */
public sealed interface HoldRecord permits HoldRecord.Placed, HoldRecord.Released, HoldRecord.Expired {
    /** The requirement every hold record cites. */
    String REQ = "K3-2-2";

    /** The hold's id. */
    String holdId();

    /** The camera whose footage the hold covers. */
    String camera();

    /** When the act happened (the record's time), kept to the millisecond. */
    Instant at();

    /** The retention service's signature over {@link #signedBytes()}; empty for an unsigned record. */
    Optional<DocumentSignature> signature();

    /** The evidence type: {@link EvidenceTypes#HOLD_PLACED}, {@link EvidenceTypes#HOLD_RELEASED} or {@link EvidenceTypes#HOLD_EXPIRED}. */
    String type();

    /** What the signature covers first (domain separation: one context per act, so no act passes for another). */
    String signingContext();

    /** The body without its {@code signature} member, keys in the order the writer puts them. */
    Map<String, Object> unsignedBody();

    /**
     * This record signed by {@code retentionKey} (any earlier signature replaced).
     *
     * @throws CryptoException if the key cannot sign
     */
    HoldRecord signed(Signer retentionKey) throws CryptoException;

    /** The bytes the signature covers: {@link #signingContext()} (UTF-8), then the canonical JSON of {@link #unsignedBody()}. */
    default byte[] signedBytes() {
        return RecordSigning.signedBytes(signingContext(), unsignedBody());
    }

    /**
     * Checks that this record carries a valid signature by {@code retentionKey}. Whether that key is the
     * retention key to trust is the caller's question.
     *
     * @throws SignatureInvalidException if unsigned, signed by another key or algorithm, or not verifying
     */
    default void verifySignature(Verifier retentionKey) throws SignatureInvalidException {
        Objects.requireNonNull(retentionKey, "retentionKey");
        RecordSigning.verify(type() + " " + holdId(), signature(), retentionKey, signedBytes());
    }

    /** The evidence record: {@link #type()}, at {@link #at()}, the body with its signature when signed. */
    default EvidenceRecord toRecord() {
        return EvidenceRecord.of(type(), at(), RecordSigning.withSignature(unsignedBody(), signature()));
    }

    /** Whether {@code type} is one of the three hold record types. */
    static boolean isHoldType(String type) {
        return EvidenceTypes.HOLD_PLACED.equals(type) || EvidenceTypes.HOLD_RELEASED.equals(type)
                || EvidenceTypes.HOLD_EXPIRED.equals(type);
    }

    /**
     * Reads a {@code hold.placed}, {@code hold.released} or {@code hold.expired} record, signed or not.
     *
     * @throws InvalidDocumentException naming every missing, unknown or malformed field
     */
    static HoldRecord fromRecord(EvidenceRecord r) throws InvalidDocumentException {
        JsonInput in = new JsonInput(r.type() + " record", REQ);
        if (!isHoldType(r.type())) {
            in.problem("type", "保全の記録ではありません", "not a hold record");
            in.throwIfProblems();
        }
        Optional<Obj> read = in.value(r.body());
        in.throwIfProblems();
        Obj o = read.orElseThrow();
        Optional<String> id = o.matching("hold_id", Placed.ID, "保全ID", "a hold id");
        Optional<String> camera = o.text("camera");
        HoldRecord out;
        switch (r.type()) {
            case EvidenceTypes.HOLD_PLACED -> {
                Optional<Instant> from = o.instant("from");
                Optional<Instant> to = o.instant("to");
                Optional<String> principal = o.text("principal");
                Optional<String> reason = o.text("reason");
                Optional<Instant> expires = o.optInstant("expires");
                Optional<Instant> at = o.instant("placed_at");
                requirements(o);
                Optional<DocumentSignature> sig = o.signature("signature", REQ);
                o.end();
                in.throwIfProblems();
                out = build(in, () -> new Placed(id.orElseThrow(), camera.orElseThrow(), from.orElseThrow(),
                        to.orElseThrow(), principal.orElseThrow(), reason.orElseThrow(), expires, at.orElseThrow(),
                        sig));
            }
            case EvidenceTypes.HOLD_RELEASED -> {
                Optional<String> principal = o.text("principal");
                Optional<String> reason = o.text("reason");
                Optional<Instant> at = o.instant("released_at");
                requirements(o);
                Optional<DocumentSignature> sig = o.signature("signature", REQ);
                o.end();
                in.throwIfProblems();
                out = build(in, () -> new Released(id.orElseThrow(), camera.orElseThrow(), principal.orElseThrow(),
                        reason.orElseThrow(), at.orElseThrow(), sig));
            }
            default -> {
                Optional<Instant> expires = o.instant("expires");
                Optional<Instant> at = o.instant("expired_at");
                requirements(o);
                Optional<DocumentSignature> sig = o.signature("signature", REQ);
                o.end();
                in.throwIfProblems();
                out = build(in, () -> new Expired(id.orElseThrow(), camera.orElseThrow(), expires.orElseThrow(),
                        at.orElseThrow(), sig));
            }
        }
        if (!out.at().equals(r.occurredAt())) {
            in.problem("time", "記録の時刻は " + out.at() + " である必要があります",
                    "the record's time must be the act's time " + out.at());
        }
        // What is signed is re-derived from the fields, so a signed body must be exactly what they write.
        if (out.signature().isPresent()) {
            RecordSigning.requireWrittenAsSigned(in, REQ, out.toRecord().body(), r.body(), "署名された保全の記録",
                    "a signed hold record");
        }
        in.throwIfProblems();
        return out;
    }

    private static void requirements(Obj o) {
        o.texts("requirements", true, Pattern.compile("[A-Z][A-Z0-9-]*"), "要件ID", "a requirement id");
    }

    /** Builds, turning a field the constructor refuses into a problem rather than an exception. */
    private static HoldRecord build(JsonInput in, java.util.function.Supplier<HoldRecord> make)
            throws InvalidDocumentException {
        try {
            return make.get();
        } catch (IllegalArgumentException e) {
            int colon = e.getMessage().indexOf(':');
            in.problem(colon > 0 ? e.getMessage().substring(0, colon) : "$", REQ, "値が正しくありません",
                    e.getMessage());
            in.throwIfProblems();
            throw new IllegalStateException("unreachable");
        }
    }

    private static Instant millis(Instant t, String field) {
        return Objects.requireNonNull(t, field).truncatedTo(ChronoUnit.MILLIS);
    }

    /** A hold id, checked for every kind of record. */
    private static void checkHoldId(String id) {
        if (!Placed.ID.matcher(Objects.requireNonNull(id, "holdId")).matches()) {
            throw new IllegalArgumentException("hold_id: must be hold- and 12 lowercase hex digits");
        }
    }

    private static void text(String s, String field) {
        if (Objects.requireNonNull(s, field).isBlank()) {
            throw new IllegalArgumentException(field + ": must not be blank");
        }
    }

    /**
     * A hold placed ({@code hold.placed}): the camera and time range it keeps, who placed it and why, and an
     * expiry recorded at placement, if any.
     *
     * @param holdId    {@code hold-} and 12 lowercase hex digits
     * @param camera    the camera held
     * @param from      start of the held range
     * @param to        end of the held range, not before {@code from}
     * @param principal who placed it
     * @param reason    why; never blank
     * @param expires   an expiry after {@code placedAt}, or empty: in force until released
     * @param placedAt  when it was placed
     * @param signature the retention service's signature, or empty
     */
    record Placed(String holdId, String camera, Instant from, Instant to, String principal, String reason,
                  Optional<Instant> expires, Instant placedAt, Optional<DocumentSignature> signature)
            implements HoldRecord {
        /** A hold id: {@code hold-} and 12 lowercase hex digits. */
        static final Pattern ID = Pattern.compile("hold-[0-9a-f]{12}");
        /** What a {@code hold.placed} signature covers first. */
        public static final String SIGNING_CONTEXT = "mimamori-hold-placed-v1\n";

        /** Validates; misuse names the field. */
        public Placed {
            checkHoldId(holdId);
            text(camera, "camera");
            from = millis(from, "from");
            to = millis(to, "to");
            text(principal, "principal");
            text(reason, "reason");
            placedAt = millis(placedAt, "placedAt");
            expires = Objects.requireNonNull(expires, "expires").map(x -> x.truncatedTo(ChronoUnit.MILLIS));
            Objects.requireNonNull(signature, "signature");
            if (to.isBefore(from)) {
                throw new IllegalArgumentException("to: before from");
            }
            if (expires.isPresent() && !expires.get().isAfter(placedAt)) {
                throw new IllegalArgumentException("expires: must be after placed_at");
            }
        }

        /** An unsigned record; {@link #signed(Signer)} adds the signature. */
        public Placed(String holdId, String camera, Instant from, Instant to, String principal, String reason,
                      Optional<Instant> expires, Instant placedAt) {
            this(holdId, camera, from, to, principal, reason, expires, placedAt, Optional.empty());
        }

        @Override
        public Instant at() {
            return placedAt;
        }

        @Override
        public String type() {
            return EvidenceTypes.HOLD_PLACED;
        }

        @Override
        public String signingContext() {
            return SIGNING_CONTEXT;
        }

        @Override
        public Placed signed(Signer retentionKey) throws CryptoException {
            return new Placed(holdId, camera, from, to, principal, reason, expires, placedAt,
                    Optional.of(DocumentSignature.sign(retentionKey, signedBytes())));
        }

        @Override
        public Map<String, Object> unsignedBody() {
            Map<String, Object> b = new LinkedHashMap<>();
            b.put("hold_id", holdId);
            b.put("camera", camera);
            b.put("from", from.toString());
            b.put("to", to.toString());
            b.put("principal", principal);
            b.put("reason", reason);
            expires.ifPresent(x -> b.put("expires", x.toString()));
            b.put("placed_at", placedAt.toString());
            b.put("requirements", List.of(REQ));
            return b;
        }
    }

    /**
     * A hold released ({@code hold.released}) by an authorised principal, with a reason.
     *
     * @param holdId     the released hold's id
     * @param camera     its camera
     * @param principal  who released it
     * @param reason     why; never blank
     * @param releasedAt when
     * @param signature  the retention service's signature, or empty
     */
    record Released(String holdId, String camera, String principal, String reason, Instant releasedAt,
                    Optional<DocumentSignature> signature) implements HoldRecord {
        /** What a {@code hold.released} signature covers first. */
        public static final String SIGNING_CONTEXT = "mimamori-hold-released-v1\n";

        /** Validates; misuse names the field. */
        public Released {
            checkHoldId(holdId);
            text(camera, "camera");
            text(principal, "principal");
            text(reason, "reason");
            releasedAt = millis(releasedAt, "releasedAt");
            Objects.requireNonNull(signature, "signature");
        }

        /** An unsigned record; {@link #signed(Signer)} adds the signature. */
        public Released(String holdId, String camera, String principal, String reason, Instant releasedAt) {
            this(holdId, camera, principal, reason, releasedAt, Optional.empty());
        }

        @Override
        public Instant at() {
            return releasedAt;
        }

        @Override
        public String type() {
            return EvidenceTypes.HOLD_RELEASED;
        }

        @Override
        public String signingContext() {
            return SIGNING_CONTEXT;
        }

        @Override
        public Released signed(Signer retentionKey) throws CryptoException {
            return new Released(holdId, camera, principal, reason, releasedAt,
                    Optional.of(DocumentSignature.sign(retentionKey, signedBytes())));
        }

        @Override
        public Map<String, Object> unsignedBody() {
            Map<String, Object> b = new LinkedHashMap<>();
            b.put("hold_id", holdId);
            b.put("camera", camera);
            b.put("principal", principal);
            b.put("reason", reason);
            b.put("released_at", releasedAt.toString());
            b.put("requirements", List.of(REQ));
            return b;
        }
    }

    /**
     * A hold ended at the expiry recorded when it was placed ({@code hold.expired}).
     *
     * @param holdId    the expired hold's id
     * @param camera    its camera
     * @param expires   the expiry recorded at placement
     * @param expiredAt when the retention service ended it, not before {@code expires}
     * @param signature the retention service's signature, or empty
     */
    record Expired(String holdId, String camera, Instant expires, Instant expiredAt,
                   Optional<DocumentSignature> signature) implements HoldRecord {
        /** What a {@code hold.expired} signature covers first. */
        public static final String SIGNING_CONTEXT = "mimamori-hold-expired-v1\n";

        /** Validates; misuse names the field. */
        public Expired {
            checkHoldId(holdId);
            text(camera, "camera");
            expires = millis(expires, "expires");
            expiredAt = millis(expiredAt, "expiredAt");
            Objects.requireNonNull(signature, "signature");
            if (expiredAt.isBefore(expires)) {
                throw new IllegalArgumentException("expired_at: before expires");
            }
        }

        /** An unsigned record; {@link #signed(Signer)} adds the signature. */
        public Expired(String holdId, String camera, Instant expires, Instant expiredAt) {
            this(holdId, camera, expires, expiredAt, Optional.empty());
        }

        @Override
        public Instant at() {
            return expiredAt;
        }

        @Override
        public String type() {
            return EvidenceTypes.HOLD_EXPIRED;
        }

        @Override
        public String signingContext() {
            return SIGNING_CONTEXT;
        }

        @Override
        public Expired signed(Signer retentionKey) throws CryptoException {
            return new Expired(holdId, camera, expires, expiredAt,
                    Optional.of(DocumentSignature.sign(retentionKey, signedBytes())));
        }

        @Override
        public Map<String, Object> unsignedBody() {
            Map<String, Object> b = new LinkedHashMap<>();
            b.put("hold_id", holdId);
            b.put("camera", camera);
            b.put("expires", expires.toString());
            b.put("expired_at", expiredAt.toString());
            b.put("requirements", List.of(REQ));
            return b;
        }
    }
}
