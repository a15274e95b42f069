package jp.mimamori.core.decision;

import jp.mimamori.core.internal.EnumLabels;
import jp.mimamori.core.text.LocalizedText;

/** How exported images are protected against leaks (K3-2-1). Immutable and thread-safe. */
public enum ExportProtection {
    /** Encrypted to one recipient (such as a CMS-encrypted export bundle). */
    ENCRYPTED_TO_RECIPIENT,
    /** Kept in an access-controlled store (such as the city's evidence server). */
    ACCESS_CONTROLLED_STORE,
    /** Written to media anyone holding them can read: always denied (K3-2-1). */
    UNPROTECTED;

    /** The protection in Japanese and English. */
    public LocalizedText label() {
        return EnumLabels.of(this);
    }
}
