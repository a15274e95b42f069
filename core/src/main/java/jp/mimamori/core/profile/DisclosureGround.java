package jp.mimamori.core.profile;

import jp.mimamori.core.text.LocalizedText;

/** A ground on which images may be provided to a third party (K3-4, S7); a profile lists those it allows. */
public enum DisclosureGround {
    /** K3-4 (1): required by law or regulation (a warrant, a court order, a statute). */
    LEGAL_OBLIGATION("法令等に定めがある場合", "required by law or regulation"),
    /** K3-4 (2): a written request from an investigative agency for a crime or accident investigation. */
    INVESTIGATIVE_WRITTEN_REQUEST("捜査機関から犯罪又は事故の捜査の目的で文書により要請を受けた場合",
            "written request from an investigative agency for a crime or accident investigation"),
    /** S7: an official written request from the police or a public body to find a missing person. */
    MISSING_PERSON_OFFICIAL_REQUEST("行方不明者の捜索のため警察又は公的機関から文書により要請を受けた場合",
            "official written request from the police or a public body to find a missing person");

    private final LocalizedText label;

    DisclosureGround(String ja, String en) {
        this.label = LocalizedText.of(ja, en);
    }

    /** The ground in Japanese and English. */
    public LocalizedText label() {
        return label;
    }
}
