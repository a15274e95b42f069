package jp.mimamori.retention.hold;

import jp.mimamori.core.text.LocalizedText;

/**
 * A hold act refused: the principal is not authorised, or the hold does not exist. Nothing was changed.
 *
 * <p>Its state is fixed when it is thrown; safe to pass between threads.
 */
public final class HoldDeniedException extends Exception {
    private static final long serialVersionUID = 1L;
    private final transient LocalizedText text;

    /** A refusal with its bilingual explanation. */
    public HoldDeniedException(LocalizedText text) {
        super(text.en());
        this.text = text;
    }

    /** The explanation in Japanese and English. */
    public LocalizedText text() {
        return text;
    }
}
