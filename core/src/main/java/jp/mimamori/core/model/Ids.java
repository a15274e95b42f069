package jp.mimamori.core.model;

import java.util.Objects;
import java.util.regex.Pattern;

/** Identifier rules shared by the model's records. */
final class Ids {
    /** The form of every id in operating rules: what {@code SegmentRef} accepts for cameras too. */
    static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    private Ids() {}

    static String id(String value, String field) {
        Objects.requireNonNull(value, field);
        if (!ID.matcher(value).matches()) {
            throw new IllegalArgumentException(field + ": \"" + clip(value)
                    + "\" is not an id (letters, digits, '.', '_', '-', at most 64)");
        }
        return value;
    }

    static String text(String value, String field) {
        Objects.requireNonNull(value, field);
        if (value.isBlank()) {
            throw new IllegalArgumentException(field + ": must not be blank");
        }
        return value;
    }

    static String clip(String s) {
        return s.length() <= 40 ? s : s.substring(0, 40) + "…";
    }
}
