package jp.mimamori.core.evidence;

import java.util.Optional;
import java.util.function.Function;

/** Looking up an enum constant by the name evidence records use for it; one loop for every such enum. */
final class WireNames {
    private WireNames() {}

    /** The constant of {@code values} whose wire name is {@code s}. */
    static <E> Optional<E> find(E[] values, Function<E, String> wireName, String s) {
        for (E e : values) {
            if (wireName.apply(e).equals(s)) {
                return Optional.of(e);
            }
        }
        return Optional.empty();
    }
}
