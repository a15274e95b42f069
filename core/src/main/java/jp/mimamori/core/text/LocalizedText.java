package jp.mimamori.core.text;

import java.util.Locale;
import java.util.Objects;

/**
 * A message in Japanese and English. Guideline texts are Japanese; city IT staff and vendors may read either,
 * so every finding, decision and report carries both.
 *
 * <pre>{@code
 * LocalizedText t = LocalizedText.of("保存期間が上限を超えています", "retention exceeds the ceiling");
 * t.in(Locale.JAPANESE); // "保存期間が上限を超えています"
 * }</pre>
 *
 * <p>Immutable and thread-safe.
 *
 * @param ja the Japanese text, never blank
 * @param en the English text, never blank
 */
public record LocalizedText(String ja, String en) {

    /** Validates that both languages are present. */
    public LocalizedText {
        Objects.requireNonNull(ja, "ja");
        Objects.requireNonNull(en, "en");
        if (ja.isBlank() || en.isBlank()) {
            throw new IllegalArgumentException("ja and en must both be non-blank");
        }
    }

    /** Same as the canonical constructor; reads better at call sites. */
    public static LocalizedText of(String ja, String en) {
        return new LocalizedText(ja, en);
    }

    /** The text for {@code locale}: Japanese for {@code ja}, English for everything else. */
    public String in(Locale locale) {
        return "ja".equals(locale.getLanguage()) ? ja : en;
    }
}
