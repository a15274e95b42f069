package jp.mimamori.core.decision;

/** What a disclosure request rests on. */
public enum BasisKind {
    /** A statute or a compulsory order: a warrant, a court order, a legal duty to provide (K3-4 (1)). */
    STATUTE,
    /**
     * A written request: an investigative agency's inquiry (捜査関係事項照会, voluntary, S8) or a public body's
     * official request (S7). Necessary, not sufficient.
     */
    WRITTEN_REQUEST,
    /** Asked orally: never enough (K3-4 (2) requires writing). */
    ORAL,
    /** No basis stated. */
    NONE
}
