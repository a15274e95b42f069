package jp.mimamori.core.decision;

import jp.mimamori.core.internal.EnumLabels;
import jp.mimamori.core.text.LocalizedText;

/** Who asks for images to be provided (K3-4, S7, S9). Immutable and thread-safe. */
public enum RequesterKind {
    /** 捜査機関: police, public prosecutors. */
    INVESTIGATIVE_AGENCY,
    /** 裁判所. */
    COURT,
    /** 公的機関: a city, a board of education, another public body. */
    PUBLIC_BODY,
    /** 個人. */
    PRIVATE_INDIVIDUAL,
    /** 民間団体・事業者. */
    PRIVATE_ORGANIZATION;

    /** The kind in Japanese and English. */
    public LocalizedText label() {
        return EnumLabels.of(this);
    }
}
