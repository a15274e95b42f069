package jp.mimamori.integrity.bundle;

import jp.mimamori.core.text.LocalizedText;

/**
 * A bundle, or a part of one (its archive, manifest or a {@code tlog-proof}), that breaks the bundle v1 format or
 * one of its limits; the verifier reports it as {@code BUNDLE_MALFORMED}. The message names the entry and the
 * rule, in English ({@link #getMessage()}) and Japanese ({@link #text()}).
 *
 * <pre>{@code
 * try {
 *     TlogProof.parse(bytes);
 * } catch (BundleFormatException e) {
 *     System.err.println(e.text().in(Locale.JAPANESE));
 * }
 * }</pre>
 *
 * <p>Its state is fixed when it is thrown; safe to pass between threads.
 */
public final class BundleFormatException extends Exception {
    private static final long serialVersionUID = 1L;
    private final transient LocalizedText text;

    /** A format problem, said in Japanese and English. */
    public BundleFormatException(String ja, String en) {
        super(en);
        this.text = LocalizedText.of(ja, en);
    }

    /** The message in both languages. */
    public LocalizedText text() {
        return text;
    }
}
