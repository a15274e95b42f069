package jp.mimamori.core.evidence;

/**
 * The record types every module agrees on. A type is a dotted lowercase name; the body fields each type
 * carries are listed here, since the tamper-evident log, the verifier and auditors' queries read them.
 *
 * <p>Fields common to all types, when they apply: {@code camera} (camera id), {@code principal} (who acted),
 * {@code requirements} (list of requirement IDs such as {@code "K3-4"}).
 *
 * <p>Constants only; thread-safe.
 */
public final class EvidenceTypes {
    private EvidenceTypes() {}

    /** A role designation (K3-1-1, K3-1-2, K5-1). Fields: principal, role, designated_by, site/camera scope. */
    public static final String DESIGNATION = "designation";
    /** A designation revoked (K3-3). Fields: principal, role, revoked_by, reason. */
    public static final String DESIGNATION_REVOKED = "designation.revoked";
    /** A time-bounded permit issued by an operation manager (K3-1-3). */
    public static final String PERMIT = "permit";
    /** An access decision (view live, view recorded, operate, export, remote view). */
    public static final String ACCESS_DECISION = "decision.access";
    /** A disclosure decision (K3-4, S8, S9). */
    public static final String DISCLOSURE_DECISION = "decision.disclosure";
    /**
     * A provision of images to a third party: the K3-4 register. Fields: disclosure_id, provided_at,
     * recipient, recipient_verification, reason, basis, content (camera, time range, manifest hashes).
     */
    public static final String DISCLOSURE = "disclosure";
    /**
     * The recipient's signed acknowledgement of a bundle, appended by the city (K3-4, chain of custody). Fields:
     * the receipt's (format, version, disclosure_id, bundle_hash, recipient, received_at, verdict, public_key,
     * signature) and requirements.
     */
    public static final String DISCLOSURE_RECEIVED = "disclosure.received";
    /** An export bundle written (K3-2-1). Fields: disclosure_id, bundle_hash, recipient, camera, units. */
    public static final String EXPORT = "export";
    /**
     * A hold placed (invariant 3, K3-2-2). Fields: hold_id, camera, from, to, principal, reason, expires
     * (optional), placed_at, requirements, signature (the retention service's, see {@link HoldRecord}).
     */
    public static final String HOLD_PLACED = "hold.placed";
    /**
     * A hold released by an authorised principal (invariant 3). Fields: hold_id, camera, principal, reason,
     * released_at, requirements, signature; a release without a valid signature by the retention key releases
     * nothing ({@link HoldRecord}).
     */
    public static final String HOLD_RELEASED = "hold.released";
    /**
     * A hold that expired at the expiry recorded when it was placed. Fields: hold_id, camera, expires,
     * expired_at, requirements, signature ({@link HoldRecord}).
     */
    public static final String HOLD_EXPIRED = "hold.expired";
    /**
     * Erasure intent, logged before anything is erased (invariant 6). Fields: erasure_id, camera, sequence,
     * manifest_hash, method, reason ({@code "scheduled"}, {@code "forced"}, {@code "decommission"}).
     */
    public static final String ERASURE_INTENT = "erasure.intent";
    /**
     * Erasure receipt, logged after erasure (K3-2-3). Fields: erasure_id, camera, sequence (integer),
     * manifest_hash (lowercase hex SHA-256 of the segment manifest's signed bytes), hash_alg ({@code "sha-256"}),
     * method ({@code "crypto-erase"}, {@code "overwrite"}, {@code "delete"}), erased_at, principal, outcome
     * ({@code "erased"} or {@code "failed"}), note, reason, requirements, simulated (boolean), signature (the
     * retention service's, see {@link ErasureReceipt#signedBytes()}). The verifier reports a missing segment with
     * such a receipt as {@code SEGMENT_ERASED}, not as tampering, only when the signature is by a trusted
     * retention key and a signed checkpoint covers the record.
     */
    public static final String ERASURE_RECEIPT = "erasure.receipt";
    /**
     * A segment sealed (K3-2-4), appended by the recorder as it seals each segment, so the log knows every
     * segment that ever existed. Fields: camera, sequence, manifest_hash, hash_alg, start_us, end_us, unit_count,
     * requirements; see {@link SegmentSealed}.
     */
    public static final String SEGMENT_SEALED = "segment.sealed";
    /** A media sanitization certificate (K3-2-3, NIST SP 800-88 fields). */
    public static final String SANITIZATION = "sanitization.certificate";
    /** A camera decommissioned (K4-3-2): images erased, camera and signage removed, designations closed. */
    public static final String DECOMMISSION = "camera.decommissioned";
    /** Operating rules adopted or changed (K4-1, K5-2, S10). Fields: rules_id, version, profile, rules_hash. */
    public static final String RULES_CHANGED = "rules.changed";
    /** A recorder key registered or rotated. Fields: camera, key_id, previous_key_id. */
    public static final String KEY_REGISTERED = "key.registered";
}
