package jp.mimamori.core.decision;

import java.util.Objects;

/**
 * One fact a decision used, such as {@code grant = designation d-op-tanaka: op-tanaka as OPERATOR}.
 *
 * <p>Immutable and thread-safe.
 *
 * @param name  what the fact is about: {@code principal}, {@code grant}, {@code camera}, {@code purpose}, …
 * @param value the fact
 */
public record Fact(String name, String value) {
    /** Validates that both are present. */
    public Fact {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(value, "value");
    }

    @Override
    public String toString() {
        return name + " = " + value;
    }
}
