package jp.mimamori.core.decision;

import java.time.Instant;

/**
 * Tells the engine whether a hold keeps footage beyond its retention period (such as the retention module's
 * holds), so that a disclosure of footage older than the period is decided on what still exists. Must be
 * thread-safe; called only for disclosure requests of footage older than the camera's retention.
 *
 * <pre>{@code
 * FootageHolds holds = (camera, from, to) -> holdRegister.covers(camera, from, to);
 * }</pre>
 */
@FunctionalInterface
public interface FootageHolds {
    /** No holds at all: footage older than its retention period is taken as erased. The default. */
    FootageHolds NONE = (camera, from, to) -> false;

    /** Whether a hold keeps {@code camera}'s footage from {@code from} to {@code to}, wholly or in part. */
    boolean held(String camera, Instant from, Instant to);
}
