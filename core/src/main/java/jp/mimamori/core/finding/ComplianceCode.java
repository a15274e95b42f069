package jp.mimamori.core.finding;

/**
 * What a compliance finding is about (operating rules checked against a guideline profile); stable names that
 * tools and tests rely on. Severity and requirement IDs come from the check and the profile, not from the code.
 *
 * <pre>{@code
 * List<Finding> over = report.withCode(ComplianceCode.RETENTION_ABOVE_CEILING);
 * }</pre>
 *
 * <p>Immutable and thread-safe.
 */
public enum ComplianceCode implements FindingCode {
    /** The rules follow another profile or version than the one checked against (K5-2, S10). */
    PROFILE_MISMATCH,
    /** A camera has no signage record (K2-3). */
    SIGNAGE_MISSING,
    /** A camera has no capture area (K2-2). */
    CAPTURE_AREA_MISSING,
    /** A camera's capture area lists no privacy masks (K2-2). */
    PRIVACY_MASKS_NONE,
    /** Retention above the ceiling without an acceptable justification (K3-2-2, S1). */
    RETENTION_ABOVE_CEILING,
    /** Retention above the principle with a stated justification (K3-2-2). */
    RETENTION_JUSTIFIED,
    /** Retention below the profile's floor (S2). */
    RETENTION_BELOW_FLOOR,
    /** A camera at a site kind the profile does not cover (S4). */
    SITE_KIND_NOT_COVERED,
    /** No operation manager for a camera (K3-1-1). */
    NO_OPERATION_MANAGER,
    /**
     * A designation not made by the role that must make it, or made by a manager whose own designation was not in
     * force at that moment (K3-1-1, K3-1-2, K5-1).
     */
    DESIGNATION_CHAIN_BROKEN,
    /** A contractor designated without the contract clause binding it to the guideline and the rules (K5-1). */
    CONTRACT_CLAUSE_MISSING,
    /** A permit not issued by an operation manager in force at the moment of issue (K3-1-3). */
    PERMIT_NOT_BY_MANAGER,
    /** No penalty clause though the profile requires one (S6). */
    PENALTY_CLAUSE_MISSING,
    /** No inspection schedule (K4-3-1). */
    INSPECTION_MISSING,
    /** The next inspection is overdue, or none was ever recorded (K4-3-1). */
    INSPECTION_OVERDUE,
    /** An inquiry is unanswered past the answer period (K4-2). */
    INQUIRY_OVERDUE,
    /** An inquiry was answered after the answer period (K4-2). */
    INQUIRY_ANSWERED_LATE,
    /** Remote viewing is enabled for a principal (S5). */
    REMOTE_VIEWING_ENABLED,
    /** A remote-viewing grant to a principal with no designation or permit to view at all (S5). */
    REMOTE_VIEWING_WITHOUT_VIEWING_RIGHT,
    /**
     * A camera the guideline does not govern — declared to protect one person's property, or aimed only at private
     * ground — which must not be operated under these rules (K1-2).
     */
    OUTSIDE_GUIDELINE
}
