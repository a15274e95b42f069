package jp.mimamori.core.decision;

/**
 * What a disclosure request rests on. Only a warrant, a court order and a statute that obliges provision are
 * compulsory (K3-4 (1)); they stand without S8's purpose test, and the decision names which one it was. Every
 * other request is voluntary and must also fit the camera's purposes (S8) — including a police inquiry under
 * Article 197(2) of the Code of Criminal Procedure (捜査関係事項照会), whatever basis the clerk ticked.
 *
 * <p>Immutable and thread-safe.
 */
public enum BasisKind {
    /** A warrant (令状), such as a search and seizure warrant under Art. 218 of the Code of Criminal Procedure. */
    WARRANT,
    /** A court's order (裁判所の命令) addressed to the installer. */
    COURT_ORDER,
    /**
     * A statute that obliges provision, named in the request's {@code statute}; without the statute named, or when
     * the statute named is Art. 197(2) (a voluntary inquiry), it does not count as compulsory.
     */
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
