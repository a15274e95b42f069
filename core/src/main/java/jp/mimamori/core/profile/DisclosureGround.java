package jp.mimamori.core.profile;

import jp.mimamori.core.internal.EnumLabels;
import jp.mimamori.core.text.LocalizedText;

/**
 * A ground on which images may be provided to a third party (K3-4, S7); a profile lists those it allows.
 *
 * <p>Immutable and thread-safe.
 */
public enum DisclosureGround {
    /** K3-4 (1): required by law or regulation (a warrant, a court order, a statute). */
    LEGAL_OBLIGATION,
    /** K3-4 (2): a written request from an investigative agency for a crime or accident investigation. */
    INVESTIGATIVE_WRITTEN_REQUEST,
    /** S7: an official written request from the police or a public body to find a missing person. */
    MISSING_PERSON_OFFICIAL_REQUEST;

    /** The ground in Japanese and English. */
    public LocalizedText label() {
        return EnumLabels.of(this);
    }
}
