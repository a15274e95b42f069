package jp.mimamori.core.model;

import java.util.Objects;
import jp.mimamori.core.internal.id.IdSyntax;

/** Identifier rules shared by the model's records. */
final class Ids {
    private Ids() {}

    /** The form of every id in operating rules, the one every camera id has too ({@link IdSyntax}). */
    static String id(String value, String field) {
        return IdSyntax.require(value, field);
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
