package jp.mimamori.recorder.live;

import java.io.IOException;

/**
 * A live stream's bytes do not follow its container format (a bad sync byte, a malformed PES header); the
 * message names the byte offset and the rule. Bad input, not an I/O failure: {@code mimamori record} exits 2.
 * Immutable; thread-safe.
 *
 * <pre>{@code
 * try {
 *     cutter.feedAll(in);
 * } catch (StreamFormatException e) {
 *     System.err.println(e.getMessage());
 * }
 * }</pre>
 */
public final class StreamFormatException extends IOException {
    private static final long serialVersionUID = 1L;

    /** A failure with a message naming where and what. */
    public StreamFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
