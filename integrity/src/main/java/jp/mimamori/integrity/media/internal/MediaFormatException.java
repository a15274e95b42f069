package jp.mimamori.integrity.media.internal;

/** A media file does not follow its container format; the message names the byte offset and the rule. */
public final class MediaFormatException extends Exception {
    private static final long serialVersionUID = 1L;

    /** A failure with a message naming where and what. */
    public MediaFormatException(String message) {
        super(message);
    }
}
