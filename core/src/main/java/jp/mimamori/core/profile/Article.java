package jp.mimamori.core.profile;

import java.util.Objects;
import jp.mimamori.core.text.LocalizedText;

/**
 * One article of a guideline, or one point of a council's minutes: the ID decisions cite and its title.
 *
 * <p>Immutable and thread-safe.
 *
 * @param id    the requirement ID, such as {@code K3-2-2}
 * @param title the article's title in Japanese (as in the source) and English
 */
public record Article(String id, LocalizedText title) {
    /** Validates both fields. */
    public Article {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(title, "title");
        if (!id.matches("[A-Z][A-Z0-9]*(-[0-9A-Za-z]+)*")) {
            throw new IllegalArgumentException("id: \"" + id + "\" is not a requirement ID such as K3-2-2");
        }
    }
}
