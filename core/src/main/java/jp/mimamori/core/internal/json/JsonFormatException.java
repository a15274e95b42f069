package jp.mimamori.core.internal.json;

import jp.mimamori.core.text.LocalizedText;

/**
 * The input is not JSON, or is JSON outside Mimamori's canonical profile (DESIGN.md, format ground rules).
 * The message starts with the JSON path of the offending value, such as
 * {@code "$.a[2]: floating-point numbers are not allowed (DESIGN format rules)"}; {@link #text()} gives the
 * same in Japanese and English, {@link #offset()} the byte offset in the input (−1 when encoding).
 */
public final class JsonFormatException extends Exception {
    private static final long serialVersionUID = 1L;

    private final String path;
    private final long offset;
    private final transient LocalizedText text;

    /**
     * A format error.
     *
     * @param path     JSON path of the offending value, {@code "$"} for the root
     * @param offset   byte offset in the input, or −1 when unknown
     * @param reasonEn what is wrong, in English
     * @param reasonJa what is wrong, in Japanese
     */
    public JsonFormatException(String path, long offset, String reasonEn, String reasonJa) {
        super(path + ": " + reasonEn);
        this.path = path;
        this.offset = offset;
        this.text = LocalizedText.of(path + ": " + reasonJa, path + ": " + reasonEn);
    }

    /** The JSON path of the offending value, {@code "$"} for the root, e.g. {@code "$.units[3].hash"}. */
    public String path() {
        return path;
    }

    /** Byte offset in the input where the problem was found, or −1. */
    public long offset() {
        return offset;
    }

    /** The message in Japanese and English (both start with the path). */
    public LocalizedText text() {
        return text;
    }
}
