package jp.mimamori.core.decision;

import jp.mimamori.core.text.LocalizedText;

/** Who asks for images to be provided (K3-4, S7, S9). */
public enum RequesterKind {
    /** 捜査機関: police, public prosecutors. */
    INVESTIGATIVE_AGENCY("捜査機関", "investigative agency"),
    /** 裁判所. */
    COURT("裁判所", "court"),
    /** 公的機関: a city, a board of education, another public body. */
    PUBLIC_BODY("公的機関", "public body"),
    /** 個人. */
    PRIVATE_INDIVIDUAL("個人", "private individual"),
    /** 民間団体・事業者. */
    PRIVATE_ORGANIZATION("民間団体・事業者", "private organization");

    private final LocalizedText label;

    RequesterKind(String ja, String en) {
        this.label = LocalizedText.of(ja, en);
    }

    /** The kind in Japanese and English. */
    public LocalizedText label() {
        return label;
    }
}
