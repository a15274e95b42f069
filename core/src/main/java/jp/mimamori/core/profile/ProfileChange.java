package jp.mimamori.core.profile;

import java.time.LocalDate;
import java.util.Objects;
import jp.mimamori.core.text.LocalizedText;

/**
 * One entry of a profile's change history (K5-2, S10).
 *
 * <p>Immutable and thread-safe.
 *
 * @param version the profile version the change produced
 * @param date    when it took effect
 * @param summary what changed
 */
public record ProfileChange(String version, LocalDate date, LocalizedText summary) {
    /** Validates that every part is present. */
    public ProfileChange {
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(date, "date");
        Objects.requireNonNull(summary, "summary");
    }
}
