package jp.mimamori.core.profile;

/**
 * The subjects a guideline rules on, as the engine and the compliance check know them. A profile maps each
 * topic to the IDs of its own articles, so decisions and findings cite the article of the guideline in force.
 * The {@linkplain #optional() optional} topics switch a check on only when the profile names them (a floor on
 * retention, covered site kinds, a penalty clause).
 *
 * <p>Immutable and thread-safe.
 */
public enum Topic {
    /** Purpose limitation (K2-1). */
    PURPOSE(false),
    /** Minimal capture area and privacy masks (K2-2). */
    CAPTURE_AREA(false),
    /** Signage (K2-3). */
    SIGNAGE(false),
    /** Operation manager designated by the installer (K3-1-1). */
    OPERATION_MANAGER(false),
    /** Operators designated by the operation manager (K3-1-2). */
    OPERATOR(false),
    /** Operation and viewing restricted; others need a manager's permit (K3-1-3). */
    VIEWING(false),
    /** Protection of recorders, media, copies and transmission (K3-2-1). */
    IMAGE_PROTECTION(false),
    /** Retention ceiling (K3-2-2, S1). */
    RETENTION_CEILING(false),
    /** Retention floor (S2). */
    RETENTION_FLOOR(true),
    /** Confidentiality, also after leaving the role (K3-3). */
    CONFIDENTIALITY(false),
    /** Provision to third parties only on allowed grounds (K3-4). */
    DISCLOSURE(false),
    /** A written request must also fit the camera's purpose (S8). */
    DISCLOSURE_PURPOSE(false),
    /** Individuals are sent the proper route (S9). */
    INDIVIDUAL_REQUEST(false),
    /** Missing persons through an official request only (S7). */
    MISSING_PERSON(false),
    /** Remote viewing only when enabled for a principal and site (S5). */
    REMOTE_VIEWING(false),
    /** The operating rules themselves (K4-1). */
    RULES_DOCUMENT(false),
    /** Inquiry register (K4-2). */
    INQUIRIES(false),
    /** Regular inspection (K4-3-1). */
    INSPECTION(false),
    /** Contractors bound by a contract clause (K5-1). */
    CONTRACTOR(false),
    /** Site kinds the guideline covers (S4). */
    SITE_COVERAGE(true),
    /** Penalty clause in the rules (S6). */
    PENALTY_CLAUSE(true),
    /** The guideline is versioned and reviewed (K5-2, S10). */
    REVIEW(false),
    /** What the guideline governs: cameras aimed at public places for crime prevention (K1-2). */
    GUIDELINE_SCOPE(true);

    private final boolean optional;

    Topic(boolean optional) {
        this.optional = optional;
    }

    /** Whether a profile may leave the topic out, which switches its check off. */
    public boolean optional() {
        return optional;
    }
}
