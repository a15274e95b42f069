package jp.mimamori.core.model;

import jp.mimamori.core.internal.EnumLabels;
import jp.mimamori.core.text.LocalizedText;

/** Something the caller must do when it acts on a permit decision. Immutable and thread-safe. */
public enum Obligation {
    /** Log the viewing in the evidence log (K3-1-3). */
    LOG_VIEWING("K3-1-3"),
    /** Export only encrypted or access-controlled, and log it (K3-2-1). */
    PROTECT_EXPORT("K3-2-1"),
    /** Verify the recipient's identity before provision (K3-4). */
    VERIFY_RECIPIENT("K3-4"),
    /** Record date and time, recipient, reason and content provided (K3-4). */
    RECORD_DISCLOSURE("K3-4"),
    /** Mask third parties on the disclosed copy; the recorded images stay unmodified (K3-2-4). */
    MASK_THIRD_PARTIES("K3-2-4"),
    /** Limit the footage provided to the minimum the request needs (K2-2). */
    MINIMUM_FOOTAGE("K2-2");

    private final String requirement;

    Obligation(String requirement) {
        this.requirement = requirement;
    }

    /** The requirement the obligation keeps. */
    public String requirement() {
        return requirement;
    }

    /** What the caller must do, in Japanese and English. */
    public LocalizedText text() {
        return EnumLabels.of(this);
    }
}
