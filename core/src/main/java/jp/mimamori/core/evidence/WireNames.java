package jp.mimamori.core.evidence;

import java.util.Locale;
import java.util.Optional;

/**
 * The names evidence records use for enum constants: the constant's name in lower case with hyphens for
 * underscores ({@code CRYPTO_ERASE} is {@code crypto-erase}); one rule and one lookup for every such enum.
 */
final class WireNames {
    private WireNames() {}

    /** The wire name of {@code constant}. */
    static String of(Enum<?> constant) {
        return constant.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** The constant of {@code type} whose wire name is {@code s}. */
    static <E extends Enum<E>> Optional<E> find(Class<E> type, String s) {
        for (E e : type.getEnumConstants()) {
            if (of(e).equals(s)) {
                return Optional.of(e);
            }
        }
        return Optional.empty();
    }

    /** The constant of {@code type} whose wire name is {@code s}; else IllegalArgumentException {@code unknown + s}. */
    static <E extends Enum<E>> E parse(Class<E> type, String s, String unknown) {
        return find(type, s).orElseThrow(() -> new IllegalArgumentException(unknown + s));
    }
}
