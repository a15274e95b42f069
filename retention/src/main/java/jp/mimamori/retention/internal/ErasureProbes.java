package jp.mimamori.retention.internal;

import java.io.IOException;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;

/**
 * Fault injection into write-ahead erasure, for crash tests only: a probe runs after each step of a batch and
 * throws to abort it there as a crash would. Not API: the erasure engine and the retention service register
 * how to reach their probe when their class loads, so no public method of theirs exposes the hook.
 */
public final class ErasureProbes {
    /** The steps of one erasure batch. */
    public enum Step { INTENT_JOURNALLED, INTENT_LOGGED, ERASED, ERASED_JOURNALLED, RECEIPT_LOGGED }

    /** Called after each step of each batch. */
    @FunctionalInterface
    public interface Probe {
        /** The probe that does nothing, the default. */
        Probe NONE = step -> { };

        /** Runs after {@code step}; throwing aborts the batch as a crash would. */
        void after(Step step) throws IOException;
    }

    private static final Map<Class<?>, BiConsumer<Object, Probe>> SETTERS = new ConcurrentHashMap<>();

    private ErasureProbes() {}

    /** Registers how to set the probe of instances of {@code type} (called from its static initialiser). */
    public static <T> void register(Class<T> type, BiConsumer<T, Probe> setter) {
        SETTERS.put(type, (o, p) -> setter.accept(type.cast(o), p));
    }

    /** Sets the probe of {@code target}, an erasure engine or a retention service. */
    public static void set(Object target, Probe probe) {
        Objects.requireNonNull(probe, "probe");
        BiConsumer<Object, Probe> setter = SETTERS.get(target.getClass());
        if (setter == null) {
            throw new IllegalArgumentException("target: no erasure probe in " + target.getClass().getName());
        }
        setter.accept(target, probe);
    }
}
