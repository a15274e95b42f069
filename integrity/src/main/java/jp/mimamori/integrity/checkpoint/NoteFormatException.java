package jp.mimamori.integrity.checkpoint;

import jp.mimamori.core.text.LocalizedText;

/**
 * A signed note, checkpoint or verifier key that breaks its format (C2SP signed-note, tlog-checkpoint) or one
 * of Mimamori's hard limits. The message names the part and the rule, in English ({@link #getMessage()}) and
 * Japanese ({@link #text()}).
 *
 * <p>Its state is fixed when it is thrown; safe to pass between threads.
 */
public final class NoteFormatException extends Exception {
    private static final long serialVersionUID = 1L;
    private final transient LocalizedText text;

    NoteFormatException(String ja, String en) {
        super(en);
        this.text = LocalizedText.of(ja, en);
    }

    /** The message in both languages. */
    public LocalizedText text() {
        return text;
    }
}
